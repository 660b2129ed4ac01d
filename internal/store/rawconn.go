package store

import (
	"fmt"
	"net/url"
	"unsafe"

	"modernc.org/libc"
	"modernc.org/memory"
	sqlite3 "modernc.org/sqlite/lib"
)

// rawConn is a connection through the low-level modernc.org/sqlite/lib
// binding, used for the import transaction and the bulk reads: binding an
// int64 there is one call, where database/sql converts, checks and names
// every argument (the events insert went from 0.59 to 0.9+ M rows/s).
//
// Every address handed to SQLite points into C memory from mem, never into
// Go memory. The transpiled SQLite turns each uintptr back into a pointer:
// for Go memory the race detector's checkptr rejects that (fatally), and a
// goroutine stack may move under it mid-call. The memory package hands its
// C memory out as []byte or unsafe.Pointer, so this file only ever turns a
// pointer into a uintptr, never back, and go vet's unsafeptr check agrees.
type rawConn struct {
	tls *libc.TLS
	db  uintptr
	mem memory.Allocator // not safe for concurrent use; nor is a rawConn
	out *uintptr         // C word through which SQLite returns handles
	// buf is C memory holding the blobs and texts bound to the current
	// statement (bound SQLITE_STATIC, so SQLite reads them in place during
	// step and copies nothing). It grows; it is never shrunk.
	buf []byte
}

// addr is the address of C memory, for SQLite.
func addr[T any](p *T) uintptr { return uintptr(unsafe.Pointer(p)) }

func openRaw(path string) (*rawConn, error) {
	return openRawFlags(path, path, sqlite3.SQLITE_OPEN_READWRITE)
}

// openRawReader opens a read-only raw connection to the store's file, read
// the way its pool reads it (immutably or not). Its readers go through a
// table or a blob once, in order, so its page cache is small: at the
// pool's 32 MB, each scan of a table that size kept another 32 MB
// resident, and import memory grew with the tables until they outgrew it.
func (s *Store) openRawReader() (*rawConn, error) {
	c, err := openRawFlags(s.path, fileURI(s.path, url.Values{}, true, s.immutable), sqlite3.SQLITE_OPEN_READONLY|sqlite3.SQLITE_OPEN_URI)
	if err != nil {
		return nil, err
	}
	if err := c.exec("PRAGMA cache_size=-2048"); err != nil {
		c.close()
		return nil, err
	}
	return c, nil
}

