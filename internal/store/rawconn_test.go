package store

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"strings"
	"testing"
)

// openRawTemp is a raw connection to a fresh store with a scratch table t(k, v).
func openRawTemp(t *testing.T) (*Store, *rawConn) {
	t.Helper()
	st, path := openTemp(t)
	c, err := openRaw(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.close)
	if err := c.exec("CREATE TABLE t(k INTEGER PRIMARY KEY, v ANY)"); err != nil {
		t.Fatal(err)
	}
	return st, c
}

// prepareT prepares sql on c, finalized when the test ends.
func prepareT(t *testing.T, c *rawConn, sql string) *rawStmt {
	t.Helper()
	st, err := c.prepare(sql)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(st.finalize)
	return st
}

func randomBytes(seed uint64, n int) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// cell is what SQLite stored: its type and its bytes (or the integer as text).
func cell(t *testing.T, st *Store, k int64) (typ string, val []byte) {
	t.Helper()
	if err := st.db.QueryRow(`SELECT typeof(v), CAST(v AS BLOB) FROM t WHERE k = ?`, k).Scan(&typ, &val); err != nil {
		t.Fatal(err)
	}
	return typ, val
}

func TestRawRunStoresEachKindOfArgumentAsItsSQLiteType(t *testing.T) {
	big := randomBytes(1, 200_000) // past the first C buffer, so it grows
	cases := []struct {
		name     string
		arg      any
		wantType string
		want     []byte
	}{
		{"an int64 is an integer", int64(-7), "integer", []byte("-7")},
		{"nil is NULL", nil, "null", nil},
		{"a nil byte slice is NULL", []byte(nil), "null", nil},
		{"an empty byte slice is an empty blob, not NULL", []byte{}, "blob", []byte{}},
		{"a string is text", "héllo", "text", []byte("héllo")},
		{"an empty string is empty text", "", "text", []byte{}},
		{"a blob larger than the buffer comes back whole", big, "blob", big},
		{"a small blob after the buffer grew is still right", []byte{1, 2, 3}, "blob", []byte{1, 2, 3}},
	}
	st, c := openRawTemp(t)
	ins := prepareT(t, c, "INSERT INTO t(k, v) VALUES (?, ?)")
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := ins.run([]any{int64(i), tc.arg}); err != nil {
				t.Fatal(err)
			}
			typ, val := cell(t, st, int64(i))
			if typ != tc.wantType || !bytes.Equal(val, tc.want) {
				t.Errorf("stored %s of %d bytes, want %s of %d bytes", typ, len(val), tc.wantType, len(tc.want))
			}
		})
	}
}

func TestRawRunKeepsEachArgumentsBytesApartInOneStatement(t *testing.T) {
	st, c := openRawTemp(t)
	blobs := [][]byte{randomBytes(2, 70_000), {}, randomBytes(3, 1), randomBytes(4, 90_000)}
	ins := prepareT(t, c, "INSERT INTO t(k, v) VALUES (0, ?), (1, ?), (2, ?), (3, ?), (4, ?)")
	if err := ins.run([]any{blobs[0], blobs[1], blobs[2], blobs[3], "tail"}); err != nil {
		t.Fatal(err)
	}
	for k, want := range append(blobs, []byte("tail")) {
		if _, got := cell(t, st, int64(k)); !bytes.Equal(got, want) {
			t.Errorf("argument %d: stored %d bytes, want its own %d", k, len(got), len(want))
		}
	}
}

func TestRawRunRefusesArgumentsItCannotBindFully(t *testing.T) {
	cases := []struct {
		name string
		args []any
		want string
	}{
		{"too few arguments", []any{int64(1)}, "1 arguments for 2 parameters"},
		{"too many arguments", []any{int64(1), nil, nil}, "3 arguments for 2 parameters"},
		{"an unsupported type", []any{int64(1), 1.5}, "unsupported float64"},
	}
	_, c := openRawTemp(t)
	ins := prepareT(t, c, "INSERT INTO t(k, v) VALUES (?, ?)")
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if err := ins.run(tc.args); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("run: %v, want an error saying %q", err, tc.want)
			}
		})
	}
}

func TestReadBlobReturnsTheWholeCellAcrossChunks(t *testing.T) {
	sizes := []int{0, 1, blobChunk - 1, blobChunk, blobChunk + 1, 2*blobChunk + 5}
	_, c := openRawTemp(t)
	ins := prepareT(t, c, "INSERT INTO t(k, v) VALUES (?, ?)")
	for i, n := range sizes {
		want := randomBytes(uint64(10+i), n)
		if err := ins.run([]any{int64(i), want}); err != nil {
			t.Fatal(err)
		}
		got, err := c.readBlob("t", "v", int64(i))
		if err != nil {
			t.Fatalf("read %d bytes: %v", n, err)
		}
		if !bytes.Equal(got, want) || got == nil {
			t.Errorf("read back %d bytes (nil: %t), want the %d written", len(got), got == nil, n)
		}
	}
}

func TestInReadTxReturnsAFailedCommitUnlessReadFailedFirst(t *testing.T) {
	readErr := errors.New("read failed")
	cases := []struct {
		name string
		read func(c *rawConn) error
		want string // "" for no error
	}{
		{"read and commit succeed", func(*rawConn) error { return nil }, ""},
		{"read fails", func(*rawConn) error { return readErr }, readErr.Error()},
		// Ending the transaction inside read makes the closing COMMIT fail.
		{"commit fails", func(c *rawConn) error { return c.exec("COMMIT") }, "end read transaction: COMMIT"},
		{"read and commit fail", func(c *rawConn) error { _ = c.exec("COMMIT"); return readErr }, readErr.Error()},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, c := openRawTemp(t)
			err := c.inReadTx(func() error { return tc.read(c) })
			if tc.want == "" && err != nil || tc.want != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.want)) {
				t.Errorf("inReadTx: %v, want %q", err, tc.want)
			}
		})
	}
}
