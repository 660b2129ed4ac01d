package store

import (
	"fmt"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// rawBlob is an open handle of SQLite's incremental blob API on one cell:
// reading or writing it in pieces keeps a blob of any size out of memory.
type rawBlob struct {
	c    *rawConn
	p    uintptr
	size int
	what string // table.column, for errors
}

// openBlob opens the blob of column in the row rowid of table, for writing
// when write is set.
func (c *rawConn) openBlob(table, column string, rowid int64, write bool) (*rawBlob, error) {
	what := table + "." + column
	var names [3]uintptr
	for i, s := range []string{"main", table, column} {
		p, err := libc.CString(s)
		if err != nil {
			return nil, err
		}
		defer libc.Xfree(c.tls, p)
		names[i] = p
	}
	flags := int32(0)
	if write {
		flags = 1
	}
	if rc := sqlite3.Xsqlite3_blob_open(c.tls, c.db, names[0], names[1], names[2], rowid, flags, addr(c.out)); rc != sqlite3.SQLITE_OK {
		return nil, fmt.Errorf("open %s: %w", what, c.err(rc))
	}
	b := &rawBlob{c: c, p: *c.out, what: what}
	b.size = int(sqlite3.Xsqlite3_blob_bytes(c.tls, b.p))
	return b, nil
}

func (b *rawBlob) close() { sqlite3.Xsqlite3_blob_close(b.c.tls, b.p) }

// readAt fills p from offset off, through the connection's C buffer.
func (b *rawBlob) readAt(p []byte, off int) error {
	for len(p) > 0 {
		n := min(blobChunk, len(p))
		mem, err := b.c.scratch(n)
		if err != nil {
			return err
		}
		if rc := sqlite3.Xsqlite3_blob_read(b.c.tls, b.p, addr(&mem[0]), int32(n), int32(off)); rc != sqlite3.SQLITE_OK {
			return fmt.Errorf("read %s: %w", b.what, b.c.err(rc))
		}
		copy(p, mem[:n])
		p, off = p[n:], off+n
	}
	return nil
}

// writeAt writes p at offset off, which must lie inside the blob.
func (b *rawBlob) writeAt(p []byte, off int) error {
	for len(p) > 0 {
		n := min(blobChunk, len(p))
		mem, err := b.c.scratch(n)
		if err != nil {
			return err
		}
		copy(mem, p[:n])
		if rc := sqlite3.Xsqlite3_blob_write(b.c.tls, b.p, addr(&mem[0]), int32(n), int32(off)); rc != sqlite3.SQLITE_OK {
			return fmt.Errorf("write %s: %w", b.what, b.c.err(rc))
		}
		p, off = p[n:], off+n
	}
	return nil
}