// openRawFlags opens name (path, or a URI naming it) with flags; errors
// name path.
func openRawFlags(path, name string, flags int32) (*rawConn, error) {
	c := &rawConn{tls: libc.NewTLS()}
	out, err := c.mem.UnsafeCalloc(int(unsafe.Sizeof(uintptr(0))))
	if err != nil {
		c.close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	c.out = (*uintptr)(out)
	cname, err := libc.CString(name)
	if err != nil {
		c.close()
		return nil, err
	}
	defer libc.Xfree(c.tls, cname)
	// A rawConn is used by one goroutine at a time, so SQLite's own
	// per-call mutex is pure cost: taken and released on every column
	// read, it was a third of the snapshot scan's time.
	rc := sqlite3.Xsqlite3_open_v2(c.tls, cname, addr(c.out), flags|sqlite3.SQLITE_OPEN_NOMUTEX, 0)
	c.db = *c.out
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

// close closes the database, then frees the C memory its statements may
// still point into.
func (c *rawConn) close() {
	if c.db != 0 {
		sqlite3.Xsqlite3_close_v2(c.tls, c.db)
		c.db = 0
	}
	// The allocator unmaps its pages; that fails only for pages it did not
	// map, a bug here, and the connection is gone either way.
	_ = c.mem.Close()
	c.out, c.buf = nil, nil
	c.tls.Close()
}

// scratch returns the C buffer with room for at least n bytes. It grows
// geometrically, so an import reallocates it a handful of times at most.
func (c *rawConn) scratch(n int) ([]byte, error) {
	if n <= len(c.buf) {
		return c.buf, nil
	}
	size := max(n, 2*len(c.buf), 1<<16)
	if err := c.mem.Free(c.buf); err != nil {
		return nil, fmt.Errorf("free bind buffer: %w", err)
	}
	c.buf = nil
	b, err := c.mem.Malloc(size)
	if err != nil {
		return nil, fmt.Errorf("allocate %d-byte bind buffer: %w", size, err)
	}
	c.buf = b
	return b, nil
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

// inReadTx runs read inside one read transaction, so everything it reads
// comes from one snapshot of the file. A COMMIT that fails is an error
// like any other: the caller must not use what read returned. When read
// fails its error is the one returned.
func (c *rawConn) inReadTx(read func() error) (err error) {
	if err := c.exec("BEGIN"); err != nil {
		return err
	}
	defer func() {
		if cerr := c.exec("COMMIT"); cerr != nil && err == nil {
			err = fmt.Errorf("end read transaction: %w", cerr)
		}
	}()
	return read()
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
	if rc := sqlite3.Xsqlite3_prepare_v2(c.tls, c.db, s, -1, addr(c.out), 0); rc != sqlite3.SQLITE_OK {
		return nil, fmt.Errorf("prepare %s: %w", firstWords(sql), c.err(rc))
	}
	return &rawStmt{c: c, p: *c.out}, nil
}

func (s *rawStmt) finalize() { sqlite3.Xsqlite3_finalize(s.c.tls, s.p) }

// run binds args and executes the statement once. Each arg is an int64,
// nil, a []byte or a string. Every parameter must be bound on every run:
// one left over would still point into a C buffer that may since have been
// freed.
func (s *rawStmt) run(args []any) error {
	if err := s.bindAll(args); err != nil {
		return err
	}
	return s.exec()
}

// exec executes the statement once, its parameters bound.
func (s *rawStmt) exec() error {
	c := s.c
	rc := sqlite3.Xsqlite3_step(c.tls, s.p)
	sqlite3.Xsqlite3_reset(c.tls, s.p)
	if rc != sqlite3.SQLITE_DONE && rc != sqlite3.SQLITE_ROW {
		return c.err(rc)
	}
	return nil
}

// bindAll binds every parameter, copying blobs and texts into the
// connection's C buffer.
func (s *rawStmt) bindAll(args []any) error {
	c := s.c
	if n := int(sqlite3.Xsqlite3_bind_parameter_count(c.tls, s.p)); n != len(args) {
		return fmt.Errorf("raw bind: %d arguments for %d parameters", len(args), n)
	}
	need := 1 // so that &mem[off] exists for an empty last blob
	for _, a := range args {
		switch v := a.(type) {
		case []byte:
			need += len(v)
		case string:
			need += len(v)
		}
	}
	mem, err := c.scratch(need)
	if err != nil {
		return err
	}
	off := 0
	for i, a := range args {
		n, err := s.bind(int32(i+1), a, mem[off:])
		if err != nil {
			return err
		}
		off += n
	}
	return nil
}

// bind binds parameter idx to a, copying bytes into mem, which must have
// room; it returns how many bytes it used.
func (s *rawStmt) bind(idx int32, a any, mem []byte) (int, error) {
	switch v := a.(type) {
	case int64:
		return 0, s.bindInt(idx, v)
	case nil:
		return 0, s.bindNull(idx)
	case []byte:
		return s.bindBlob(idx, v, mem)
	case string:
		n := copy(mem, v)
		return n, s.check(sqlite3.Xsqlite3_bind_text(s.c.tls, s.p, idx, addr(&mem[0]), int32(n), 0))
	default:
		return 0, fmt.Errorf("raw bind: unsupported %T", a)
	}
}

func (s *rawStmt) bindInt(idx int32, v int64) error {
	return s.check(sqlite3.Xsqlite3_bind_int64(s.c.tls, s.p, idx, v))
}

func (s *rawStmt) bindNull(idx int32) error {
	return s.check(sqlite3.Xsqlite3_bind_null(s.c.tls, s.p, idx))
}

// bindBlob binds v, NULL when nil, copying it into mem, which must have
// room; it returns how many bytes it used.
func (s *rawStmt) bindBlob(idx int32, v, mem []byte) (int, error) {
	if v == nil {
		return 0, s.bindNull(idx)
	}
	n := copy(mem, v)
	return n, s.check(sqlite3.Xsqlite3_bind_blob(s.c.tls, s.p, idx, addr(&mem[0]), int32(n), 0))
}

// check turns a bind's result code into an error.
func (s *rawStmt) check(rc int32) error {
	if rc != sqlite3.SQLITE_OK {
		return s.c.err(rc)
	}
	return nil
}

// blobChunk bounds the C buffer readBlob copies through.
const blobChunk = 1 << 20

// readBlob reads one blob cell whole with SQLite's incremental blob API, in
// chunks through the C buffer: two memcpys, where a query's column value is
// copied two or three times over and converted (1 s for 74 MB measured).
func (c *rawConn) readBlob(table, column string, rowid int64) ([]byte, error) {
	b, err := c.openBlob(table, column, rowid, false)
	if err != nil {
		return nil, err
	}
	defer b.close()
	buf := make([]byte, b.size)
	return buf, b.readAt(buf, 0)
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
