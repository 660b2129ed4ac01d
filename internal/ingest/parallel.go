package ingest

import (
	"bufio"
	"context"
	"runtime"
	"sync"
)

// The parallel parse: a splitter goroutine cuts the input (after gzip,
// whose reader stays one) into chunks at record boundaries (chunks.go);
// up to GOMAXPROCS workers parse a chunk each, with readEvents, into the
// events and the counts of that chunk; the encoding goroutine takes the
// chunks' results strictly in file order and hands their events on as if
// one reader had read them all. So seq, first-wins dedup, the counts and
// the row errors are those of a sequential read; a fixed number of chunks
// in flight bounds memory, whatever the size of the file. See the import
// section of ARCHITECTURE.md.

// parsedChunk is a chunk and, once done is closed, what parsing it gave.
type parsedChunk struct {
	chunk
	first bool // the file's first chunk
	done  chan struct{}
	evs   eventBatch
	res   Result // the chunk's own counts and row errors
	// mapped is how many records the chunk's JSON reader mapped: see merge.
	mapped int64
}

// restarter is a reader that can read another part of the input (as
// chunkable.part's), keeping what it learnt of the file: a JSON reader's
// parser and caches, which would cost a tenth of NDJSON's parse made anew
// for every chunk.
type restarter interface {
	restart(src *bufio.Reader, line int64, first bool)
}

// mappedCounter is a reader that tells how many records it mapped
// (jsonReader: the file's first one decides whether it is event data).
type mappedCounter interface {
	mappedRecords() int64
}

// readChunks is readAhead for a reader whose input can be cut into
// chunks: it reads the first chunk itself and, when that is the whole
// input, parses it as one stream, with no more goroutines than that costs;
// else the chunks are parsed in parallel and merged in order.
func (im *Importer) readChunks(ctx context.Context, c chunkable, res *Result, emit func(*Event) bool) error {
	sp := im.splitter(c.body())
	first := sp.next()
	if first.last && first.tail == nil {
		rr := c.part(bufio.NewReader(first.source()), first.line, true)
		return im.readAhead(ctx, rr, res, emit)
	}
	ctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	// On any return, stop the goroutines and wait for them: the caller may
	// go on reading the input (drain).
	defer wg.Wait()
	defer cancel()
	workers := runtime.GOMAXPROCS(0)
	jobs, order := make(chan *parsedChunk), make(chan *parsedChunk, workers+1)
	wg.Go(func() { split(ctx, sp, first, jobs, order) })
	free := make(chan eventBatch, workers+4)
	for range workers {
		wg.Go(func() { im.parseChunks(ctx, c, res, jobs, free) })
	}
	m := merger{im: im, c: c, res: res, emit: emit}
	for p := range order {
		select {
		case <-p.done:
		case <-ctx.Done():
			return ctx.Err()
		}
		stop, err := m.merge(ctx, p)
		if stop || err != nil {
			return err
		}
		sp.recycle(p.data)
		select { // the encoder keeps none of the events' slices, only their strings
		case free <- eventBatch{evs: p.evs.evs[:0], props: p.evs.props[:0]}:
		default:
		}
	}
	return ctx.Err()
}

// splitter returns the splitter of src, whose records end where ends says
// and whose first line is line+1: chunks hold records of up to
// chunkRecordMax bytes, or Options.MaxField when smaller.
func (im *Importer) splitter(src *bufio.Reader, line int64, ends boundary) *splitter {
	sp := &splitter{src: src, ends: ends, line: line, free: make(chan []byte, runtime.GOMAXPROCS(0)+4),
		recordMax: chunkRecordMax}
	if m := im.Options.MaxField; m > 0 && m < int64(sp.recordMax) {
		sp.recordMax = int(m)
	}
	return sp
}

