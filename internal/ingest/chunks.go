package ingest

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"slices"
)

// chunkable is a recordReader whose input can also be cut into chunks at
// record boundaries, each parsed by a reader of its own (parallel.go):
// delimited text, and JSON one record a line.
type chunkable interface {
	recordReader
	// body returns the input not read yet, which starts at a record
	// boundary, the number of lines before it, and a finder of the ends
	// of its records. It is for a reader next was never called on.
	body() (src *bufio.Reader, line int64, ends boundary)
	// part returns a reader of the records of src, whose first line is
	// line line+1 of the file. first says that no record of the file was
	// mapped before src's (jsonReader.later).
	part(src *bufio.Reader, line int64, first bool) recordReader
}

// boundary finds where records end in input given to it piece by piece,
// in order: its state carries across the pieces.
type boundary interface {
	// last returns the offset in b just past the last record that ends in
	// it, or -1 when none does.
	last(b []byte) int
}

// lineEnds is the boundary of records one a line.
type lineEnds struct{}

func (*lineEnds) last(b []byte) int {
	if i := bytes.LastIndexByte(b, '\n'); i >= 0 {
		return i + 1
	}
	return -1
}

// splitInput lets the formats that can be read in chunks say so; tests
// turn it off to read a file as one stream, for reference.
var splitInput = true

// chunkSize is the size chunks are cut at, or just past at the next
// record's end. A variable, so that tests can make chunk boundaries fall
// everywhere. 256 KiB imported the 2 M-event sample a few percent faster
// than 1 MiB: a chunk's events are still in the cache when encoded.
var chunkSize = 256 << 10

// chunkRecordMax is the longest record the chunks hold: at a longer one,
// rare in an export, the rest of the input is read as one stream (tail),
// so that memory stays bounded however long a record is (Options.MaxField
// bounds what the stream holds). A record over MaxField is a bad row
// whatever reads it, so the chunks hold no more than that either
// (splitter.recordMax): growing a chunk to 4 MiB for a record about to be
// dropped cost 15 MB of allocations.
var chunkRecordMax = 4 << 20

// chunk is a piece of the input: whole records, the lines before them and,
// on the last chunk, what ends the input after them.
type chunk struct {
	data []byte
	line int64
	last bool
	// err is the read error after data, on the last chunk: its reader
	// meets it where a sequential one would (source).
	err error
	// tail, on the last chunk, is the rest of the input, to read as one
	// stream from line tailLine+1 on.
	tail     io.Reader
	tailLine int64
}

// source is the input of c's reader: its bytes, then its error.
func (c *chunk) source() io.Reader {
	if c.err == nil {
		return bytes.NewReader(c.data)
	}
	return io.MultiReader(bytes.NewReader(c.data), failing{c.err})
}

// failing is a reader that fails, every time.
type failing struct{ err error }

func (f failing) Read([]byte) (int, error) { return 0, f.err }

// splitter cuts the input into chunks.
type splitter struct {
	src   *bufio.Reader
	ends  boundary
	line  int64  // lines before the next chunk
	carry []byte // the start of the next chunk: part of a record, scanned
	// free holds the buffers of chunks merged already, for reuse: a fresh
	// one per chunk doubled what an import allocates, and so its GC work.
	free chan []byte
	// recordMax is the longest record a chunk holds: chunkRecordMax, or
	// Options.MaxField when smaller.
	recordMax int
}

// buffer returns an empty buffer for a chunk and its carry.
func (s *splitter) buffer() []byte {
	select {
	case b := <-s.free:
		if cap(b) >= len(s.carry) {
			return b[:0]
		}
	default:
	}
	return make([]byte, 0, max(chunkSize+chunkSize/4, 2*len(s.carry)))
}

// recycle hands back the buffer of a chunk nothing refers to any more.
func (s *splitter) recycle(b []byte) {
	if cap(b) != chunkSize+chunkSize/4 {
		return // grown for a long record, or made for a tiny input
	}
	select {
	case s.free <- b:
	default:
	}
}

// next returns the next chunk; after the last one it must not be called.
func (s *splitter) next() chunk {
	buf := append(s.buffer(), s.carry...)
	end := -1 // where the last whole record in buf ends
	for {
		if end > 0 && len(buf) >= chunkSize {
			return s.cut(buf, end)
		}
		if len(buf)-max(end, 0) > s.recordMax {
			return s.tail(buf, end)
		}
		if len(buf) == cap(buf) {
			buf = slices.Grow(buf, len(buf)) // doubled: a long record costs few copies
		}
		n, err := s.src.Read(buf[len(buf):cap(buf)])
		if e := s.ends.last(buf[len(buf) : len(buf)+n]); e >= 0 {
			end = len(buf) + e
		}
		buf = buf[:len(buf)+n]
		if errors.Is(err, io.EOF) {
			return chunk{data: buf, line: s.line, last: true}
		}
		if err != nil {
			return chunk{data: buf, line: s.line, last: true, err: err}
		}
	}
}

// cut returns the chunk of buf's records up to end and keeps the rest
// for the next.
func (s *splitter) cut(buf []byte, end int) chunk {
	c := chunk{data: buf[:end], line: s.line}
	s.carry = bytes.Clone(buf[end:])
	s.line += int64(bytes.Count(c.data, []byte("\n")))
	return c
}

// tail returns the last chunk, of buf's records up to end, its tail the
// record too long for a chunk and all that follows it.
func (s *splitter) tail(buf []byte, end int) chunk {
	end = max(end, 0)
	c := chunk{data: buf[:end], line: s.line, last: true}
	c.tailLine = s.line + int64(bytes.Count(c.data, []byte("\n")))
	c.tail = io.MultiReader(bytes.NewReader(buf[end:]), s.src)
	return c
}
