package store

import (
	"context"
	"fmt"
	"io"
)

// CacheColumn is one snapshot cache column to write from a reader of Size
// bytes, so that no column need be in memory whole.
type CacheColumn struct {
	Name string
	Size int64
	R    io.Reader
}

// CacheWritable reports whether SaveSnapshotCacheStream may write the
// cache: the store is open for writing, or read-only on a file that is
// funnelscope's, at the current schema, and this process may write with
// its directory (see OpenWith). A read-only store writes it through a
// connection of its own that lives for the write, and does not stamp
// ApplicationID: only a writable open does.
func (s *Store) CacheWritable() bool { return !s.readOnly || s.cacheWritable }

// SaveSnapshotCacheStream replaces the cached columns in one transaction,
// copying each column into its blob a piece at a time, through a
// connection of its own. It returns ErrReadOnly unless CacheWritable.
func (s *Store) SaveSnapshotCacheStream(ctx context.Context, gen int64, version int, cols []CacheColumn) error {
	if !s.CacheWritable() {
		return ErrReadOnly
	}
	raw, err := openRaw(s.path)
	if err != nil {
		return fmt.Errorf("save snapshot cache: %w", err)
	}
	defer raw.close()
	if err := raw.exec("BEGIN IMMEDIATE"); err != nil {
		return fmt.Errorf("save snapshot cache: %w", err)
	}
	if err := writeCacheColumns(ctx, raw, gen, version, cols); err != nil {
		_ = raw.exec("ROLLBACK") // the error that matters is err
		return fmt.Errorf("save snapshot cache: %w", err)
	}
	if err := raw.exec("COMMIT"); err != nil {
		_ = raw.exec("ROLLBACK")
		return fmt.Errorf("save snapshot cache: %w", err)
	}
	return nil
}

// writeCacheColumns writes the cache inside raw's open transaction.
func writeCacheColumns(ctx context.Context, raw *rawConn, gen int64, version int, cols []CacheColumn) error {
	if err := raw.exec("DELETE FROM snapshot_cache"); err != nil {
		return err
	}
	ins, err := raw.prepare(`INSERT INTO snapshot_cache(name, data) VALUES (?, zeroblob(?))`)
	if err != nil {
		return err
	}
	defer ins.finalize()
	for _, c := range cols {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := writeChunks(raw, ins, c); err != nil {
			return fmt.Errorf("column %s: %w", c.Name, err)
		}
	}
	meta, err := raw.prepare(`INSERT OR REPLACE INTO snapshot_meta(id, built_for, version) VALUES (1, ?, ?)`)
	if err != nil {
		return err
	}
	defer meta.finalize()
	return meta.run([]any{gen, int64(version)})
}

// writeChunks writes column c as rows of at most cacheChunk bytes each
// (see chunkName), inserting each through ins; an empty column is one
// empty row.
func writeChunks(raw *rawConn, ins *rawStmt, c CacheColumn) error {
	left := c.Size
	for i := 0; i == 0 || left > 0; i++ {
		n := min(left, cacheChunk)
		if err := ins.run([]any{chunkName(c.Name, i), n}); err != nil {
			return err
		}
		if err := copyToBlob(raw, "snapshot_cache", raw.lastInsertID(), c.R, n); err != nil {
			return err
		}
		left -= n
	}
	return nil
}

// copyToBlob copies size bytes of r into the zeroblob of table's data
// column in row rowid.
func copyToBlob(raw *rawConn, table string, rowid int64, r io.Reader, size int64) error {
	if size == 0 {
		return nil
	}
	b, err := raw.openBlob(table, "data", rowid, true)
	if err != nil {
		return err
	}
	defer b.close()
	buf := make([]byte, min(int64(blobChunk), size))
	for off := int64(0); off < size; {
		n, err := io.ReadFull(r, buf[:min(int64(len(buf)), size-off)])
		if err != nil {
			return fmt.Errorf("read column: %w", err)
		}
		if err := b.writeAt(buf[:n], int(off)); err != nil {
			return err
		}
		off += int64(n)
	}
	return nil
}

// DictCursor reads one dictionary forward in id order, for a caller that
// asks for ids in ascending order (the snapshot's users) without loading
// the dictionary.
type DictCursor struct {
	raw  *rawConn
	st   *rawStmt
	what string
}

// OpenDictCursor opens a cursor on dictionary kind; Close it after use.
func (s *Store) OpenDictCursor(kind DictKind) (*DictCursor, error) {
	t := dictTables[kind]
	raw, err := s.openRawReader()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", t.table, err)
	}
	st, err := raw.prepare(fmt.Sprintf("SELECT id, %s FROM %s ORDER BY id", t.col, t.table))
	if err != nil {
		raw.close()
		return nil, fmt.Errorf("read %s: %w", t.table, err)
	}
	return &DictCursor{raw: raw, st: st, what: t.table}, nil
}

// Find returns the string of id, which must be above the last id asked.
func (c *DictCursor) Find(id int64) (string, error) {
	for {
		ok, err := c.st.step()
		if err != nil {
			return "", fmt.Errorf("read %s: %w", c.what, err)
		}
		if !ok {
			return "", fmt.Errorf("id %d is not in %s: the database is corrupt", id, c.what)
		}
		switch got := c.st.int64(0); {
		case got == id:
			return string(c.st.blob(1)), nil
		case got > id:
			return "", fmt.Errorf("id %d is not in %s: the database is corrupt", id, c.what)
		}
	}
}

// Next returns the next entry in id order; ok is false at the end.
func (c *DictCursor) Next() (id int64, s string, ok bool, err error) {
	ok, err = c.st.step()
	if err != nil || !ok {
		if err != nil {
			err = fmt.Errorf("read %s: %w", c.what, err)
		}
		return 0, "", false, err
	}
	return c.st.int64(0), string(c.st.blob(1)), true, nil
}

// Close ends the cursor.
func (c *DictCursor) Close() {
	c.st.finalize()
	c.raw.close()
}
