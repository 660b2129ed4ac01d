package store

import (
	"fmt"
	"runtime"
	"unsafe"

	"modernc.org/libc"
	sqlite3 "modernc.org/sqlite/lib"
)

// rawConn is a connection through the low-level modernc.org/sqlite/lib
// binding, used only for the import transaction: binding an int64 there is
// one call, where database/sql converts, checks and names every argument.
// It measured 0.59 -> 0.9+ M rows/s for the events insert (design.md §6).
//
// Out-pointers and bound bytes live in Go heap memory passed by address:
// Go's collector does not move heap objects, and each is kept alive until
// SQLite is done with it (bytes are bound SQLITE_STATIC and the buffer is
// only rewritten for the next statement).
type rawConn struct {
	tls *libc.TLS
	db  uintptr
	buf []byte // the blobs and texts bound to the current statement
	// out receives the handles SQLite returns through a pointer. It must be
	// a field of this heap object: a local whose address only travels as a
	// uintptr may stay on the goroutine stack, which can move mid-call (it
	// did: a nil handle after open).
	out uintptr
}

func addr[T any](p *T) uintptr { return uintptr(unsafe.Pointer(p)) }

func openRaw(path string) (*rawConn, error) { return openRawFlags(path, sqlite3.SQLITE_OPEN_READWRITE) }

func openRawFlags(path string, flags int32) (*rawConn, error) {
	c := &rawConn{tls: libc.NewTLS()}
	name, err := libc.CString(path)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.tls, name)
	rc := sqlite3.Xsqlite3_open_v2(c.tls, name, addr(&c.out), flags, 0)
	c.db = c.out
	if rc != sqlite3.SQLITE_OK {
		err := c.err(rc)
		c.close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	sqlite3.Xsqlite3_busy_timeout(c.tls, c.db, 10000)
	if err := c.exec("PRAGMA synchronous=NORMAL; PRAGMA cache_size=-32768; PRAGMA temp_store=MEMORY"); err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

func (c *rawConn) err(rc int32) error {
	msg := "unknown error"
	if c.db != 0 {
		msg = libc.GoString(sqlite3.Xsqlite3_errmsg(c.tls, c.db))
	}
	return fmt.Errorf("sqlite %d: %s", rc, msg)
}

func (c *rawConn) close() {
	if c.db != 0 {
		sqlite3.Xsqlite3_close_v2(c.tls, c.db)
		c.db = 0
	}
	c.tls.Close()
}

// exec runs statements without results.
func (c *rawConn) exec(sql string) error {
	s, err := libc.CString(sql)
	if err != nil {
		return err
	}
	defer libc.Xfree(c.tls, s)
	if rc := sqlite3.Xsqlite3_exec(c.tls, c.db, s, 0, 0, 0); rc != sqlite3.SQLITE_OK {
		return fmt.Errorf("%s: %w", firstWords(sql), c.err(rc))
	}
	return nil
}

func firstWords(s string) string {
	if len(s) > 40 {
		return s[:40] + "..."
	}
	return s
}

func (c *rawConn) lastInsertID() int64 { return sqlite3.Xsqlite3_last_insert_rowid(c.tls, c.db) }

// rawStmt is a prepared statement on a rawConn.
type rawStmt struct {
	c *rawConn
	p uintptr
}

func (c *rawConn) prepare(sql string) (*rawStmt, error) {
	s, err := libc.CString(sql)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.tls, s)
	if rc := sqlite3.Xsqlite3_prepare_v2(c.tls, c.db, s, -1, addr(&c.out), 0); rc != sqlite3.SQLITE_OK {
		return nil, fmt.Errorf("prepare %s: %w", firstWords(sql), c.err(rc))
	}
	return &rawStmt{c: c, p: c.out}, nil
}

func (s *rawStmt) finalize() { sqlite3.Xsqlite3_finalize(s.c.tls, s.p) }

