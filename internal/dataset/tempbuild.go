package dataset

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/store"
)

// buildTemp builds st's snapshot without writing st, in memory that does
// not grow with the events beyond the log itself: the columns are encoded
// through temporary files in tempDir, as Refresh encodes them into the
// cache, then opened as a cache is. The core columns are read whole; the
// property files stay open, read per decoded key, until the log is
// collected. Holding the properties in memory instead would cost 16 bytes
// an event (163 MB at 10 M), and a build in memory 1.5 GB there.
func buildTemp(ctx context.Context, st *store.Store) (*snapshot.Log, error) {
	files, err := buildColumns(ctx, st, tempDir())
	if err != nil {
		return nil, fmt.Errorf("build snapshot: %w", err)
	}
	cols := map[string][]byte{}
	for _, c := range snapshot.CoreColumns {
		if cols[c], err = files.readAll(c); err != nil {
			files.close()
			return nil, fmt.Errorf("build snapshot: %w", err)
		}
	}
	props := files.keep(snapshot.ColPropOffsets, snapshot.ColPropData)
	files.close()
	l, err := snapshot.DecodeStream(cols, props.source())
	if err != nil {
		props.close()
		return nil, fmt.Errorf("build snapshot: %w", err)
	}
	runtime.AddCleanup(l, func(p propFiles) { p.close() }, props)
	return l, nil
}

// tempDir is where buildTemp's files go: the user's cache directory, on
// disk where the system's temporary directory may be memory (tmpfs), else
// the latter.
func tempDir() string {
	if d, err := os.UserCacheDir(); err == nil {
		d = filepath.Join(d, "funnelscope")
		if os.MkdirAll(d, 0o700) == nil {
			return d
		}
	}
	return os.TempDir()
}

// propFiles are the property columns of a log built by buildTemp.
type propFiles struct {
	offsets, data *os.File
	offN, dataN   int64
}

// source reads the files afresh on each call, as the cache's blobs are.
func (p propFiles) source() snapshot.PropSource {
	return func(read func(snapshot.PropBlobs) error) error {
		return read(snapshot.PropBlobs{
			Offsets: io.NewSectionReader(p.offsets, 0, p.offN), Data: io.NewSectionReader(p.data, 0, p.dataN),
			OffsetsLen: p.offN, DataLen: p.dataN})
	}
}

func (p propFiles) close() {
	closeTemp(p.offsets)
	closeTemp(p.data)
}

// readAll returns the bytes written to column col.
func (c *columnFiles) readAll(col string) ([]byte, error) {
	f := c.files[col]
	n, err := f.Seek(0, io.SeekCurrent)
	if err != nil {
		return nil, fmt.Errorf("column %s: %w", col, err)
	}
	b := make([]byte, n)
	if _, err := f.ReadAt(b, 0); err != nil {
		return nil, fmt.Errorf("column %s: %w", col, err)
	}
	return b, nil
}

// keep takes the property columns' files out of c, which no longer closes
// them.
func (c *columnFiles) keep(offsets, data string) propFiles {
	p := propFiles{offsets: c.files[offsets], data: c.files[data]}
	p.offN, _ = p.offsets.Seek(0, io.SeekCurrent) // Seek on an open file fails only for a pipe
	p.dataN, _ = p.data.Seek(0, io.SeekCurrent)
	delete(c.files, offsets)
	delete(c.files, data)
	return p
}
