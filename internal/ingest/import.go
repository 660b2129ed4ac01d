package ingest

import (
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/funnelscope/funnelscope/internal/store"
)

// Result is what importing one file did.
type Result struct {
	File, Format string
	Size         int64
	SHA256       string
	RowsRead     int64 // records read, whatever became of them
	Imported     int64 // new events stored
	Duplicates   int64 // events already in the store (or earlier in the file)
	Rejected     int64 // bad rows skipped
	Skipped      int64 // valid rows that are not events (Segment identify, ...)
	// BadTimes counts the rejected rows whose time was outside TimeRange.
	BadTimes int64
	// Repaired counts the rows kept (imported or duplicate) whose text was
	// not valid UTF-8, its bad bytes replaced with U+FFFD.
	Repaired  int64
	TimeRange TimeRange // the event times accepted, both ends resolved
	Errors    []*RowError
	Duration  time.Duration
}

// Failed is true when rows were read but every one was rejected: nothing
// of the file is events the importer could use.
func (r Result) Failed() bool { return r.Imported == 0 && r.Duplicates == 0 && r.Rejected > 0 }

// Progress is a snapshot of a running import, for progress bars.
type Progress struct {
	File             string
	BytesRead, Total int64 // Total is -1 when unknown (stdin)
	Events           int64
	Elapsed          time.Duration
}

// Importer imports files into one store. It keeps the store's dictionaries
// in memory between files.
type Importer struct {
	Store    *store.Store
	Options  Options
	Progress func(Progress) // called from the importing goroutine, at most every 100 ms
	enc      *encoder
}

// batchRows is how many events travel from the parser to the writer at once.
const batchRows = 2048

type batch struct {
	rows    []store.Row
	dicts   []store.DictEntry
	pending []pendingRef // strings the rows refer to by negative ids
	err     error        // the parser's final error, if any
}

// ImportFile imports the file at path ("-" for standard input). Gzip is
// detected from the content and read transparently.
func (im *Importer) ImportFile(ctx context.Context, path string) (Result, error) {
	return withFile(path, func(name string, r io.Reader, size int64) (Result, error) {
		return im.ImportReader(ctx, name, r, size)
	})
}

// withFile opens the file at path ("-" for standard input) and hands read
// its name, content and size (-1 when unknown), closing it after.
func withFile(path string, read func(name string, r io.Reader, size int64) (Result, error)) (Result, error) {
	if path == "-" {
		return read("(stdin)", os.Stdin, -1)
	}
	f, err := os.Open(path)
	if err != nil {
		return Result{File: path}, fmt.Errorf("import: %w", err)
	}
	defer func() { _ = f.Close() }() // read only: a failed close loses nothing
	size := int64(-1)
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return Result{File: path}, fmt.Errorf("import %s: is a directory (name the files in it: %s)",
			path, filepath.Join(path, "*"))
	} else if err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return read(path, f, size)
}

// ImportReader imports one stream named name, of size bytes (-1 if unknown),
// in a single transaction: on any error nothing of it is stored.
func (im *Importer) ImportReader(ctx context.Context, name string, r io.Reader, size int64) (res Result, err error) {
	start := time.Now()
	res = Result{File: name}
	if err := im.Options.Validate(); err != nil {
		return res, err
	}
	counted := newAheadReader(r, sha256.New())
	defer closeAhead(ctx, counted)() // before a read that may wait (sniffing an idle stdin)
	src, err := im.openStream(name, counted)
	res.Format = src.format
	if err != nil {
		return res, unopened(ctx, name, err)
	}
	tx, err := im.Store.BeginImport(ctx, store.ImportMeta{File: name, Format: src.format, Started: start})
	if err != nil {
		return res, abandoned(ctx, name, err)
	}
	if err := im.prepareEncoder(ctx, tx); err != nil {
		tx.Rollback()
		return res, abandoned(ctx, name, err)
	}
	if err := im.runToEnd(ctx, tx, src, size, &res); err != nil {
		tx.Rollback()
		im.enc = nil // ids handed out in the abandoned transaction are void
		return res, abandoned(ctx, name, err)
	}
	res.Size, res.SHA256 = src.counted.Size(), hex.EncodeToString(src.counted.h.Sum(nil))
	res.Duration = time.Since(start)
	return res, im.commit(ctx, tx, &res)
}

