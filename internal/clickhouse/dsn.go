package clickhouse

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
)

// EnvEngine is the environment variable that names the engine URL, the
// way to pass a password without it showing in the process list.
const EnvEngine = "FUNNELSCOPE_ENGINE"

// DSN is a parsed engine URL, clickhouse://user:pass@host:8123/db.
type DSN struct {
	User, Password string
	Host           string // host:port of the HTTP interface
	Database       string
	Secure         bool // https (clickhouses:// or ?secure=1)
	// fromEnv says the URL came from FUNNELSCOPE_ENGINE, so that Redacted
	// can point there instead of showing a password.
	fromEnv bool
}

// IsURL reports whether s names a ClickHouse engine (its scheme is
// clickhouse:// or clickhouses://).
func IsURL(s string) bool {
	return strings.HasPrefix(s, "clickhouse://") || strings.HasPrefix(s, "clickhouses://")
}

// ParseDSN parses an engine URL. Errors never quote the password: they
// name the URL in its redacted form.
func ParseDSN(raw string) (DSN, error) {
	var d DSN
	u, err := url.Parse(raw)
	if err != nil {
		// url's own error quotes the whole URL, password and all.
		return d, fmt.Errorf("engine URL %s: not a URL", redactRaw(raw))
	}
	switch u.Scheme {
	case "clickhouse":
	case "clickhouses":
		d.Secure = true
	default:
		return d, fmt.Errorf("engine URL %s: the scheme must be clickhouse:// (or clickhouses:// for https)", redactRaw(raw))
	}
	if u.User != nil {
		d.User = u.User.Username()
		d.Password, _ = u.User.Password()
	}
	d.Host = u.Host
	if d.Host == "" {
		return d, fmt.Errorf("engine URL %s: no host", redactRaw(raw))
	}
	if u.Port() == "" {
		d.Host += ":8123"
	}
	d.Database = strings.Trim(u.Path, "/")
	if d.Database == "" {
		d.Database = "default"
	}
	if !identRE.MatchString(d.Database) {
		return d, fmt.Errorf("engine URL %s: database %q must be letters, digits and _", redactRaw(raw), d.Database)
	}
	if u.Query().Get("secure") == "1" {
		d.Secure = true
	}
	return d, nil
}

// FromEnv parses FUNNELSCOPE_ENGINE; ok is false when it is unset.
func FromEnv() (d DSN, ok bool, err error) {
	raw := os.Getenv(EnvEngine)
	if raw == "" {
		return d, false, nil
	}
	d, err = ParseDSN(raw)
	d.fromEnv = true
	if err != nil {
		return d, true, fmt.Errorf("%s: %w", EnvEngine, err)
	}
	return d, true, nil
}

// FromEnv marks d as given through FUNNELSCOPE_ENGINE (Redacted then
// names the variable instead of ***).
func (d DSN) FromEnv() DSN { d.fromEnv = true; return d }

// Redacted is the URL to show anywhere (logs, errors, the screen, exports):
// the password is replaced by $FUNNELSCOPE_ENGINE when it came from
// there, else by ***.
func (d DSN) Redacted() string {
	scheme := "clickhouse"
	if d.Secure {
		scheme = "clickhouses"
	}
	user := ""
	switch {
	case d.Password != "" && d.fromEnv:
		user = d.User + ":$" + EnvEngine + "@"
	case d.Password != "":
		user = d.User + ":***@"
	case d.User != "":
		user = d.User + "@"
	}
	return scheme + "://" + user + d.Host + "/" + d.Database
}

// String is Redacted, so that printing a DSN by mistake shows no password.
func (d DSN) String() string { return d.Redacted() }

// GoString is Redacted too (%#v).
func (d DSN) GoString() string { return d.Redacted() }

// baseURL is the HTTP endpoint, without credentials (they travel as basic
// auth, so that no error that quotes the URL can show them).
func (d DSN) baseURL() string {
	if d.Secure {
		return "https://" + d.Host + "/"
	}
	return "http://" + d.Host + "/"
}

// userInfoRE finds the user:password@ part of something URL-like.
var userInfoRE = regexp.MustCompile(`^([a-z]+://[^:@/]*):[^@/]*@`)

// redactRaw hides the password of a URL that did not parse.
func redactRaw(raw string) string {
	return userInfoRE.ReplaceAllString(raw, "$1:***@")
}

// identRE is what this package accepts as a database or table name: no
// quoting needed on any server.
var identRE = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// errNoIdent is returned for names that identRE rejects.
var errNoIdent = errors.New("must be letters, digits and _, not starting with a digit")

// CheckIdent checks that name can be used as a database or table name.
func CheckIdent(name string) error {
	if !identRE.MatchString(name) {
		return fmt.Errorf("name %q: %w", name, errNoIdent)
	}
	return nil
}