// split sends the chunks of sp, starting with first, to the workers
// (jobs) and, in the same order, to the merger (order), whose capacity
// bounds the chunks in flight.
func split(ctx context.Context, sp *splitter, first chunk, jobs, order chan<- *parsedChunk) {
	defer close(order)
	defer close(jobs)
	c := first
	for i := 0; ; i++ {
		p := &parsedChunk{chunk: c, first: i == 0, done: make(chan struct{})}
		for _, ch := range []chan<- *parsedChunk{order, jobs} {
			select {
			case ch <- p:
			case <-ctx.Done():
				return
			}
		}
		if c.last {
			return
		}
		c = sp.next()
	}
}

// parseChunks parses the chunks of jobs, until it closes, with readEvents,
// into the events and counts of each chunk, in batches from free when it
// has one.
func (im *Importer) parseChunks(ctx context.Context, c chunkable, res *Result, jobs <-chan *parsedChunk,
	free <-chan eventBatch) {
	br := bufio.NewReaderSize(nil, 64<<10)
	hint := aheadEvents
	var rr recordReader
	for p := range jobs {
		br.Reset(p.source())
		if r, ok := rr.(restarter); ok {
			r.restart(br, p.line, p.first)
		} else {
			rr = c.part(br, p.line, p.first)
		}
		select {
		case p.evs = <-free:
		default:
			p.evs = eventBatch{evs: make([]Event, 0, hint), props: make([]Prop, 0, 8*hint)}
		}
		im.parseChunk(ctx, rr, p, res)
		hint = max(hint, len(p.evs.evs))
		close(p.done)
	}
}

// parseChunk reads the records of rr, p's, into p, appending its events
// to p.evs.
func (im *Importer) parseChunk(ctx context.Context, rr recordReader, p *parsedChunk, res *Result) {
	p.res = Result{File: res.File, TimeRange: res.TimeRange}
	stable := isStable(rr)
	p.evs.err = im.readEvents(ctx, rr, &p.res, func(ev *Event) bool {
		p.evs.add(ev, stable)
		return true
	})
	if m, ok := rr.(mappedCounter); ok {
		p.mapped = m.mappedRecords()
	}
}

// merger hands on the parsed chunks' events and adds up their counts, in
// file order.
type merger struct {
	im     *Importer
	c      chunkable
	res    *Result
	emit   func(*Event) bool
	mapped bool // a record was mapped before the chunk merged next
}

// merge takes the parsed chunk p; stop is true when emit asked to stop or
// the input ended with an error (err).
func (m *merger) merge(ctx context.Context, p *parsedChunk) (stop bool, err error) {
	if !p.first && !m.mapped && p.mapped > 0 {
		// The file's first mapped record is in this chunk, which was read
		// as a later one: read it again as the first.
		rr := m.c.part(bufio.NewReader(p.source()), p.line, true)
		p.evs = eventBatch{evs: p.evs.evs[:0], props: p.evs.props[:0]}
		m.im.parseChunk(ctx, rr, p, m.res)
	}
	m.mapped = m.mapped || p.mapped > 0
	m.add(&p.res)
	for i := range p.evs.evs {
		if !m.emit(&p.evs.evs[i]) {
			return true, nil
		}
	}
	if p.evs.err != nil {
		return true, p.evs.err
	}
	if p.tail != nil {
		rr := m.c.part(bufio.NewReaderSize(p.tail, 64<<10), p.tailLine, !m.mapped)
		return true, m.im.readAhead(ctx, rr, m.res, m.emit)
	}
	return p.last, p.err
}

// add adds the counts and row errors of a chunk, r, to the file's.
func (m *merger) add(r *Result) {
	res := m.res
	res.RowsRead += r.RowsRead
	res.Rejected += r.Rejected
	res.Skipped += r.Skipped
	res.BadTimes += r.BadTimes
	res.Repaired += r.Repaired
	room := max(0, m.im.Options.MaxErrors-len(res.Errors))
	res.Errors = append(res.Errors, r.Errors[:min(room, len(r.Errors))]...)
}
