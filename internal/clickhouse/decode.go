package clickhouse

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
)

// QueryJSON runs sql with FORMAT JSONEachRow appended and calls fn with
// each row's JSON object, in order.
func (c *Client) QueryJSON(ctx context.Context, sql string, fn func(row []byte) error) error {
	body, err := c.Query(ctx, sql+"\nFORMAT JSONEachRow")
	if err != nil {
		return err
	}
	return scanLines(body, fn)
}

// QueryRows runs sql as JSONEachRow and decodes every row into a T (a
// struct with json tags matching the column names, or a map).
func QueryRows[T any](ctx context.Context, c *Client, sql string) ([]T, error) {
	var out []T
	err := c.QueryJSON(ctx, sql, func(row []byte) error {
		var v T
		if err := json.Unmarshal(row, &v); err != nil {
			return fmt.Errorf("clickhouse: decode row %d: %w", len(out)+1, err)
		}
		out = append(out, v)
		return nil
	})
	return out, err
}

// QueryTSV runs sql with FORMAT TabSeparated appended and calls fn with
// each row's fields, unescaped. fields is reused between calls.
func (c *Client) QueryTSV(ctx context.Context, sql string, fn func(fields []string) error) error {
	body, err := c.Query(ctx, sql+"\nFORMAT TabSeparated")
	if err != nil {
		return err
	}
	var fields []string
	return scanLines(body, func(line []byte) error {
		fields = fields[:0]
		for _, f := range strings.Split(string(line), "\t") {
			fields = append(fields, UnescapeTSV(f))
		}
		return fn(fields)
	})
}

// QueryValue runs sql, which returns one row of one column, and returns it
// as text ("" when there is no row).
func (c *Client) QueryValue(ctx context.Context, sql string) (string, error) {
	var v string
	err := c.QueryTSV(ctx, sql, func(f []string) error {
		v = f[0]
		return nil
	})
	return v, err
}

// ServerVersion is the server's version, as version() says ("18.16.1").
func (c *Client) ServerVersion(ctx context.Context) (string, error) {
	return c.QueryValue(ctx, "SELECT version()")
}

// tsvEscaper escapes a field for TabSeparated, as the server expects.
var tsvEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\n", `\n`, "\r", `\r`, "\x00", `\0`)

// EscapeTSV is s as a TabSeparated field.
func EscapeTSV(s string) string { return tsvEscaper.Replace(s) }

// UnescapeTSV reverses the server's TabSeparated escaping of one field.
func UnescapeTSV(s string) string {
	if !strings.Contains(s, `\`) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] != '\\' || i+1 == len(s) {
			b.WriteByte(s[i])
			continue
		}
		i++
		b.WriteByte(unescapeByte(s[i]))
	}
	return b.String()
}

func unescapeByte(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	case '0':
		return 0
	case 'b':
		return '\b'
	case 'f':
		return '\f'
	}
	return c
}
