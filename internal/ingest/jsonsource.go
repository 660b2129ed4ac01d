package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
)

// jsonSource splits a JSON file into top-level records.
type jsonSource interface {
	// record returns the next record's bytes (valid until the next call)
	// and the line it starts on; io.EOF at the end.
	record() ([]byte, int64, error)
}

// maxRecord bounds one record so that a file with no newlines cannot eat memory.
const maxRecord = 64 << 20

// lineSource reads NDJSON: one record per line, blank lines ignored, so a
// broken line costs only itself.
type lineSource struct {
	r    *bufio.Reader
	buf  []byte
	line int64
}

func (s *lineSource) record() ([]byte, int64, error) {
	for {
		b, err := s.readLine()
		if len(bytes.TrimSpace(b)) > 0 {
			return b, s.line, nil
		}
		if err != nil {
			return nil, s.line, err
		}
	}
}

func (s *lineSource) readLine() ([]byte, error) {
	s.line++
	b, err := s.r.ReadSlice('\n')
	if err == nil || (err == io.EOF && len(b) > 0) {
		return b, nil
	}
	if !errors.Is(err, bufio.ErrBufferFull) {
		return b, err
	}
	s.buf = append(s.buf[:0], b...)
	for {
		b, err = s.r.ReadSlice('\n')
		s.buf = append(s.buf, b...)
		if len(s.buf) > maxRecord {
			return nil, fmt.Errorf("line %d: longer than %d MiB", s.line, maxRecord>>20)
		}
		if err == nil || err == io.EOF {
			return s.buf, nil
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return s.buf, err
		}
	}
}

// streamSource reads a JSON array of objects, or objects one after another
// spread over many lines, by tracking nesting and strings byte by byte.
type streamSource struct {
	r       *bufio.Reader
	buf     []byte
	line    int64
	inArray bool
	started bool
}

func (s *streamSource) record() ([]byte, int64, error) {
	if err := s.skipSeparators(); err != nil {
		return nil, s.line, err
	}
	start := s.line
	s.buf = s.buf[:0]
	depth, inStr, esc := 0, false, false
	for {
		c, err := s.r.ReadByte()
		if err == io.EOF {
			return nil, start, fmt.Errorf("line %d: unexpected end of file inside a JSON value", start)
		}
		if err != nil {
			return nil, start, err
		}
		if c == '\n' {
			s.line++
		}
		s.buf = append(s.buf, c)
		if len(s.buf) > maxRecord {
			return nil, start, fmt.Errorf("line %d: record longer than %d MiB", start, maxRecord>>20)
		}
		switch {
		case inStr && esc:
			esc = false
		case inStr && c == '\\':
			esc = true
		case c == '"':
			inStr = !inStr
		case inStr:
		case c == '{' || c == '[':
			depth++
		case c == '}' || c == ']':
			depth--
			if depth == 0 {
				return s.buf, start, nil
			}
		}
	}
}

// skipSeparators moves past white space, the array's opening bracket and
// commas; it returns io.EOF at the closing bracket or the end.
func (s *streamSource) skipSeparators() error {
	for {
		c, err := s.r.ReadByte()
		if err != nil {
			return err
		}
		switch c {
		case '\n':
			s.line++
		case ' ', '\t', '\r', ',':
		case '[':
			if s.started {
				_ = s.r.UnreadByte() // cannot fail right after ReadByte
				return nil
			}
			s.inArray = true
		case ']':
			if s.inArray {
				return io.EOF
			}
			return fmt.Errorf("line %d: unexpected ']'", s.line)
		default:
			_ = s.r.UnreadByte() // cannot fail right after ReadByte
			s.started = true
			return nil
		}
		s.started = true
	}
}
