package ingest

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// endless is a header and then one row over and over, without end: it
// calls onBytes once when it has given that many bytes, and ends (EOF)
// only when told to stop.
type endless struct {
	block   []byte // many copies of the row
	pending []byte
	n       int64
	onBytes int64
	on      func()
	stop    atomic.Bool
}

func newEndless(header, row string, onBytes int64, on func()) *endless {
	return &endless{block: []byte(strings.Repeat(row, 64<<10/len(row))), pending: []byte(header),
		onBytes: onBytes, on: on}
}

func (e *endless) Read(p []byte) (int, error) {
	if e.stop.Load() {
		return 0, io.EOF
	}
	if len(e.pending) == 0 {
		e.pending = e.block
	}
	n := copy(p, e.pending)
	e.pending = e.pending[n:]
	if e.n += int64(n); e.n >= e.onBytes && e.on != nil {
		e.on()
		e.on = nil
	}
	return n, nil
}

func TestAnInterruptStopsAnImportPromptlyWhateverBecomesOfTheRows(t *testing.T) {
	// Small chunks: many are in flight when the interrupt comes (the
	// streams are read in chunks: TestCSVAndNDJSONStreamsAreReadInChunks).
	useChunks(t, 64<<10, chunkRecordMax)
	const header = "user_id,event,timestamp\n"
	tests := []struct {
		name   string
		source func(cancel func()) io.Reader
	}{
		{"every row a duplicate", func(cancel func()) io.Reader {
			return newEndless(header, "u1,view,2024-03-01T10:00:00Z\n", 8<<20, cancel)
		}},
		{"every row rejected", func(cancel func()) io.Reader {
			return newEndless(header, "u1,view,not a time\n", 8<<20, cancel)
		}},
		{"no input coming (an idle standard input)", func(cancel func()) io.Reader {
			r, w := io.Pipe()
			t.Cleanup(func() { w.Close() })
			go func() {
				_, _ = w.Write([]byte(header + "u1,view,2024-03-01T10:00:00Z\n"))
				time.Sleep(50 * time.Millisecond)
				cancel()
			}()
			return r
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openTemp(t)
			im := &Importer{Store: st}
			if _, err := importString(t, st, Options{}, "first", header+"u1,view,2024-03-01T10:00:00Z\n"); err != nil {
				t.Fatal(err)
			}
			before := summary(t, st)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var cancelled atomic.Int64 // UnixNano of the cancel
			src := tt.source(func() { cancelled.Store(time.Now().UnixNano()); cancel() })
			if e, ok := src.(*endless); ok {
				defer e.stop.Store(true) // let a stuck import end after the test failed
			}
			done := make(chan error, 1)
			go func() {
				_, err := im.ImportReader(ctx, "(stdin)", src, -1)
				done <- err
			}()
			var err error
			select {
			case err = <-done:
			case <-time.After(30 * time.Second):
				t.Fatal("the import neither ended nor noticed the interrupt within 30s")
			}
			if c := cancelled.Load(); c == 0 {
				t.Fatalf("the import ended before the interrupt: %v", err)
			} else if waited := time.Since(time.Unix(0, c)); waited > time.Second {
				t.Errorf("the import took %v to stop after the interrupt, want well under a second", waited)
			}
			if err == nil || !strings.Contains(err.Error(), "interrupted") {
				t.Errorf("error %v, want it to say the import was interrupted", err)
			}
			if got := summary(t, st); got != before || len(imports(t, st)) != 1 {
				t.Errorf("store changed: %+v, was %+v", got, before)
			}
		})
	}
}

func TestImportingADirectorySaysItIsOne(t *testing.T) {
	dir := t.TempDir()
	_, err := (&Importer{Store: openTemp(t)}).ImportFile(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), dir+": is a directory") ||
		!strings.Contains(err.Error(), filepath.Join(dir, "*")) {
		t.Errorf("error %v, want it to say %s is a directory and how to name its files", err, dir)
	}
}

func TestATruncatedGzipSaysWhichFileEndsTooSoon(t *testing.T) {
	csvData := string(manyEvents(40000))
	array := `[{"user_id":"u","event":"e","timestamp":1709287200}]` + strings.Repeat(" ", 100)
	tests := []struct {
		name string
		z    []byte
	}{
		{"cut in its header", gzipped(csvData)[:5]},
		{"cut in the first megabyte of text", cut(gzipped(csvData), 0.3)},
		{"cut past the first megabyte", cut(gzipped(csvData), 0.9)},
		{"cut in its trailer, after the last JSON record", cut(gzipped(array), -4)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := openTemp(t)
			path := filepath.Join(t.TempDir(), "events.gz")
			if err := os.WriteFile(path, tt.z, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := (&Importer{Store: st}).ImportFile(context.Background(), path)
			want := "truncated gzip: " + path + " ends before its end-of-stream marker"
			if err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "unexpected EOF") {
				t.Errorf("error %v, want it to say %q", err, want)
			}
			if len(imports(t, st)) != 0 {
				t.Errorf("the truncated file was recorded as imported")
			}
		})
	}
}

// cut returns b cut to a fraction of its length, or short of its end by
// -f bytes when f is negative.
func cut(b []byte, f float64) []byte {
	if f < 0 {
		return bytes.Clone(b[:len(b)+int(f)])
	}
	return bytes.Clone(b[:int(float64(len(b))*f)])
}
