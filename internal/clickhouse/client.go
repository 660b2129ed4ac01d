package clickhouse

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/funnelscope/funnelscope/internal/textsafe"
)

// Client runs SQL on one database of a ClickHouse server through its HTTP
// interface. It is safe for concurrent use.
type Client struct {
	dsn  DSN
	http *http.Client
	// settings go on every request's URL: they work on 18.16 and current
	// releases alike (see defaultSettings).
	settings url.Values
}

// defaultSettings are sent with every request:
//   - output_format_json_quote_64bit_integers=0: 18.16 quotes UInt64 and
//     Int64 in JSON otherwise, and counts would decode as strings;
//   - insert_distributed_sync=1: an insert into a Distributed table
//     returns only once every shard has the rows, so they are visible at
//     once (asynchronous by default).
var defaultSettings = map[string]string{
	"output_format_json_quote_64bit_integers": "0",
	"insert_distributed_sync":                 "1",
}

// New returns a client for d. It does not connect: Ping does.
func New(d DSN) *Client {
	s := url.Values{}
	for k, v := range defaultSettings {
		s.Set(k, v)
	}
	s.Set("database", d.Database)
	return &Client{dsn: d, http: &http.Client{}, settings: s}
}

// DSN is the engine URL the client was made from.
func (c *Client) DSN() DSN { return c.dsn }

// Database is the database the client's SQL runs in.
func (c *Client) Database() string { return c.dsn.Database }

// Redacted is the client's engine URL without its password.
func (c *Client) Redacted() string { return c.dsn.Redacted() }

// WithDatabase returns a client on another database of the same server.
func (c *Client) WithDatabase(db string) *Client {
	d := c.dsn
	d.Database = db
	n := New(d)
	n.http = c.http
	return n
}

// Ping checks that the server answers (GET /ping, which needs no login).
func (c *Client) Ping(ctx context.Context) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.dsn.baseURL()+"ping", nil)
	if err != nil {
		return fmt.Errorf("clickhouse %s: %w", c.Redacted(), err)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return fmt.Errorf("clickhouse %s: no answer: %w", c.Redacted(), unwrapURL(err))
	}
	defer drainClose(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("clickhouse %s: ping: HTTP %d", c.Redacted(), resp.StatusCode)
	}
	return nil
}

// Query runs sql and returns the response body as it streams: sql names
// its own FORMAT. The caller must close the body. When ctx ends the query
// is killed on the server (see cancelOnDone): closing the connection does
// not stop a query on 18.16.
func (c *Client) Query(ctx context.Context, sql string) (io.ReadCloser, error) {
	return c.do(ctx, sql, nil, nil)
}

// Exec runs a statement that returns nothing worth reading (DDL, INSERT
// ... SELECT).
func (c *Client) Exec(ctx context.Context, sql string) error {
	body, err := c.do(ctx, sql, nil, nil)
	if err != nil {
		return err
	}
	return closeChecked(body)
}

// Insert streams r into table, in format (TabSeparated, JSONEachRow, ...):
// the rows travel as the request body, so the caller can produce them as
// it reads its own input.
func (c *Client) Insert(ctx context.Context, table, format string, r io.Reader) error {
	if err := CheckIdent(table); err != nil {
		return fmt.Errorf("insert: %w", err)
	}
	sql := "INSERT INTO " + table + " FORMAT " + format
	body, err := c.do(ctx, sql, r, nil)
	if err != nil {
		return err
	}
	return closeChecked(body)
}

// do sends sql (in the URL's query parameter when body is set, else as the
// POST body) with extra settings, and returns the body of a 200 answer.
func (c *Client) do(ctx context.Context, sql string, body io.Reader, extra url.Values) (io.ReadCloser, error) {
	params := url.Values{}
	for k, v := range c.settings {
		params[k] = v
	}
	for k, v := range extra {
		params[k] = v
	}
	id := newQueryID()
	params.Set("query_id", id)
	if body != nil {
		params.Set("query", sql)
	} else {
		body = strings.NewReader(sql)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.dsn.baseURL()+"?"+params.Encode(), body)
	if err != nil {
		return nil, fmt.Errorf("clickhouse %s: %w", c.Redacted(), err)
	}
	if c.dsn.User != "" || c.dsn.Password != "" {
		req.SetBasicAuth(c.dsn.User, c.dsn.Password)
	}
	stop := c.cancelOnDone(ctx, id)
	resp, err := c.http.Do(req)
	if err != nil {
		stop()
		return nil, c.requestError(ctx, sql, err)
	}
	if resp.StatusCode != http.StatusOK {
		stop()
		defer drainClose(resp.Body)
		return nil, serverError(resp, sql)
	}
	return &stoppingBody{ReadCloser: resp.Body, stop: stop}, nil
}

// cancelOnDone kills query id on the server when ctx ends before the
// returned stop is called. On 18.16 an HTTP client that goes away does not
// stop a SELECT that has not yet written (an aggregation), and
// cancel_http_readonly_queries_on_client_close does not exist there
// (Unknown setting): KILL QUERY works on both.
func (c *Client) cancelOnDone(ctx context.Context, id string) (stop func()) {
	unregister := context.AfterFunc(ctx, func() { c.kill(id) })
	return func() { unregister() }
}

