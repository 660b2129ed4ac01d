package ingest

import (
	"hash"
	"io"
	"sync/atomic"
)

// aheadReader reads, counts and hashes the raw file in its own goroutine,
// a few chunks ahead of the parser: the read syscalls and the SHA-256 then
// run beside parsing instead of inside it (on NDJSON they were a tenth of
// the parser's time, and the parser is what bounds an import).
type aheadReader struct {
	chunks chan []byte
	free   chan []byte
	stop   chan struct{}
	done   chan struct{}
	cur    []byte
	buf    []byte // the chunk cur points into, to hand back when used up
	err    error  // the source's error, once chunks is closed
	h      hash.Hash
	n      atomic.Int64
}

const aheadChunk, aheadChunks = 256 << 10, 4

func newAheadReader(r io.Reader, h hash.Hash) *aheadReader {
	a := &aheadReader{chunks: make(chan []byte, aheadChunks), free: make(chan []byte, aheadChunks+1),
		stop: make(chan struct{}), done: make(chan struct{}), h: h}
	for range aheadChunks + 1 {
		a.free <- make([]byte, aheadChunk)
	}
	go a.fill(r)
	return a
}

// fill reads r until EOF, an error or Close; a.err is set before chunks
// closes, so the reader sees it once the chunks before it are used.
func (a *aheadReader) fill(r io.Reader) {
	defer close(a.done)
	defer close(a.chunks)
	for {
		var b []byte
		select {
		case b = <-a.free:
		case <-a.stop:
			return
		}
		n, err := io.ReadFull(r, b[:cap(b)])
		if n > 0 {
			a.h.Write(b[:n])
			a.n.Add(int64(n))
			select {
			case a.chunks <- b[:n]:
			case <-a.stop:
				return
			}
		}
		if err == io.ErrUnexpectedEOF || err == io.EOF {
			a.err = io.EOF
			return
		}
		if err != nil {
			a.err = err
			return
		}
	}
}

func (a *aheadReader) Read(p []byte) (int, error) {
	for len(a.cur) == 0 {
		if a.buf != nil {
			a.free <- a.buf[:cap(a.buf)]
			a.buf = nil
		}
		b, ok := <-a.chunks
		if !ok {
			return 0, a.err
		}
		a.buf, a.cur = b, b
	}
	n := copy(p, a.cur)
	a.cur = a.cur[n:]
	return n, nil
}

// Close stops the read-ahead and waits for it; the hash and count then
// cover what was read so far.
func (a *aheadReader) Close() {
	select {
	case <-a.stop:
	default:
		close(a.stop)
	}
	<-a.done
}

// Size is the number of bytes read from the source so far.
func (a *aheadReader) Size() int64 { return a.n.Load() }
