package ingest

import (
	"bufio"
	"bytes"
	"errors"
)

// errRecordTooLong stands, for encoding/csv, in place of the tail of a
// record over the limit; csvReader turns it into that row's error.
var errRecordTooLong = errors.New("record too long")

// csvLimiter sits between the file and encoding/csv, which holds a whole
// record (and a line twice over) in memory however long it is: a 1 GB field
// took 6 GB. The limiter finds where each record ends by encoding/csv's own
// rules (a quoted field may span lines; after a quote error the rest of the
// line is dropped), passes at most max bytes of a record, then returns
// errRecordTooLong and skips the rest of that record without keeping it, so
// the reader goes on at the next record.
type csvLimiter struct {
	src   *bufio.Reader
	delim byte
	max   int64
	state csvState
	n     int64 // bytes of the current record passed so far
	line  int64 // newlines passed or skipped so far
	// tripped: the current record reached max; the next Read says so.
	// skipping: that said, the next Read first drops the rest of it.
	tripped, skipping bool
	tripLine          int64 // line (1-based) the record over the limit started on
	startLine         int64 // line (0-based) the current record started on
	// extra counts the lines skipped that encoding/csv, having seen part
	// of the first of them, never numbered: its line numbers plus extra
	// are the file's.
	extra int64
}

// csvState is where the limiter is in a record, as encoding/csv would be
// (LazyQuotes off, no comments, an ASCII delimiter).
type csvState uint8

const (
	csvFieldStart csvState = iota // at the start of a field
	csvUnquoted                   // inside a field that does not start with a quote
	csvQuoted                     // inside a quoted field
	csvQuote                      // just after a quote inside a quoted field
	csvQuoteCR                    // after a quote and a carriage return
	csvBad                        // after a quote error: the record ends with the line
)

func newCSVLimiter(src *bufio.Reader, delim rune, limit int64) *csvLimiter {
	return &csvLimiter{src: src, delim: byte(delim), max: limit}
}

func (l *csvLimiter) Read(p []byte) (int, error) {
	if l.tripped {
		l.tripped, l.skipping = false, true
		return 0, errRecordTooLong
	}
	if l.skipping {
		if err := l.skip(); err != nil {
			return 0, err
		}
	}
	b, err := l.peek(len(p))
	if len(b) == 0 {
		return 0, err
	}
	i := 0
	for i < len(b) {
		room := l.max - l.n
		if room <= 0 {
			l.tripped, l.tripLine = true, l.startLine+1
			break
		}
		k, end := l.scan(b[i:min(int64(len(b)), int64(i)+room)])
		i += k
		l.n += int64(k)
		if end {
			l.n, l.startLine = 0, l.line
		}
	}
	if i == 0 { // the record is at its limit already
		return l.Read(p)
	}
	n := copy(p, b[:i])
	_, _ = l.src.Discard(n) // cannot fail: the bytes are buffered
	return n, nil
}

// peek returns up to n buffered bytes, filling the buffer when it is empty.
func (l *csvLimiter) peek(n int) ([]byte, error) {
	if l.src.Buffered() == 0 {
		if _, err := l.src.Peek(1); err != nil {
			return nil, err
		}
	}
	return l.src.Peek(min(n, l.src.Buffered()))
}

// skip drops the rest of the record over the limit.
func (l *csvLimiter) skip() error {
	from := l.line
	for {
		b, err := l.peek(l.src.Size())
		if len(b) == 0 {
			l.skipping = false
			return err
		}
		k, end := l.scan(b)
		_, _ = l.src.Discard(k) // cannot fail: the bytes are buffered
		if end {
			l.skipping, l.n, l.startLine = false, 0, l.line
			l.extra += max(0, l.line-from-1)
			return nil
		}
	}
}

// scan moves through b until the current record ends (its newline
// included) or b does, and returns how many bytes it took and whether the
// record ended. Runs without quotes, most of a file, go at IndexByte's
// speed.
func (l *csvLimiter) scan(b []byte) (int, bool) {
	i := 0
	for i < len(b) {
		switch l.state {
		case csvFieldStart, csvUnquoted:
			rest := b[i:]
			nl := bytes.IndexByte(rest, '\n')
			line := rest
			if nl >= 0 {
				line = rest[:nl]
			}
			q := bytes.IndexByte(line, '"')
			if q < 0 {
				if nl >= 0 {
					return l.endRecord(i + nl + 1)
				}
				if rest[len(rest)-1] == l.delim {
					l.state = csvFieldStart
				} else {
					l.state = csvUnquoted
				}
				return len(b), false
			}
			if (q == 0 && l.state == csvFieldStart) || (q > 0 && line[q-1] == l.delim) {
				l.state = csvQuoted
			} else {
				l.state = csvBad // a bare quote
			}
			i += q + 1
		case csvQuoted:
			q := bytes.IndexByte(b[i:], '"')
			if q < 0 {
				l.line += int64(bytes.Count(b[i:], []byte("\n")))
				return len(b), false
			}
			l.line += int64(bytes.Count(b[i:i+q], []byte("\n")))
			l.state = csvQuote
			i += q + 1
		case csvBad:
			nl := bytes.IndexByte(b[i:], '\n')
			if nl < 0 {
				return len(b), false
			}
			return l.endRecord(i + nl + 1)
		default: // csvQuote, csvQuoteCR: one byte decides
			if end := l.afterQuote(b[i]); end {
				return l.endRecord(i + 1)
			}
			i++
		}
	}
	return i, false
}

// afterQuote takes the byte after a quote (and maybe a carriage return) in
// a quoted field, and reports whether it ends the record.
func (l *csvLimiter) afterQuote(c byte) bool {
	switch {
	case c == '\n':
		return true
	case l.state == csvQuoteCR:
		l.state = csvBad
	case c == '"':
		l.state = csvQuoted // an escaped quote
	case c == l.delim:
		l.state = csvFieldStart
	case c == '\r':
		l.state = csvQuoteCR
	default:
		l.state = csvBad
	}
	return false
}

// endRecord ends the record whose newline is b's byte n-1.
func (l *csvLimiter) endRecord(n int) (int, bool) {
	l.line++
	l.state = csvFieldStart
	return n, true
}
