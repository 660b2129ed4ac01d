package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// ReadEventsFile is ReadEvents on the file at path ("-" for standard input).
func (im *Importer) ReadEventsFile(ctx context.Context, path string, emit func(*Event) error) (Result, error) {
	if path == "-" {
		return im.ReadEvents(ctx, "(stdin)", os.Stdin, -1, emit)
	}
	f, err := os.Open(path)
	if err != nil {
		return Result{File: path}, fmt.Errorf("import: %w", err)
	}
	defer func() { _ = f.Close() }() // read only: a failed close loses nothing
	size := int64(-1)
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return Result{File: path}, fmt.Errorf("import %s: is a directory", path)
	} else if err == nil && fi.Mode().IsRegular() {
		size = fi.Size()
	}
	return im.ReadEvents(ctx, path, f, size, emit)
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

// emitAll is readRows for ReadEvents: the same rules and counts, with
// events instead of encoded rows.
func (im *Importer) emitAll(ctx context.Context, src *stream, size int64, res *Result, emit func(*Event) error) error {
	rules := newRowRules(res.TimeRange)
	start, lastReport := time.Now(), time.Now()
	report := func() {
		im.Progress(Progress{File: res.File, BytesRead: src.counted.Size(), Total: size, Events: res.Imported,
			Elapsed: time.Since(start)})
	}
	var ev Event
	for n := 1; ; n++ {
		if n%ctxRows == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		err := src.rr.next(&ev)
		if errors.Is(err, io.EOF) {
			// A last report: the receiver's own work (ClickHouse's
			// copy) follows, and the bar should show the whole file read.
			if im.Progress != nil {
				report()
			}
			return nil
		}
		res.RowsRead++
		if err == nil {
			if re := rules.vet(&ev, src.rr.recordLine(), res); re != nil {
				err = re
			}
		}
		if err := im.countOrFail(err, res); err != nil {
			return err
		}
		if err != nil {
			continue
		}
		sortProps(&ev)
		if err := emit(&ev); err != nil {
			return err
		}
		res.Imported++
		if im.Progress != nil && n%ctxRows == 0 && time.Since(lastReport) > 100*time.Millisecond {
			lastReport = time.Now()
			report()
		}
	}
}

// countOrFail counts a bad row (nil: carry on) or returns a fatal error.
func (im *Importer) countOrFail(err error, res *Result) error {
	var re *RowError
	if errors.As(err, &re) {
		return im.count(re, res)
	}
	if err != nil {
		res.RowsRead--
		return err
	}
	return nil
}