// kill asks the server to stop query id, briefly and ignoring failure: the
// query may have ended already.
func (c *Client) kill(id string) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	body, err := c.do(ctx, "KILL QUERY WHERE query_id = "+Quote(id)+" ASYNC FORMAT TabSeparated", nil, nil)
	if err == nil {
		drainClose(body)
	}
}

// requestError words a failed request: interrupted when ctx ended,
// else the transport's error without the URL (it holds the SQL).
func (c *Client) requestError(ctx context.Context, sql string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("clickhouse %s: %s: %w", c.Redacted(), summary(sql), ctx.Err())
	}
	return fmt.Errorf("clickhouse %s: %s: %w", c.Redacted(), summary(sql), unwrapURL(err))
}

// ServerError is a query the server refused or failed: its HTTP status
// and the first line of its message, escaped for a terminal.
type ServerError struct {
	Status  int
	Code    int // ClickHouse's error code (62 syntax error, 60 unknown table, ...), 0 if none
	Message string
	SQL     string // the statement's first words, for context
}

func (e *ServerError) Error() string {
	return fmt.Sprintf("clickhouse: %s: %s", e.SQL, e.Message)
}

// serverError reads a non-200 answer: ClickHouse puts its exception text in
// the body ("Code: 60, e.displayText() = DB::Exception: Table ... doesn't
// exist, e.what() = DB::Exception").
func serverError(resp *http.Response, sql string) error {
	head, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	msg := firstLine(string(head))
	if msg == "" {
		msg = "HTTP " + resp.Status
	}
	var code int
	_, _ = fmt.Sscanf(msg, "Code: %d", &code)
	return &ServerError{Status: resp.StatusCode, Code: code, Message: textsafe.Display(cleanMessage(msg)), SQL: summary(sql)}
}

// cleanMessage drops 18.16's "e.displayText() = " and ", e.what() = ..."
// wrapping around the message.
func cleanMessage(msg string) string {
	msg = strings.Replace(msg, "e.displayText() = ", "", 1)
	if i := strings.LastIndex(msg, ", e.what() = "); i > 0 {
		msg = msg[:i]
	}
	return msg
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// summary is the first words of sql, enough to say which statement failed
// without quoting values (a pushed event's properties) into an error.
func summary(sql string) string {
	s := strings.Join(strings.Fields(sql), " ")
	if len(s) > 60 {
		s = s[:60] + "…"
	}
	return textsafe.Display(s)
}

// stoppingBody unregisters the kill-on-cancel when the body is closed.
type stoppingBody struct {
	io.ReadCloser
	stop func()
}

func (b *stoppingBody) Close() error {
	b.stop()
	return b.ReadCloser.Close()
}

// closeChecked reads body to its end and closes it: the server reports an
// error met after it started answering at the end of the body.
func closeChecked(body io.ReadCloser) error {
	defer func() { _ = body.Close() }()
	rest, err := io.ReadAll(io.LimitReader(body, 1<<20))
	if err != nil {
		return fmt.Errorf("clickhouse: read answer: %w", err)
	}
	return appendedError(string(rest))
}

// appendedError is the exception the server appended to an answer it had
// begun with status 200, nil when s holds none.
func appendedError(s string) error {
	i := strings.Index(s, "Code: ")
	if i < 0 || !strings.Contains(s[i:], "Exception") {
		return nil
	}
	return &ServerError{Status: http.StatusOK, Message: textsafe.Display(cleanMessage(firstLine(s[i:])))}
}

func drainClose(r io.ReadCloser) {
	_, _ = io.Copy(io.Discard, io.LimitReader(r, 1<<16))
	_ = r.Close()
}

// unwrapURL drops *url.Error's "Post <url>:" prefix: the URL carries the
// SQL, which can be long and hold values.
func unwrapURL(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

func newQueryID() string {
	b := make([]byte, 12)
	_, _ = rand.Read(b)
	return "funnelscope-" + hex.EncodeToString(b)
}

// Quote is s as a ClickHouse string literal.
func Quote(s string) string {
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('\'')
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\', '\'':
			b.WriteByte('\\')
			b.WriteByte(c)
		case '\n':
			b.WriteString(`\n`)
		case '\t':
			b.WriteString(`\t`)
		case '\r':
			b.WriteString(`\r`)
		case 0:
			b.WriteString(`\0`)
		default:
			b.WriteByte(c)
		}
	}
	b.WriteByte('\'')
	return b.String()
}

// scanLines calls fn with each line of body (without its newline), then
// closes body; an exception the server appended mid-stream is an error.
func scanLines(body io.ReadCloser, fn func(line []byte) error) error {
	defer func() { _ = body.Close() }()
	sc := bufio.NewScanner(body)
	sc.Buffer(make([]byte, 64<<10), 256<<20)
	for sc.Scan() {
		line := sc.Bytes()
		if len(line) > 6 && string(line[:6]) == "Code: " {
			if err := appendedError(string(line)); err != nil {
				return err
			}
		}
		if err := fn(line); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("clickhouse: read answer: %w", err)
	}
	return nil
}
