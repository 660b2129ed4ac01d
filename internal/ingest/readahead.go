package ingest

import (
	"errors"
	"hash"
	"io"
	"sync"
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
	made   int    // chunks made so far (fill's)
	h      hash.Hash
	n      atomic.Int64
	// stopOnce closes stop: abort runs from the context's goroutine too.
	stopOnce sync.Once
}

const aheadChunk, aheadChunks = 256 << 10, 4

func newAheadReader(r io.Reader, h hash.Hash) *aheadReader {
	a := &aheadReader{chunks: make(chan []byte, aheadChunks), free: make(chan []byte, aheadChunks+1),
		stop: make(chan struct{}), done: make(chan struct{}), h: h}
	go a.fill(r)
	return a
}

// fill reads r until EOF, an error or Close; a.err is set before chunks
// closes, so the reader sees it once the chunks before it are used.
func (a *aheadReader) fill(r io.Reader) {
	defer close(a.done)
	defer close(a.chunks)
	for {
		b := a.chunk()
		if b == nil {
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

// errAborted is what a read returns once the read-ahead was stopped.
var errAborted = errors.New("read abandoned")

// chunk returns a free chunk to fill, nil once stopped. Chunks are made
// as needed, up to aheadChunks+1, so that a small input costs one.
func (a *aheadReader) chunk() []byte {
	select {
	case b := <-a.free:
		return b
	default:
	}
	if a.made <= aheadChunks {
		a.made++
		return make([]byte, aheadChunk)
	}
	select {
	case b := <-a.free:
		return b
	case <-a.stop:
		return nil
	}
}

func (a *aheadReader) Read(p []byte) (int, error) {
	for len(a.cur) == 0 {
		if a.buf != nil {
			a.free <- a.buf[:cap(a.buf)]
			a.buf = nil
		}
		var b []byte
		var ok bool
		select {
		case b, ok = <-a.chunks:
		case <-a.stop:
			return 0, errAborted
		}
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
	a.abort()
	<-a.done
}

// abort stops the read-ahead without waiting for it, which may be blocked
// in a read of the source: reads return errAborted from then on. It may be
// called from any goroutine, any number of times.
func (a *aheadReader) abort() {
	a.stopOnce.Do(func() { close(a.stop) })
}

// Size is the number of bytes read from the source so far.
func (a *aheadReader) Size() int64 { return a.n.Load() }
