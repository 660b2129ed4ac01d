package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
)

// csvReader reads delimited text with a header row (or --columns).
type csvReader struct {
	r      *csv.Reader
	lim    *csvLimiter
	header []string
	roles  map[role]int
	isRole []bool
	unit   TimeUnit
	line   int64 // where the last record started
	// base is the number of lines before the input of r: a chunk of the
	// file (chunks.go) numbers its lines from 1, as encoding/csv does.
	base int64
}

// newRecords returns the CSV parser of in, behind a limiter of its records' size.
func newRecords(in *bufio.Reader, delim rune, limit int64) (*csv.Reader, *csvLimiter) {
	lim := newCSVLimiter(in, delim, limit)
	r := csv.NewReader(lim)
	r.Comma = delim
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	r.LazyQuotes = false
	return r, lim
}

func newCSVReader(in *bufio.Reader, delim rune, opts *Options) (*csvReader, error) {
	r, lim := newRecords(in, delim, opts.MaxField)
	header := opts.ColumnNames
	if !opts.NoHeader {
		rec, err := r.Read()
		if err == io.EOF {
			return nil, fmt.Errorf("empty file: expected a header row")
		}
		if errors.Is(err, errRecordTooLong) {
			return nil, fmt.Errorf("header: %s", tooLong(1, opts.MaxField).Reason)
		}
		if err != nil {
			return nil, fmt.Errorf("header: %w", err)
		}
		header = append([]string(nil), rec...)
		if len(header) > 0 {
			header[0] = strings.TrimPrefix(header[0], "\ufeff")
		}
	} else if len(header) == 0 {
		return nil, fmt.Errorf("--no-header needs --columns naming every column")
	}
	roles, err := assignRoles(header, opts.Columns)
	if err != nil {
		return nil, err
	}
	if err := missingRoles(roles, header); err != nil {
		return nil, err
	}
	isRole := make([]bool, len(header))
	for _, i := range roles {
		if i >= 0 {
			isRole[i] = true
		}
	}
	return &csvReader{r: r, lim: lim, header: header, roles: roles, isRole: isRole, unit: opts.TimeUnit}, nil
}

// openDelimited returns the openFunc of delimited text named name, split
// at the delimiter that delim picks. Where the header ends within what is
// buffered, the rest can be read in chunks (delimited); else it is read
// as one stream.
func openDelimited(name string, delim func(s *sniffed) rune) openFunc {
	return func(r *bufio.Reader, s *sniffed, opts *Options) (recordReader, string, error) {
		if splitInput {
			if d, ok := headerAhead(r, delim(s), opts); ok {
				return d, name, nil
			}
		}
		cr, err := newCSVReader(r, delim(s), opts)
		if err != nil {
			return nil, name, err
		}
		return cr, name, nil
	}
}

func (c *csvReader) recordLine() int64 { return c.line }

func (c *csvReader) next(ev *Event) error {
	rec, err := c.r.Read()
	if errors.Is(err, io.EOF) {
		return io.EOF
	}
	if err != nil && c.lim.skipping {
		// Over the limit, whatever encoding/csv made of the part it saw
		// (errRecordTooLong, or a quote error where the record was cut).
		c.line = c.lim.tripLine + c.base
		return tooLong(c.line, c.lim.max)
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		c.line = int64(pe.StartLine) + c.lim.extra + c.base
		return rowErr(c.line, "malformed %s: %v", "CSV row", pe.Err)
	}
	if err != nil {
		return err
	}
	line, _ := c.r.FieldPos(0)
	c.line = int64(line) + c.lim.extra + c.base
	if len(rec) != len(c.header) {
		return rowErr(c.line, "expected %d fields (as in the header), found %d", len(c.header), len(rec))
	}
	ev.Reset()
	ev.User = rec[c.roles[roleUser]]
	ev.Name = rec[c.roles[roleEvent]]
	if ev.User == "" {
		return rowErr(c.line, "empty %s in column %q", "user id", c.header[c.roles[roleUser]])
	}
	if ev.Name == "" {
		return rowErr(c.line, "empty %s in column %q", "event name", c.header[c.roles[roleEvent]])
	}
	t, err := ParseTime(rec[c.roles[roleTime]], c.unit)
	if err != nil {
		return rowErr(c.line, "column %q: %v", c.header[c.roles[roleTime]], err)
	}
	ev.Time = t
	if i := c.roles[roleSession]; i >= 0 {
		ev.Session = rec[i]
	}
	if i := c.roles[roleInsertID]; i >= 0 {
		ev.InsertID = rec[i]
	}
	for i, v := range rec {
		if v == "" || c.isRole[i] {
			continue
		}
		ev.Props = append(ev.Props, Prop{Key: c.header[i], Value: v})
	}
	return nil
}
