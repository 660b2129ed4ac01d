package ingest

import (
	"bytes"
	"strconv"
	"unicode/utf8"

	"github.com/dustin/go-humanize"
)

// maxErrorText bounds the text of a row error, and maxArgText each piece
// of data quoted in it: a hostile file's field or nesting must not become
// a 14 KB line.
const maxErrorText, maxArgText = 300, 64

// clipText cuts s to maxErrorText bytes.
func clipText(s string) string { return clipTo(s, maxErrorText) }

// clipTo cuts s to at most n bytes, at a character boundary, marking the cut.
func clipTo(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// quoteClipped quotes the start of s for an error message.
func quoteClipped(s string) string {
	if len(s) <= maxArgText {
		return strconv.Quote(s)
	}
	return strconv.Quote(clipTo(s, maxArgText))
}

// tooLong is the row error of a record over max bytes.
func tooLong(line, limit int64) *RowError {
	return rowErr(line, "record longer than %s (raise the limit with --max-field)", humanize.IBytes(uint64(limit)))
}

// tooDeep reports whether the JSON text b nests deeper than max. Most
// records have fewer brackets than that in all, which two vectorised counts
// tell; the others are walked.
func tooDeep(b []byte, limit int) bool {
	if bytes.Count(b, []byte("{"))+bytes.Count(b, []byte("[")) <= limit {
		return false
	}
	var n nesting
	for _, c := range b {
		if n.step(c); n.depth > limit {
			return true
		}
	}
	return false
}

// nesting follows JSON text a byte at a time: how deeply it is nested,
// minding brackets inside strings.
type nesting struct {
	depth      int
	inStr, esc bool
}

// step takes the next byte; closed is true when it closed a bracket.
func (n *nesting) step(c byte) (closed bool) {
	switch {
	case n.inStr && n.esc:
		n.esc = false
	case n.inStr && c == '\\':
		n.esc = true
	case c == '"':
		n.inStr = !n.inStr
	case n.inStr:
	case c == '{' || c == '[':
		n.depth++
	case c == '}' || c == ']':
		n.depth--
		return true
	}
	return false
}
