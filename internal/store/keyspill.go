package store

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// keySeq is one inserted event's dedup key and row.
type keySeq struct{ key, seq int64 }

func compareKeySeq(a, b keySeq) int {
	if c := cmp.Compare(a.key, b.key); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

// runKeys is how many keys a run holds in memory before it is sorted and
// spilled: 8 MB, plus as much again to sort in (sortKeySeqs), whatever the
// size of the file. A variable so that tests can spill after a few rows.
var runKeys = 1 << 19

// keySpill collects the (key, seq) pairs of one import as sorted runs in a
// temporary file beside the database, so that the import's memory does not
// grow with its rows (docs/semantics.md, "Dedup key"; ARCHITECTURE.md).
type keySpill struct {
	dir  string
	buf  []keySeq
	tmp  []keySeq // sortKeySeqs's scratch
	f    *os.File
	w    *bufio.Writer
	runs []int64 // each run's length in pairs, back to back in f
}

// add records one inserted row, spilling a full run.
func (s *keySpill) add(key, seq int64) error {
	if s.buf == nil {
		s.buf = make([]keySeq, 0, runKeys)
	}
	s.buf = append(s.buf, keySeq{key, seq})
	if len(s.buf) == runKeys {
		return s.spill()
	}
	return nil
}

// spill sorts the buffered pairs and appends them to the file as a run.
func (s *keySpill) spill() error {
	if len(s.buf) == 0 {
		return nil
	}
	if s.f == nil {
		if err := s.create(); err != nil {
			return err
		}
	}
	if len(s.tmp) < len(s.buf) {
		s.tmp = make([]keySeq, cap(s.buf))
	}
	sortKeySeqs(s.buf, s.tmp)
	var b [16]byte
	for _, p := range s.buf {
		binary.LittleEndian.PutUint64(b[:8], uint64(p.key))
		binary.LittleEndian.PutUint64(b[8:], uint64(p.seq))
		if _, err := s.w.Write(b[:]); err != nil {
			return fmt.Errorf("spill dedup keys: %w", err)
		}
	}
	s.runs = append(s.runs, int64(len(s.buf)))
	s.buf = s.buf[:0]
	return nil
}

// create opens the spill file. It is unlinked at once where the system
// allows, so that a killed import leaves nothing behind.
func (s *keySpill) create() error {
	f, err := os.CreateTemp(s.dir, ".funnelscope-keys-*")
	if err != nil {
		return fmt.Errorf("spill dedup keys: %w", err)
	}
	if os.Remove(f.Name()) == nil {
		s.dir = "" // nothing left to remove on close
	}
	s.f, s.w = f, bufio.NewWriterSize(f, 256<<10)
	return nil
}

// readers flushes the last run and returns a reader per run.
func (s *keySpill) readers() ([]pairSource, error) {
	if err := s.spill(); err != nil {
		return nil, err
	}
	s.buf, s.tmp = nil, nil
	if s.f == nil {
		return nil, nil
	}
	if err := s.w.Flush(); err != nil {
		return nil, fmt.Errorf("spill dedup keys: %w", err)
	}
	out := make([]pairSource, len(s.runs))
	var off int64
	for i, n := range s.runs {
		out[i] = &runReader{r: bufio.NewReaderSize(io.NewSectionReader(s.f, off, 16*n), 64<<10)}
		off += 16 * n
	}
	return out, nil
}

// close removes the spill file.
func (s *keySpill) close() {
	if s.f == nil {
		return
	}
	name := s.f.Name()
	_ = s.f.Close() // a temporary file: nothing is lost
	if s.dir != "" {
		_ = os.Remove(name)
	}
	s.f, s.buf, s.tmp = nil, nil, nil
}

// spillDir is where an import of the database at path spills: beside it,
// on the disk that has room for the database, not in a /tmp that may be
// memory.
func spillDir(path string) string { return filepath.Dir(path) }

// pairSource yields keySeq pairs in ascending order; ok is false at the end.
type pairSource interface {
	next() (p keySeq, ok bool, err error)
}

// runReader reads one spilled run.
type runReader struct{ r *bufio.Reader }

func (r *runReader) next() (keySeq, bool, error) {
	var b [16]byte
	if _, err := io.ReadFull(r.r, b[:]); err != nil {
		if err == io.EOF {
			return keySeq{}, false, nil
		}
		return keySeq{}, false, fmt.Errorf("read spilled dedup keys: %w", err)
	}
	return keySeq{int64(binary.LittleEndian.Uint64(b[:8])), int64(binary.LittleEndian.Uint64(b[8:]))}, true, nil
}
