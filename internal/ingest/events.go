package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"time"
)

// ReadEventsFile is ReadEvents on the file at path ("-" for standard input).
func (im *Importer) ReadEventsFile(ctx context.Context, path string, emit func(*Event) error) (Result, error) {
	return withFile(path, func(name string, r io.Reader, size int64) (Result, error) {
		return im.ReadEvents(ctx, name, r, size, emit)
	})
}

// ReadEvents reads one stream as ImportReader does (format detection,
// gzip, the row rules, --strict and the counts of rejected and skipped
// rows, progress) but stores nothing: it hands every good event, its
// properties sorted and its DedupKey to compute, to emit. It is the seam
// for importers into other stores (internal/clickhouse), which find
// duplicates themselves: res.Imported counts the events emitted. ev is
// reused once emit returns; an error from emit ends the read.
func (im *Importer) ReadEvents(ctx context.Context, name string, r io.Reader, size int64,
	emit func(*Event) error) (res Result, err error) {
	start := time.Now()
	res = Result{File: name}
	if err := im.Options.Validate(); err != nil {
		return res, err
	}
	counted := newAheadReader(r, sha256.New())
	defer closeAhead(ctx, counted)()
	src, err := im.openStream(name, counted)
	res.Format = src.format
	if err != nil {
		return res, unopened(ctx, name, err)
	}
	res.TimeRange = im.Options.TimeRange.resolve(time.Now())
	if err := im.emitAll(ctx, src, size, &res, emit); err != nil {
		return res, abandoned(ctx, name, err)
	}
	if err := src.drain(); err != nil {
		return res, abandoned(ctx, name, err)
	}
	res.Size, res.SHA256 = src.counted.Size(), hex.EncodeToString(src.counted.h.Sum(nil))
	res.Duration = time.Since(start)
	return res, nil
}

// emitAll is readRows for ReadEvents: the same rules and counts
// (readEvents), with events instead of encoded rows.
func (im *Importer) emitAll(ctx context.Context, src *stream, size int64, res *Result, emit func(*Event) error) error {
	start, lastReport := time.Now(), time.Now()
	report := func() {
		im.Progress(Progress{File: res.File, BytesRead: src.counted.Size(), Total: size, Events: res.Imported,
			Elapsed: time.Since(start)})
	}
	var emitErr error
	err := im.readEvents(ctx, src.rr, res, func(ev *Event) bool {
		if emitErr = emit(ev); emitErr != nil {
			return false
		}
		res.Imported++
		if im.Progress != nil && res.Imported%ctxRows == 0 && time.Since(lastReport) > 100*time.Millisecond {
			lastReport = time.Now()
			report()
		}
		return true
	})
	if err != nil {
		return err
	}
	if emitErr != nil {
		return emitErr
	}
	// A last report: the receiver's own work (ClickHouse's copy) follows,
	// and the bar should show the whole file read.
	if im.Progress != nil {
		report()
	}
	return nil
}
