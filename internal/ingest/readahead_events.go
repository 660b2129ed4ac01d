package ingest

import (
	"context"
	"unsafe"
)

// stableReader is a recordReader that can say its strings stay valid after
// its next call (encoding/csv makes a new string per record): its events
// can then be parsed in one goroutine and encoded in another without a
// copy of their text. Other readers' strings are copied into the batch.
type stableReader interface {
	stableStrings() bool
}

func (c *csvReader) stableStrings() bool { return true }

// isStable says whether rr's strings outlive its next call (stableReader).
func isStable(rr recordReader) bool {
	s, ok := rr.(stableReader)
	return ok && s.stableStrings()
}

// eventBatch is the events parsed ahead; their properties share one
// slice, and their strings, when copied, a few arenas.
type eventBatch struct {
	evs   []Event
	props []Prop
	text  []byte // the current arena
	err   error  // readEvents' final error, after the events
}

// textArena is the size of the arenas strings are copied into.
const textArena = 64 << 10

// keep copies s into the batch's arena. A full arena is left to the
// strings that point into it, and a new one started.
func (b *eventBatch) keep(s string) string {
	if s == "" {
		return ""
	}
	if cap(b.text)-len(b.text) < len(s) {
		b.text = make([]byte, 0, max(textArena, len(s)))
	}
	start := len(b.text)
	b.text = append(b.text, s...)
	return unsafe.String(&b.text[start], len(s))
}

// add appends a copy of ev, its properties in the batch's slice and, unless
// the reader's strings are stable, its strings in the batch's arenas.
func (b *eventBatch) add(ev *Event, stable bool) {
	start := len(b.props)
	b.props = append(b.props, ev.Props...)
	e := *ev
	e.Props = b.props[start:len(b.props):len(b.props)]
	if !stable {
		e.User, e.Name, e.Session, e.InsertID = b.keep(e.User), b.keep(e.Name), b.keep(e.Session), b.keep(e.InsertID)
		for i := range e.Props {
			p := &e.Props[i]
			p.Key, p.Value = b.keep(p.Key), b.keep(p.Value)
		}
	}
	b.evs = append(b.evs, e)
}

// aheadEvents is how many events a batch parsed ahead holds.
const aheadEvents = 1024

// readAhead is readEvents run in a goroutine of its own, a batch of
// events ahead of emit, so that parsing (CSV splitting, JSON, times) and
// encoding (dictionaries, dedup keys) use a core each. Strings are copied
// into the batch unless rr's outlive its next call (isStable). The
// counters of res belong to that goroutine until it ends, which readAhead
// waits for.
func (im *Importer) readAhead(ctx context.Context, rr recordReader, res *Result, emit func(*Event) bool) error {
	stable := isStable(rr)
	ctx, cancel := context.WithCancel(ctx)
	out := make(chan eventBatch, 4)
	go func() {
		defer close(out)
		b := eventBatch{}
		send := func() bool {
			select {
			case out <- b:
				b = eventBatch{evs: make([]Event, 0, aheadEvents), props: make([]Prop, 0, 8*aheadEvents)}
				return true
			case <-ctx.Done():
				return false
			}
		}
		b.evs = make([]Event, 0, aheadEvents)
		err := im.readEvents(ctx, rr, res, func(ev *Event) bool {
			b.add(ev, stable)
			return len(b.evs) < aheadEvents || send()
		})
		b.err = err
		send()
	}()
	// On any return, stop the parser and wait for it: res is its until then.
	defer func() {
		cancel()
		for range out {
		}
	}()
	for b := range out {
		for i := range b.evs {
			if !emit(&b.evs[i]) {
				return nil
			}
		}
		if b.err != nil {
			return b.err
		}
	}
	return ctx.Err()
}
