package sshserve

import (
	"bufio"
	"bytes"
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"os"
	"strconv"
	"sync"
	"time"

	"github.com/charmbracelet/ssh"
	gossh "golang.org/x/crypto/ssh"
)

// authorizedKeys is an OpenSSH authorized_keys file, parsed again whenever
// its size or modification time changes, so adding a teammate
// needs no restart.
type authorizedKeys struct {
	path   string
	logger *slog.Logger

	mu     sync.Mutex
	stamp  fileStamp
	keys   map[string][]keyRule // by marshalled public key, in file order
	broken string               // why nobody is let in now; "" while the file is usable
}

type fileStamp struct {
	size    int64
	modTime time.Time
}

func newAuthorizedKeys(path string, logger *slog.Logger) (*authorizedKeys, error) {
	a := &authorizedKeys{path: path, logger: logger}
	if err := a.reload(); err != nil {
		return nil, err
	}
	return a, nil
}

// count is the number of keys loaded now.
func (a *authorizedKeys) count() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.keys)
}

// allows finds the first line listing key whose options admit a login
// from ip now, as sshd does. It returns that line's rule, or why key is
// refused. A file that is missing, unreadable or writable by others lets
// nobody in until it is fixed: deleting a key file must lock its keys out.
func (a *authorizedKeys) allows(key gossh.PublicKey, ip netip.Addr) (keyRule, string) {
	_ = a.reload() // a failure empties the list and is logged by reload
	a.mu.Lock()
	rules, broken := a.keys[string(key.Marshal())], a.broken
	a.mu.Unlock()
	if broken != "" {
		return keyRule{}, "authorized keys unusable: " + broken
	}
	if len(rules) == 0 {
		return keyRule{}, "not in the authorized keys"
	}
	why := ""
	for _, r := range rules {
		if why = r.refusal(ip, time.Now()); why == "" {
			return r, ""
		}
	}
	return keyRule{}, why
}

func (a *authorizedKeys) reload() error {
	fi, err := os.Stat(a.path)
	if err == nil {
		err = checkKeysFile(a.path, fi)
	}
	if err != nil {
		a.lockOut(err)
		return fmt.Errorf("authorized keys: %w", err)
	}
	st := fileStamp{size: fi.Size(), modTime: fi.ModTime()}
	a.mu.Lock()
	same := a.keys != nil && a.broken == "" && a.stamp.size == st.size && a.stamp.modTime.Equal(st.modTime)
	a.mu.Unlock()
	if same {
		return nil
	}
	data, err := os.ReadFile(a.path)
	if err != nil {
		a.lockOut(err)
		return fmt.Errorf("authorized keys: %w", err)
	}
	keys := parseAuthorizedKeys(data, func(line int, err error) {
		a.logger.Error("authorized keys: LINE SKIPPED: it lets no key in", "file", a.path, "line", line, "err", err)
	})
	a.mu.Lock()
	a.stamp, a.keys, a.broken = st, keys, ""
	a.mu.Unlock()
	a.logger.Info("authorized keys loaded", "file", a.path, "keys", len(keys))
	return nil
}

// lockOut empties the list, logging once per new reason; at start (no
// list yet) the caller reports the error instead.
func (a *authorizedKeys) lockOut(err error) {
	a.mu.Lock()
	changed := a.keys != nil && a.broken != err.Error()
	a.stamp, a.keys, a.broken = fileStamp{}, map[string][]keyRule{}, err.Error()
	a.mu.Unlock()
	if changed {
		a.logger.Error("authorized keys unusable: NOBODY is let in until it is fixed", "file", a.path, "err", err)
	}
}

// parseAuthorizedKeys skips (and reports) lines it cannot read or whose
// options it cannot honour: one bad line must not lock out everyone else.
func parseAuthorizedKeys(data []byte, bad func(line int, err error)) map[string][]keyRule {
	keys := map[string][]keyRule{}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	for n := 1; sc.Scan(); n++ {
		line := bytes.TrimSpace(sc.Bytes())
		if len(line) == 0 || line[0] == '#' {
			continue
		}
		k, _, opts, _, err := gossh.ParseAuthorizedKey(line)
		var rule keyRule
		if err == nil {
			rule, err = parseKeyOptions(opts)
		}
		if err != nil {
			bad(n, err)
			continue
		}
		rule.line = n
		keys[string(k.Marshal())] = append(keys[string(k.Marshal())], rule)
	}
	return keys
}

// noPTYExt marks, in a login's permissions, a key whose line has restrict
// or no-pty; its value is the line number, for the log.
const noPTYExt = "funnelscope-no-pty"

func markNoPTY(p *ssh.Permissions, line int) {
	if p.Extensions == nil {
		p.Extensions = map[string]string{}
	}
	p.Extensions[noPTYExt] = strconv.Itoa(line)
}

// noPTY says whether the login's key may not have a terminal, and why.
func noPTY(p *ssh.Permissions) (string, bool) {
	if p == nil || p.Permissions == nil {
		return "", false
	}
	line, ok := p.Extensions[noPTYExt]
	return line, ok
}

// remoteIP is the client's address, IPv4 unmapped, as from= sees it.
func remoteIP(a net.Addr) netip.Addr {
	if t, ok := a.(*net.TCPAddr); ok {
		return t.AddrPort().Addr().Unmap()
	}
	ap, err := netip.ParseAddrPort(a.String())
	if err != nil {
		return netip.Addr{}
	}
	return ap.Addr().Unmap()
}
