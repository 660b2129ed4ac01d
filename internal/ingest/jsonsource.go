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

// lineSource reads NDJSON: one record per line, blank lines ignored, so a
// broken line costs only itself.
type lineSource struct {
	r    *bufio.Reader
	buf  []byte
	line int64
	max  int64 // bytes a line may take (Options.MaxField)
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
		return s.fits(b)
	}
	if !errors.Is(err, bufio.ErrBufferFull) {
		return b, err
	}
	s.buf = append(s.buf[:0], b...)
	for {
		b, err = s.r.ReadSlice('\n')
		if int64(len(s.buf)+len(b)) > s.max {
			return nil, s.dropLine(err)
		}
		s.buf = append(s.buf, b...)
		if err == nil || err == io.EOF {
			return s.buf, nil
		}
		if !errors.Is(err, bufio.ErrBufferFull) {
			return s.buf, err
		}
	}
}

// fits passes a line that fits in the reader's buffer, unless it is over max.
func (s *lineSource) fits(b []byte) ([]byte, error) {
	if int64(len(b)) > s.max {
		return nil, tooLong(s.line, s.max)
	}
	return b, nil
}

// dropLine reads past the rest of an overlong line, whose last ReadSlice
// returned err, keeping none of it, and returns its row error.
func (s *lineSource) dropLine(err error) error {
	for errors.Is(err, bufio.ErrBufferFull) {
		_, err = s.r.ReadSlice('\n')
	}
	if err != nil && err != io.EOF {
		return err
	}
	return tooLong(s.line, s.max)
}

// streamSource reads a JSON array of objects, or objects one after another
// spread over many lines, by tracking nesting and strings byte by byte.
type streamSource struct {
	r       *bufio.Reader
	buf     []byte
	line    int64
	max     int64 // bytes a record may take (Options.MaxField)
	inArray bool
	started bool
}

func (s *streamSource) record() ([]byte, int64, error) {
	if err := s.skipSeparators(); err != nil {
		return nil, s.line, err
	}
	start := s.line
	s.buf = s.buf[:0]
	over := false // past max: scan to the record's end keeping nothing
	var n nesting
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
		if !over {
			s.buf = append(s.buf, c)
			over = int64(len(s.buf)) > s.max
		}
		if n.step(c) && n.depth == 0 {
			if over {
				return nil, start, tooLong(start, s.max)
			}
			return s.buf, start, nil
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
