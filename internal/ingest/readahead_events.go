package ingest

import "context"

// stableReader is a recordReader that can say its strings stay valid after
// its next call (encoding/csv makes a new string per record): its events
// can then be parsed in one goroutine and encoded in another without a
// copy of their text.
type stableReader interface {
	stableStrings() bool
}

func (c *csvReader) stableStrings() bool { return true }

// eventBatch is the events parsed ahead; their properties share one slice.
type eventBatch struct {
	evs   []Event
	props []Prop
	err   error // readEvents' final error, after the events
}

// aheadEvents is how many events a batch parsed ahead holds.
const aheadEvents = 1024

// readAhead is readEvents run in a goroutine of its own, a batch of
// events ahead of emit, so that parsing (CSV splitting, times) and
// encoding (dictionaries, dedup keys) use a core each. The counters of
// res belong to that goroutine until it ends, which readAhead waits for.
func (im *Importer) readAhead(ctx context.Context, rr recordReader, res *Result, emit func(*Event) bool) error {
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
			start := len(b.props)
			b.props = append(b.props, ev.Props...)
			e := *ev
			e.Props = b.props[start:len(b.props):len(b.props)]
			b.evs = append(b.evs, e)
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
