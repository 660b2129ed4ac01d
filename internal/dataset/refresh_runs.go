package dataset

import (
	"bufio"
	"cmp"
	"container/heap"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/store"
)

// Runs bound the memory of the sort: at most runEvents events and
// runProps bytes of properties a run, about 30 MB, two runs at once (one
// filling, one being sorted and written). Variables so that tests can
// sort in many small runs.
var runEvents, runProps = 256 << 10, 16 << 20

// runEvent is one buffered event; its properties are props[off:off+n] of
// the run's arena.
type runEvent struct {
	user, time, seq int64
	name, session   int32
	off, n          uint32
}

func compareRunEvents(a, b *runEvent) int {
	if c := cmp.Compare(a.user, b.user); c != 0 {
		return c
	}
	if c := cmp.Compare(a.time, b.time); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

// eventRuns sorts the store's events by (user, time, seq) externally:
// runs sorted in memory and spilled to one temporary file, merged later.
// A full run is sorted and written by a goroutine while the scan fills
// the next, so the two use a core each.
type eventRuns struct {
	dir      string
	cur      runBuf         // the run being filled
	spare    runBuf         // the buffers of the last run written, for reuse
	inflight chan spillDone // the run being written, nil when none
	// Owned by the run being written, if any.
	f    *os.File
	w    *bufio.Writer
	runs []int64 // each run's length in bytes, back to back in f
	size int64
	buf  []byte
}

// runBuf is one run's events and their properties.
type runBuf struct {
	evs   []runEvent
	props []byte
}

type spillDone struct {
	run runBuf
	err error
}

// add buffers one event, handing a full run to be spilled.
func (r *eventRuns) add(ev *store.StoredEvent) error {
	c := &r.cur
	if len(c.evs) == runEvents || len(c.props)+len(ev.Props) > runProps && len(c.evs) > 0 {
		if err := r.spillAsync(); err != nil {
			return err
		}
		c = &r.cur
	}
	c.evs = append(c.evs, runEvent{user: ev.User, time: ev.Time, seq: ev.Seq, name: int32(ev.Name),
		session: int32(ev.Session), off: uint32(len(c.props)), n: uint32(len(ev.Props))})
	c.props = append(c.props, ev.Props...)
	return nil
}

// spillAsync starts writing the current run once the previous one is
// written, and goes on filling that one's buffers.
func (r *eventRuns) spillAsync() error {
	if err := r.wait(); err != nil {
		return err
	}
	full := r.cur
	r.cur = runBuf{evs: r.spare.evs[:0], props: r.spare.props[:0]}
	r.spare = runBuf{}
	done := make(chan spillDone, 1)
	r.inflight = done
	go func() { done <- spillDone{full, r.spill(full)} }()
	return nil
}

// wait waits for the run being written, if any, and takes its buffers back.
func (r *eventRuns) wait() error {
	if r.inflight == nil {
		return nil
	}
	d := <-r.inflight
	r.inflight, r.spare = nil, d.run
	return d.err
}

// recordHead is a spilled event's fixed part: user, time, seq, name,
// session and the length of its properties, which follow.
const recordHead = 8 + 8 + 8 + 4 + 4 + 4

// spill sorts the events of run and appends them to the file.
func (r *eventRuns) spill(run runBuf) error {
	if len(run.evs) == 0 {
		return nil
	}
	if r.f == nil {
		f, err := tempFile(r.dir, ".funnelscope-snapshot-*")
		if err != nil {
			return err
		}
		r.f, r.w = f, bufio.NewWriterSize(f, 256<<10)
	}
	// Exports are often sorted by user already (the sample is): checking
	// costs a pass, sorting a sorted run costs pdqsort far more.
	cmpEv := func(a, b runEvent) int { return compareRunEvents(&a, &b) }
	if !slices.IsSortedFunc(run.evs, cmpEv) {
		slices.SortFunc(run.evs, cmpEv)
	}
	start := r.size
	for i := range run.evs {
		e := &run.evs[i]
		b := r.buf[:0]
		b = binary.LittleEndian.AppendUint64(b, uint64(e.user))
		b = binary.LittleEndian.AppendUint64(b, uint64(e.time))
		b = binary.LittleEndian.AppendUint64(b, uint64(e.seq))
		b = binary.LittleEndian.AppendUint32(b, uint32(e.name))
		b = binary.LittleEndian.AppendUint32(b, uint32(e.session))
		b = binary.LittleEndian.AppendUint32(b, e.n)
		b = append(b, run.props[e.off:e.off+e.n]...)
		r.buf = b
		if _, err := r.w.Write(b); err != nil {
			return fmt.Errorf("spill events: %w", err)
		}
		r.size += int64(len(b))
	}
	r.runs = append(r.runs, r.size-start)
	return nil
}

// merge flushes the last run and calls fn on every event in (user, time,
// seq) order. ev is reused between calls.
func (r *eventRuns) merge(fn func(ev *snapshot.StreamEvent) error) error {
	if err := r.wait(); err != nil {
		return err
	}
	if err := r.spill(r.cur); err != nil {
		return err
	}
	r.cur, r.spare = runBuf{}, runBuf{}
	if r.f == nil {
		return nil
	}
	if err := r.w.Flush(); err != nil {
		return fmt.Errorf("spill events: %w", err)
	}
	h := &runHeap{}
	var off int64
	for _, n := range r.runs {
		rr := &runReader{r: bufio.NewReaderSize(io.NewSectionReader(r.f, off, n), 32<<10)}
		off += n
		if err := h.pushNext(rr); err != nil {
			return err
		}
	}
	for h.Len() > 0 {
		top := (*h)[0]
		if err := fn(&top.ev); err != nil {
			return err
		}
		if err := h.advance(); err != nil {
			return err
		}
	}
	return nil
}

func (r *eventRuns) close() {
	_ = r.wait() // the file is dropped whatever the writing said
	if r.f != nil {
		closeTemp(r.f)
		r.f = nil
	}
}

// tempFile creates a temporary file in dir and unlinks it at once, so
// that nothing is left behind whatever becomes of the process. Where the
// system refuses to unlink an open file, closeTemp removes it.
func tempFile(dir, pattern string) (*os.File, error) {
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, fmt.Errorf("temporary file: %w", err)
	}
	_ = os.Remove(f.Name()) // see closeTemp
	return f, nil
}