// stream is an input opened for reading: its bytes counted and hashed as
// they are read, unwrapped from gzip, and its format's record reader.
type stream struct {
	counted *aheadReader
	plain   io.Reader // the content, after gzip
	rr      recordReader
	format  string
}

// openStream opens the input read by counted, named name, as the options
// say. The stream is returned on an error too.
func (im *Importer) openStream(name string, counted *aheadReader) (*stream, error) {
	s := &stream{counted: counted}
	var err error
	if s.plain, err = maybeGunzip(s.counted, name); err != nil {
		return s, err
	}
	s.rr, s.format, err = openReader(bufio.NewReaderSize(s.plain, sniffBytes+4096), &im.Options)
	return s, err
}

// drain reads what the parser left (a JSON array's tail, gzip's trailer)
// so that the checksum covers the whole file. The rest goes through plain,
// so that gzip checks its trailer (a truncated or corrupt stream).
func (s *stream) drain() error {
	if _, err := io.Copy(io.Discard, s.plain); err != nil {
		return fmt.Errorf("read to the end: %w", err)
	}
	if _, err := io.Copy(io.Discard, s.counted); err != nil {
		return fmt.Errorf("read to the end: %w", err)
	}
	return nil
}

// closeAhead stops the read-ahead when ctx ends, so that a parser waiting
// for input (an idle standard input) gives up at once, and returns what
// ends it when the import does. An interrupted import does not wait for a
// read of the source that may never return.
func closeAhead(ctx context.Context, a *aheadReader) func() {
	stop := context.AfterFunc(ctx, a.abort)
	return func() {
		stop()
		if ctx.Err() != nil {
			a.abort()
			return
		}
		a.Close()
	}
}

// unopened words the error of an import that ended before it began.
func unopened(ctx context.Context, name string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("import %s: interrupted; nothing of this file was imported", name)
	}
	return fmt.Errorf("import %s: %w", name, err)
}

// runToEnd imports the records of src, then drains it: a read error there
// is as fatal as one mid-file, since the import would record a checksum of
// part of the file.
func (im *Importer) runToEnd(ctx context.Context, tx *store.ImportTx, src *stream, size int64, res *Result) error {
	if err := im.run(ctx, tx, src.rr, src.counted.Size, size, res); err != nil {
		return err
	}
	return src.drain()
}

// abandoned words the error of a rolled-back import: an unopened one's,
// saying that what was read is not kept.
func abandoned(ctx context.Context, name string, err error) error {
	return unopened(ctx, name, fmt.Errorf("%w (nothing of this file was imported)", err))
}

// commit records res and ends the transaction.
func (im *Importer) commit(ctx context.Context, tx *store.ImportTx, res *Result) error {
	err := tx.Commit(ctx, store.ImportStats{Size: res.Size, SHA256: res.SHA256, RowsRead: res.RowsRead,
		Imported: res.Imported, Duplicates: res.Duplicates, Rejected: res.Rejected, Skipped: res.Skipped,
		Finished: time.Now()})
	if err != nil {
		im.enc = nil
		return fmt.Errorf("import %s: %w", res.File, err)
	}
	im.enc.seenImport = tx.ImportID()
	return nil
}

// prepareEncoder keeps the encoder of the previous file when no other
// import committed since, and loads a fresh one otherwise.
func (im *Importer) prepareEncoder(ctx context.Context, tx *store.ImportTx) error {
	if im.enc != nil {
		prev, err := tx.PreviousImport(ctx)
		if err != nil {
			return err
		}
		if prev == im.enc.seenImport {
			return nil
		}
	}
	enc, err := loadEncoder(ctx, tx)
	im.enc = enc
	return err
}

