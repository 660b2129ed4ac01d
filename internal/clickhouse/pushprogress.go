package clickhouse

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/store"
)

// pushReportEvery is how many events pass between looks at the clock.
const pushReportEvery = 4096

// pushProgress reports a push as ingest.Progress, at most every 100 ms.
// A store is read in seq order, not byte by byte, so BytesRead is the
// database file's size times the share of its events read: the bar then
// fills and estimates as it does for a file.
type pushProgress struct {
	fn          func(ingest.Progress)
	file        string
	size, total int64 // the database file's bytes, its events
	start, last time.Time
}

// newPushProgress counts st's events for fn; nil when fn is nil, which
// report then ignores.
func newPushProgress(ctx context.Context, st *store.Store, fn func(ingest.Progress)) (*pushProgress, error) {
	if fn == nil {
		return nil, nil
	}
	sum, err := st.Summary(ctx)
	if err != nil {
		return nil, fmt.Errorf("count the events to push: %w", err)
	}
	size := int64(-1) // unknown: the bar shows no share
	if fi, err := os.Stat(st.Path()); err == nil && sum.Events > 0 {
		size = fi.Size()
	}
	now := time.Now()
	return &pushProgress{fn: fn, file: st.Path(), size: size, total: sum.Events, start: now, last: now}, nil
}

// report tells fn that events have been read, when it last heard more than
// 100 ms ago, or always when final.
func (p *pushProgress) report(events int64, final bool) {
	if p == nil || (!final && (events%pushReportEvery != 0 || time.Since(p.last) < 100*time.Millisecond)) {
		return
	}
	p.last = time.Now()
	read := p.size
	if p.size > 0 && events < p.total {
		read = int64(float64(p.size) * float64(events) / float64(p.total))
	}
	p.fn(ingest.Progress{File: p.file, BytesRead: read, Total: p.size, Events: events, Elapsed: time.Since(p.start)})
}
