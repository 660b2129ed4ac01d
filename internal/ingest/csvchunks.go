package ingest

import (
	"bufio"
	"bytes"
)

// delimited is delimited text whose header is read: the records after it
// are read as one stream (next) or cut into chunks parsed apart
// (chunkable, parallel.go), every chunk sharing the header and the roles
// decided from it.
type delimited struct {
	schema *csvReader    // the header and its roles; its own input is used up
	src    *bufio.Reader // the records, from the one after the header
	line   int64         // the lines before them
	seq    *csvReader    // the reader of src, once next is called
}

// headerAhead reads the header of delimited text from the bytes r holds
// buffered (sniffing buffered the first megabyte) and consumes it, so that
// r is left at the first record. ok is false, and r untouched, when reading
// the header fails or it does not end, newline included, within those
// bytes: the caller then reads the file as one stream, which words the
// error as it always has.
func headerAhead(r *bufio.Reader, delim rune, opts *Options) (*delimited, bool) {
	b, _ := r.Peek(r.Buffered()) // cannot fail: the bytes are buffered
	head, err := newCSVReader(bufio.NewReader(bytes.NewReader(b)), delim, opts)
	if err != nil {
		return nil, false
	}
	n := int(head.r.InputOffset())
	if !opts.NoHeader && (n == 0 || b[n-1] != '\n') {
		return nil, false
	}
	line := int64(bytes.Count(b[:n], []byte("\n")))
	_, _ = r.Discard(n) // cannot fail: the bytes are buffered
	return &delimited{schema: head, src: r, line: line}, true
}

func (d *delimited) next(ev *Event) error {
	if d.seq == nil {
		d.seq = d.csvPart(d.src, d.line)
	}
	return d.seq.next(ev)
}

func (d *delimited) recordLine() int64 {
	if d.seq == nil {
		return d.line
	}
	return d.seq.recordLine()
}

func (d *delimited) stableStrings() bool { return true }

func (d *delimited) body() (*bufio.Reader, int64, boundary) {
	return d.src, d.line, &csvEnds{l: csvLimiter{delim: d.schema.lim.delim}}
}

func (d *delimited) part(src *bufio.Reader, line int64, _ bool) recordReader {
	return d.csvPart(src, line)
}

// csvPart reads the records of src, which starts on line line+1, as the
// header says.
func (d *delimited) csvPart(src *bufio.Reader, line int64) *csvReader {
	s := d.schema
	r, lim := newRecords(src, rune(s.lim.delim), s.lim.max)
	return &csvReader{r: r, lim: lim, header: s.header, roles: s.roles, isRole: s.isRole, unit: s.unit, base: line}
}

// csvEnds finds where records end in delimited text by the limiter's
// reading of encoding/csv's rules: a quoted field may hold newlines, so a
// newline ends a record only outside quotes.
type csvEnds struct {
	l csvLimiter
}

func (c *csvEnds) last(b []byte) int {
	end := -1
	for i := 0; i < len(b); {
		k, ended := c.l.scan(b[i:])
		if i += k; ended {
			end = i
		}
	}
	return end
}