// run parses in one goroutine and writes in this one, so the two overlap,
// then removes the rows that were duplicates.
func (im *Importer) run(ctx context.Context, tx *store.ImportTx, rr recordReader, bytesRead func() int64,
	size int64, res *Result) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	res.TimeRange = im.Options.TimeRange.resolve(time.Now())
	batches := make(chan batch, 4)
	// The writer hands the row slices it is done with back to the parser,
	// so that an import does not make a fresh one per batch for the GC.
	free := make(chan []store.Row, cap(batches)+2)
	go im.parse(ctx, im.enc, rr, res, batches, free)
	// On any return, stop the parser and wait for it: the caller may drop
	// the encoder, which the parser must be done with by then.
	defer func() {
		cancel()
		for range batches {
		}
	}()
	var events int64
	start, lastReport := time.Now(), time.Now()
	for b := range batches {
		if b.err != nil {
			return b.err
		}
		if err := tx.AddDict(ctx, b.dicts); err != nil {
			return err
		}
		if err := im.resolvePending(ctx, tx, b); err != nil {
			return err
		}
		if err := tx.InsertEvents(ctx, b.rows); err != nil {
			return err
		}
		res.Imported += int64(len(b.rows))
		events += int64(len(b.rows))
		select {
		case free <- b.rows[:0]:
		default:
		}
		if im.Progress != nil && time.Since(lastReport) > 100*time.Millisecond {
			lastReport = time.Now()
			im.Progress(Progress{File: res.File, BytesRead: bytesRead(), Total: size, Events: events,
				Elapsed: time.Since(start)})
		}
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	removed, err := tx.RemoveDuplicates(ctx)
	res.Imported -= removed
	res.Duplicates += removed
	return err
}

// parse reads every record, encodes the good ones into batches and counts
// the rest. res's row counters belong to this goroutine until batches closes.
// Row slices come from free when it has one.
func (im *Importer) parse(ctx context.Context, enc *encoder, rr recordReader, res *Result, out chan<- batch,
	free <-chan []store.Row) {
	defer close(out)
	send := func(b batch) bool {
		select {
		case out <- b:
			return true
		case <-ctx.Done():
			return false
		}
	}
	rows := make([]store.Row, 0, batchRows)
	err := im.readRows(ctx, enc, rr, res, func(row store.Row) bool {
		rows = append(rows, row)
		if len(rows) < batchRows {
			return true
		}
		if !send(newBatch(rows, enc)) {
			return false
		}
		select {
		case rows = <-free:
		default:
			rows = make([]store.Row, 0, batchRows)
		}
		return true
	})
	if err != nil {
		send(batch{err: err})
		return
	}
	if len(rows) > 0 && ctx.Err() == nil {
		send(newBatch(rows, enc))
	}
}

// newBatch takes rows and what enc added for them.
func newBatch(rows []store.Row, enc *encoder) batch {
	b := batch{rows: rows}
	b.dicts, b.pending = enc.takeAdded()
	return b
}

// resolvePending gives the rows of b that refer to pending strings their
// ids: the store's, or new ones for strings it turns out not to hold (the
// encoder's filter answers "maybe" for about 1% of new strings).
func (im *Importer) resolvePending(ctx context.Context, tx *store.ImportTx, b batch) error {
	if len(b.pending) == 0 {
		return nil
	}
	ids := make([]int64, len(b.pending))
	for i, p := range b.pending {
		id, ok, err := tx.LookupDict(ctx, p.kind, p.s)
		if err != nil {
			return err
		}
		if !ok {
			id = im.enc.allocate(p.kind)
			if err := tx.AddDict(ctx, []store.DictEntry{{Kind: p.kind, ID: id, Value: p.s}}); err != nil {
				return err
			}
		}
		ids[i] = id
	}
	for i := range b.rows {
		r := &b.rows[i]
		if r.User < 0 {
			r.User = ids[-r.User-1]
		}
		if r.Session < 0 {
			r.Session = ids[-r.Session-1]
		}
	}
	return nil
}