// args is one parameter for run: an int64, nil, a []byte or a string.
// Blobs and strings are copied into the connection's C buffer, which stays
// put until the statement has run, so SQLite may bind them without copying.
func (s *rawStmt) run(args []any) error {
	c := s.c
	need := 0
	for _, a := range args {
		switch v := a.(type) {
		case []byte:
			need += len(v)
		case string:
			need += len(v)
		}
	}
	if need+1 > len(c.buf) {
		c.buf = make([]byte, max(need+1, 2*len(c.buf), 1<<16))
	}
	mem := c.buf
	off := 0
	for i, a := range args {
		idx := int32(i + 1)
		var rc int32
		switch v := a.(type) {
		case int64:
			rc = sqlite3.Xsqlite3_bind_int64(c.tls, s.p, idx, v)
		case nil:
			rc = sqlite3.Xsqlite3_bind_null(c.tls, s.p, idx)
		case []byte:
			if v == nil {
				rc = sqlite3.Xsqlite3_bind_null(c.tls, s.p, idx)
				break
			}
			copy(mem[off:], v)
			rc = sqlite3.Xsqlite3_bind_blob(c.tls, s.p, idx, addr(&mem[off]), int32(len(v)), 0)
			off += len(v)
		case string:
			copy(mem[off:], v)
			rc = sqlite3.Xsqlite3_bind_text(c.tls, s.p, idx, addr(&mem[off]), int32(len(v)), 0)
			off += len(v)
		default:
			return fmt.Errorf("raw bind: unsupported %T", a)
		}
		if rc != sqlite3.SQLITE_OK {
			return c.err(rc)
		}
	}
	rc := sqlite3.Xsqlite3_step(c.tls, s.p)
	sqlite3.Xsqlite3_reset(c.tls, s.p)
	runtime.KeepAlive(mem)
	if rc != sqlite3.SQLITE_DONE && rc != sqlite3.SQLITE_ROW {
		return c.err(rc)
	}
	return nil
}

// readBlob reads one blob cell whole with SQLite's incremental blob API:
// a single copy from the pages into Go memory, where a query's column
// value is copied two or three times over (1 s for 74 MB measured).
func (c *rawConn) readBlob(table, column string, rowid int64) ([]byte, error) {
	t, err := libc.CString(table)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.tls, t)
	col, err := libc.CString(column)
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.tls, col)
	main, err := libc.CString("main")
	if err != nil {
		return nil, err
	}
	defer libc.Xfree(c.tls, main)
	if rc := sqlite3.Xsqlite3_blob_open(c.tls, c.db, main, t, col, rowid, 0, addr(&c.out)); rc != sqlite3.SQLITE_OK {
		return nil, fmt.Errorf("read %s.%s: %w", table, column, c.err(rc))
	}
	pb := c.out
	defer sqlite3.Xsqlite3_blob_close(c.tls, pb)
	n := int(sqlite3.Xsqlite3_blob_bytes(c.tls, pb))
	buf := make([]byte, n+1)
	if n > 0 {
		if rc := sqlite3.Xsqlite3_blob_read(c.tls, pb, addr(&buf[0]), int32(n), 0); rc != sqlite3.SQLITE_OK {
			return nil, fmt.Errorf("read %s.%s: %w", table, column, c.err(rc))
		}
	}
	runtime.KeepAlive(buf)
	return buf[:n], nil
}

// step advances a query; it returns false at the end.
func (s *rawStmt) step() (bool, error) {
	switch rc := sqlite3.Xsqlite3_step(s.c.tls, s.p); rc {
	case sqlite3.SQLITE_ROW:
		return true, nil
	case sqlite3.SQLITE_DONE:
		return false, nil
	default:
		return false, s.c.err(rc)
	}
}

func (s *rawStmt) int64(col int32) int64 { return sqlite3.Xsqlite3_column_int64(s.c.tls, s.p, col) }

// blob returns a view of a blob column, valid until the next step.
func (s *rawStmt) blob(col int32) []byte {
	p := sqlite3.Xsqlite3_column_blob(s.c.tls, s.p, col)
	n := int(sqlite3.Xsqlite3_column_bytes(s.c.tls, s.p, col))
	if p == 0 || n == 0 {
		return nil
	}
	return libc.GoBytes(p, n)
}
