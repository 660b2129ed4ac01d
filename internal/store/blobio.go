package store

import (
	"fmt"
	"io"
	"strconv"

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

// cacheChunk is the most bytes one snapshot cache row holds: a column
// larger than this (prop_data is 1.2 GB at 100 M events) is split over
// rows, as one value may not pass SQLite's limit of 1e9 bytes. A variable
// so that tests can split small columns.
var cacheChunk int64 = 512 << 20

// chunkName names the row of chunk i of column name: chunk 0 keeps the
// column's own name, chunk i > 0 is "name#i".
func chunkName(name string, i int) string {
	if i == 0 {
		return name
	}
	return name + "#" + strconv.Itoa(i)
}

// openChunks opens column name's chunk blobs in order, nil when the
// column is not cached; close them with closeBlobs.
func openChunks(raw *rawConn, rowids map[string]int64, name string) ([]*rawBlob, error) {
	var blobs []*rawBlob
	for i := 0; ; i++ {
		rowid, found := rowids[chunkName(name, i)]
		if !found {
			return blobs, nil
		}
		b, err := raw.openBlob("snapshot_cache", "data", rowid, false)
		if err != nil {
			closeBlobs(blobs)
			return nil, fmt.Errorf("%s: %w", chunkName(name, i), err)
		}
		blobs = append(blobs, b)
	}
}

func closeBlobs(blobs []*rawBlob) {
	for _, b := range blobs {
		b.close()
	}
}

// chunkedReader reads a column's chunk blobs as one stream of bytes.
type chunkedReader struct {
	blobs []*rawBlob
	start []int64 // start[i] is the column offset of blobs[i]; one more for the end
}

func chunkedReaderAt(blobs []*rawBlob) *chunkedReader {
	r := &chunkedReader{blobs: blobs, start: make([]int64, 1, len(blobs)+1)}
	for _, b := range blobs {
		r.start = append(r.start, r.start[len(r.start)-1]+int64(b.size))
	}
	return r
}

func (r *chunkedReader) size() int64 { return r.start[len(r.start)-1] }

// ReadAt reads p from offset off, across as many chunks as it spans.
func (r *chunkedReader) ReadAt(p []byte, off int64) (int, error) {
	read := 0
	for i, b := range r.blobs {
		if len(p) == 0 {
			break
		}
		if off >= r.start[i+1] {
			continue
		}
		at := off - r.start[i]
		n := min(int64(len(p)), int64(b.size)-at)
		if err := b.readAt(p[:n], int(at)); err != nil {
			return read, err
		}
		p, off, read = p[n:], off+n, read+int(n)
	}
	if len(p) > 0 {
		return read, io.EOF
	}
	return read, nil
}