// closeTemp closes and removes a file of tempFile's. Both errors are
// moot: nothing in it is kept, and on most systems it is unlinked already.
func closeTemp(f *os.File) {
	_ = f.Close()
	_ = os.Remove(f.Name())
}

// runReader reads one spilled run.
type runReader struct {
	r     *bufio.Reader
	props []byte
}

func (rr *runReader) next(ev *snapshot.StreamEvent) (bool, error) {
	var b [recordHead]byte
	if _, err := io.ReadFull(rr.r, b[:]); err != nil {
		if err == io.EOF {
			return false, nil
		}
		return false, fmt.Errorf("read spilled events: %w", err)
	}
	ev.User = int64(binary.LittleEndian.Uint64(b[0:]))
	ev.Time = int64(binary.LittleEndian.Uint64(b[8:]))
	ev.Seq = int64(binary.LittleEndian.Uint64(b[16:]))
	ev.Name = int32(binary.LittleEndian.Uint32(b[24:]))
	ev.Session = int32(binary.LittleEndian.Uint32(b[28:]))
	n := int(binary.LittleEndian.Uint32(b[32:]))
	rr.props = slices.Grow(rr.props[:0], n)[:n]
	if _, err := io.ReadFull(rr.r, rr.props); err != nil {
		return false, fmt.Errorf("read spilled events: %w", err)
	}
	ev.Props = rr.props
	return true, nil
}

type runItem struct {
	ev  snapshot.StreamEvent
	src *runReader
}

type runHeap []*runItem

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	a, b := &h[i].ev, &h[j].ev
	if a.User != b.User {
		return a.User < b.User
	}
	if a.Time != b.Time {
		return a.Time < b.Time
	}
	return a.Seq < b.Seq
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(*runItem)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// pushNext adds src's first event, if it has one.
func (h *runHeap) pushNext(src *runReader) error {
	it := &runItem{src: src}
	ok, err := src.next(&it.ev)
	if err != nil || !ok {
		return err
	}
	heap.Push(h, it)
	return nil
}

// advance replaces the smallest event with the next of its run.
func (h *runHeap) advance() error {
	top := (*h)[0]
	ok, err := top.src.next(&top.ev)
	if err != nil {
		return err
	}
	if ok {
		heap.Fix(h, 0)
	} else {
		heap.Pop(h)
	}
	return nil
}
