package ingest

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/funnelscope/funnelscope/internal/store"
)

// Generator produces events by calling emit for each; emit's error (a
// cancelled import) must be returned as is.
type Generator func(emit func(*Event) error) error

// ImportEvents imports events produced in-process (the workshop sample)
// through the same pipeline and transaction rules as a file.
func (im *Importer) ImportEvents(ctx context.Context, name string, gen Generator) (Result, error) {
	start := time.Now()
	res := Result{File: name, Format: "generated"}
	if err := im.Options.Validate(); err != nil {
		return res, err
	}
	tx, err := im.Store.BeginImport(ctx, store.ImportMeta{File: name, Format: res.Format, Started: start})
	if err != nil {
		return res, err
	}
	if err := im.prepareEncoder(ctx, tx); err != nil {
		tx.Rollback()
		return res, fmt.Errorf("import %s: %w", name, err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	gr := &genReader{ch: make(chan []Event, 4)}
	go gr.produce(ctx, gen)
	if err := im.run(ctx, tx, gr, func() int64 { return 0 }, -1, &res); err != nil {
		tx.Rollback()
		im.enc = nil
		return res, abandoned(ctx, name, err)
	}
	if gr.err != nil {
		tx.Rollback()
		im.enc = nil
		return res, fmt.Errorf("import %s: %w", name, gr.err)
	}
	res.Duration = time.Since(start)
	return res, im.commit(ctx, tx, &res)
}

// genReader turns a push-style generator into a recordReader.
type genReader struct {
	ch   chan []Event
	cur  []Event
	err  error // the generator's error, read after ch is closed
	line int64
}

func (g *genReader) produce(ctx context.Context, gen Generator) {
	defer close(g.ch)
	buf := make([]Event, 0, 1024)
	err := gen(func(ev *Event) error {
		buf = append(buf, Event{User: ev.User, Name: ev.Name, Time: ev.Time, Session: ev.Session,
			InsertID: ev.InsertID, Props: append([]Prop(nil), ev.Props...)})
		if len(buf) == cap(buf) {
			select {
			case g.ch <- buf:
			case <-ctx.Done():
				return ctx.Err()
			}
			buf = make([]Event, 0, 1024)
		}
		return nil
	})
	if err == nil && len(buf) > 0 {
		select {
		case g.ch <- buf:
		case <-ctx.Done():
		}
	}
	if err != nil && ctx.Err() == nil {
		g.err = err
	}
}

func (g *genReader) recordLine() int64 { return g.line }

func (g *genReader) next(ev *Event) error {
	for len(g.cur) == 0 {
		b, ok := <-g.ch
		if !ok {
			return io.EOF
		}
		g.cur = b
	}
	*ev = g.cur[0]
	g.cur = g.cur[1:]
	g.line++
	return nil
}
