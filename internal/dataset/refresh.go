package dataset

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/store"
)

// Refresh writes st's snapshot cache for its current generation straight
// from the events, in memory that does not grow with them: the events are
// sorted in spilled runs (eventRuns), merged, and encoded column by
// column into temporary files (snapshot.ColumnWriter), which are copied
// into the cache. It writes what Encode of Build's log would, byte for
// byte, without ever holding the log: the import's snapshot step, whose
// peak would otherwise be two copies of every column. When only writing
// the cache fails (a full disk) the error is a *CacheError.
func Refresh(ctx context.Context, st *store.Store) error {
	err := refresh(ctx, st)
	if ce := (*CacheError)(nil); err != nil && !errors.As(err, &ce) {
		return fmt.Errorf("build snapshot: %w", err)
	}
	return err
}

func refresh(ctx context.Context, st *store.Store) error {
	gen, err := st.Generation(ctx)
	if err != nil {
		return err
	}
	files, err := buildColumns(ctx, st, filepath.Dir(st.Path()))
	if err != nil {
		return err
	}
	defer files.close()
	cols, err := files.columns()
	if err != nil {
		return err
	}
	if err := st.SaveSnapshotCacheStream(ctx, gen, snapshot.CacheVersion, cols); err != nil {
		return &CacheError{err}
	}
	return nil
}

// buildColumns sorts st's events through runs spilled to dir and encodes
// every cache column into a temporary file there.
func buildColumns(ctx context.Context, st *store.Store, dir string) (*columnFiles, error) {
	runs := &eventRuns{dir: dir}
	defer runs.close()
	if err := st.ScanEvents(ctx, runs.add); err != nil {
		return nil, err
	}
	files, err := newColumnFiles(dir)
	if err == nil {
		err = writeColumns(ctx, st, runs, files)
	}
	if err != nil {
		files.close()
		return nil, err
	}
	return files, nil
}

// writeColumns writes the dictionaries, then the events merged from runs.
func writeColumns(ctx context.Context, st *store.Store, runs *eventRuns, files *columnFiles) error {
	users, err := st.OpenDictCursor(store.DictUsers)
	if err != nil {
		return err
	}
	defer users.Close()
	names, err := dictSize(st, store.DictNames)
	if err != nil {
		return err
	}
	cw := snapshot.NewColumnWriter(files.writer, names, users.Find)
	for _, d := range []struct {
		kind store.DictKind
		col  string
	}{{store.DictNames, "names"}, {store.DictKeys, "keys"}, {store.DictValues, "values"}} {
		col := snapshot.DictColumn(d.col)
		if err := eachDictString(st, d.kind, func(s string) { cw.WriteDict(col, s) }); err != nil {
			return err
		}
	}
	n := 0
	err = runs.merge(func(ev *snapshot.StreamEvent) error {
		if n++; n%65536 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		return cw.Add(ev)
	})
	if err != nil {
		return err
	}
	return cw.Close()
}

// dictSize is the number of entries of a dictionary, entry 0 included.
func dictSize(st *store.Store, kind store.DictKind) (int, error) {
	n := 0
	err := eachDictString(st, kind, func(string) { n++ })
	return n, err
}

// eachDictString calls fn on entry 0 ("") and every string of a
// dictionary in id order, refusing ids that are not 1, 2, 3... as
// DictStrings does.
func eachDictString(st *store.Store, kind store.DictKind, fn func(s string)) error {
	c, err := st.OpenDictCursor(kind)
	if err != nil {
		return err
	}
	defer c.Close()
	fn("")
	for want := int64(1); ; want++ {
		id, s, ok, err := c.Next()
		if err != nil || !ok {
			return err
		}
		if id != want {
			return fmt.Errorf("dictionary %d: id %d where %d was due: the database is damaged", kind, id, want)
		}
		fn(s)
	}
}

// columnFiles holds each column's encoding in a temporary file.
type columnFiles struct {
	files map[string]*os.File
}

func newColumnFiles(dir string) (*columnFiles, error) {
	c := &columnFiles{files: map[string]*os.File{}}
	for _, col := range snapshot.StreamColumns {
		f, err := tempFile(dir, ".funnelscope-column-*")
		if err != nil {
			return c, err
		}
		c.files[col] = f
	}
	return c, nil
}

func (c *columnFiles) writer(col string) io.Writer { return c.files[col] }

// columns rewinds the files for reading into the cache.
func (c *columnFiles) columns() ([]store.CacheColumn, error) {
	var out []store.CacheColumn
	for _, col := range snapshot.StreamColumns {
		f := c.files[col]
		size, err := f.Seek(0, io.SeekCurrent)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", col, err)
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return nil, fmt.Errorf("column %s: %w", col, err)
		}
		out = append(out, store.CacheColumn{Name: col, Size: size, R: bufio.NewReaderSize(f, 256<<10)})
	}
	return out, nil
}

func (c *columnFiles) close() {
	for _, f := range c.files {
		closeTemp(f)
	}
}