// ctxRows is how many records go by between looks at the context: often
// enough to stop within milliseconds whatever becomes of the rows (a
// stream of duplicates sends the writer nothing to notice it by), seldom
// enough to cost nothing.
const ctxRows = 1024

// readRows reads the records of rr, checks each (rowRules) and encodes the
// good ones, hands every new row to keep and counts the rest in res. It
// stops at the end, at a fatal error (which it returns), when keep returns
// false, or when ctx is done (returning its error). The records are read
// ahead of the encoding (readParsed).
func (im *Importer) readRows(ctx context.Context, enc *encoder, rr recordReader, res *Result,
	keep func(store.Row) bool) error {
	return im.readParsed(ctx, rr, res, func(ev *Event) bool { return keep(enc.encode(ev)) })
}

// readParsed is readEvents run ahead of emit: in chunks parsed in
// parallel (readChunks) where rr's format allows, else in one goroutine
// (readAhead).
func (im *Importer) readParsed(ctx context.Context, rr recordReader, res *Result, emit func(*Event) bool) error {
	if c, ok := rr.(chunkable); ok {
		return im.readChunks(ctx, c, res, emit)
	}
	return im.readAhead(ctx, rr, res, emit)
}

// readEvents reads the records of rr, checks each (rowRules), hands every
// good event, its properties sorted, to emit and counts the rest in res.
// It stops as readRows does, emit returning false for keep.
func (im *Importer) readEvents(ctx context.Context, rr recordReader, res *Result, emit func(*Event) bool) error {
	rules := newRowRules(res.TimeRange)
	var ev Event
	for n := 1; ; n++ {
		if n%ctxRows == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		err := rr.next(&ev)
		if errors.Is(err, io.EOF) {
			return nil
		}
		res.RowsRead++
		if err == nil {
			if re := rules.vet(&ev, rr.recordLine(), res); re != nil {
				err = re
			}
		}
		var re *RowError
		if errors.As(err, &re) {
			if err := im.count(re, res); err != nil {
				return err
			}
			continue
		}
		if err != nil {
			res.RowsRead--
			return err
		}
		sortProps(&ev)
		if !emit(&ev) {
			return nil
		}
	}
}

// count counts the row re skipped or rejected, keeping the first few
// errors; under --strict a rejected row is the import's error.
func (im *Importer) count(re *RowError, res *Result) error {
	re.File = res.File
	if re.NotEvent {
		res.Skipped++
		return nil
	}
	res.Rejected++
	if im.Options.Strict {
		return fmt.Errorf("--strict: %w", re)
	}
	if len(res.Errors) < im.Options.MaxErrors {
		res.Errors = append(res.Errors, re)
	}
	return nil
}

// maybeGunzip unwraps gzip when the stream starts with its magic bytes.
// name is the file's, for the error of a truncated stream.
func maybeGunzip(r io.Reader, name string) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic, _ := br.Peek(2)
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, gzipError(err, name)
		}
		return &gunzipReader{zr: zr, name: name}, nil
	}
	return br, nil
}

// gunzipReader is a gzip stream whose errors say what went wrong in words.
type gunzipReader struct {
	zr   *gzip.Reader
	name string
}

func (g *gunzipReader) Read(p []byte) (int, error) {
	n, err := g.zr.Read(p)
	if errors.Is(err, io.ErrUnexpectedEOF) {
		err = truncatedGzip(g.name)
	}
	return n, err
}

// gzipError words an error of opening the gzip stream of the file name.
func gzipError(err error, name string) error {
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return truncatedGzip(name)
	}
	return fmt.Errorf("gzip: %w", err)
}

// truncatedGzip is what gzip calls an "unexpected EOF", which says neither
// which file nor that it is cut short.
func truncatedGzip(name string) error {
	return fmt.Errorf("truncated gzip: %s ends before its end-of-stream marker", name)
}
