package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// foreignDB writes, at name in a new directory, a SQLite file of another
// application: the statements run, then every connection is closed.
func foreignDB(t *testing.T, name string, stmts ...string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func fileHash(t *testing.T, path string) [32]byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return sha256.Sum256(b)
}

// siblings lists the files in path's directory other than path itself.
func siblings(t *testing.T, path string) []string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(path))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if e.Name() != filepath.Base(path) {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestAFileOfAnotherApplicationIsRefusedByEveryOpenAndLeftByteIdentical(t *testing.T) {
	shop := []string{"CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)", "CREATE TABLE orders(id, total)",
		"INSERT INTO customers VALUES (1, 'ada'), (2, 'bob')", "INSERT INTO orders VALUES (1, 9.5)"}
	cases := []struct {
		name  string
		setup func(t *testing.T) string
		why   string
	}{
		{"a rollback-journal database with tables", func(t *testing.T) string { return foreignDB(t, "shop.sqlite", shop...) },
			"(it has tables customers, orders)"},
		{"a WAL database with tables", func(t *testing.T) string {
			return foreignDB(t, "shop.sqlite", append([]string{"PRAGMA journal_mode=WAL"}, shop...)...)
		}, "(it has tables customers, orders)"},
		{"a database with many tables, named up to six", func(t *testing.T) string {
			var stmts []string
			for _, name := range []string{"a", "b", "c", "d", "e", "f", "g", "h"} {
				stmts = append(stmts, "CREATE TABLE "+name+"(x)")
			}
			return foreignDB(t, "many.sqlite", stmts...)
		}, "(it has tables a, b, c, d, e, f and 2 more)"},
		{"a database marked by another application", func(t *testing.T) string {
			return foreignDB(t, "marked.sqlite", "PRAGMA application_id = 1234")
		}, "(it carries application_id 0x000004D2)"},
		{"a database with another's user_version and no tables", func(t *testing.T) string {
			return foreignDB(t, "versioned.sqlite", "PRAGMA user_version = 7")
		}, "(it has no tables and user_version 7)"},
		{"funnelscope's table names under another's marker", func(t *testing.T) string {
			return foreignDB(t, "lookalike.sqlite", "CREATE TABLE events(x)", "PRAGMA application_id = 99")
		}, "(it carries application_id 0x00000063)"},
		{"a text file", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "notes.txt")
			if err := os.WriteFile(p, []byte(strings.Repeat("not a database\n", 20)), 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}, "(it is not a SQLite file)"},
	}
	for _, tc := range cases {
		for _, opts := range []Options{{}, {ReadOnly: true}} {
			t.Run(tc.name+map[bool]string{false: ", writable", true: ", read-only"}[opts.ReadOnly], func(t *testing.T) {
				path := tc.setup(t)
				if s := siblings(t, path); len(s) != 0 {
					t.Fatalf("the setup left %v", s)
				}
				before := fileHash(t, path)
				st, err := OpenWith(path, opts)
				if err == nil {
					st.Close()
					t.Fatal("opened another application's file")
				}
				var nf *NotFunnelscopeError
				if !errors.As(err, &nf) {
					t.Fatalf("error %v (%T), want a *NotFunnelscopeError", err, err)
				}
				want := path + " is not a funnelscope database " + tc.why + ": funnelscope will not change it"
				if err.Error() != want {
					t.Errorf("error\n %s\nwant\n %s", err, want)
				}
				if fileHash(t, path) != before {
					t.Error("the file changed")
				}
				if s := siblings(t, path); len(s) != 0 {
					t.Errorf("the open created %v beside the file", s)
				}
			})
		}
	}
}

func appID(t *testing.T, st *Store) int64 {
	t.Helper()
	var id int64
	if err := st.DB().QueryRow("PRAGMA application_id").Scan(&id); err != nil {
		t.Fatal(err)
	}
	return id
}

func TestEmptyFilesAreSetUpAndStampedByAWritableOpen(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T) string
	}{
		{"a missing file", func(t *testing.T) string { return filepath.Join(t.TempDir(), "new.db") }},
		{"a file of zero bytes", func(t *testing.T) string {
			p := filepath.Join(t.TempDir(), "zero.db")
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			return p
		}},
		{"a SQLite file whose schema is empty", func(t *testing.T) string {
			return foreignDB(t, "blank.db", "CREATE TABLE t(x)", "DROP TABLE t")
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := tc.setup(t)
			st, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if got := appID(t, st); got != ApplicationID {
				t.Errorf("application_id %#x, want %#x", got, ApplicationID)
			}
			if got := schemaVersion(t, st); got != latestVersion(t) {
				t.Errorf("schema version %d, want %d", got, latestVersion(t))
			}
		})
	}
}

func TestAReadOnlyOpenOfAnEmptyFileSaysSoAndLeavesItEmpty(t *testing.T) {
	path := filepath.Join(t.TempDir(), "zero.db")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := OpenWith(path, Options{ReadOnly: true}); !errors.Is(err, ErrEmpty) || !strings.Contains(err.Error(), path) {
		t.Errorf("read-only open of an empty file: %v, want ErrEmpty naming the file", err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() != 0 {
		t.Errorf("the empty file became %v, %v", fi.Size(), err)
	}
}

// legacyDB is a funnelscope database as made before the marker: one
// import, a cached snapshot and application_id 0, its WAL checkpointed.
func legacyDB(t *testing.T) string {
	t.Helper()
	st, path := openTemp(t)
	writeImport(t, st, "a.csv", sampleDict, sampleRows)
	ctx := context.Background()
	if err := st.SaveSnapshotCache(ctx, 1, 1, map[string][]byte{"col": {1, 2, 3}}); err != nil {
		t.Fatal(err)
	}
	if _, err := st.DB().Exec("PRAGMA application_id = 0"); err != nil {
		t.Fatal(err)
	}
	if err := st.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestADatabaseFromBeforeTheMarkerIsReadUnchangedAndStampedOnItsFirstWritableOpen(t *testing.T) {
	path := legacyDB(t)
	before := fileHash(t, path)
	ctx := context.Background()

	ro, err := OpenWith(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatalf("read-only open of a database from before the marker: %v", err)
	}
	if sm, err := ro.Summary(ctx); err != nil || sm.Events != int64(len(sampleRows)) {
		t.Errorf("summary %+v, %v", sm, err)
	}
	if _, ok, err := ro.LoadSnapshotCache(ctx, 1, 1, []string{"col"}); err != nil || !ok {
		t.Errorf("its snapshot cache: ok=%v, %v", ok, err)
	}
	if err := ro.Close(); err != nil {
		t.Fatal(err)
	}
	if fileHash(t, path) != before {
		t.Fatal("a read-only open changed the file")
	}

	rw, err := Open(path)
	if err != nil {
		t.Fatalf("writable open of a database from before the marker: %v", err)
	}
	defer rw.Close()
	if got := appID(t, rw); got != ApplicationID {
		t.Errorf("application_id after a writable open %#x, want %#x", got, ApplicationID)
	}
}

func TestAReadOnlyStoreRefreshesTheCacheOfAWritableDatabaseWithoutStampingIt(t *testing.T) {
	path := legacyDB(t)
	ctx := context.Background()
	ro, err := OpenWith(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if err := ro.SaveSnapshotCache(ctx, 1, 2, map[string][]byte{"col": {4, 5}}); err != nil {
		t.Fatalf("cache refresh through a read-only store: %v", err)
	}
	cols, ok, err := ro.LoadSnapshotCache(ctx, 1, 2, []string{"col"})
	if err != nil || !ok || string(cols["col"]) != "\x04\x05" {
		t.Errorf("the refreshed cache: %v, ok=%v, %v", cols, ok, err)
	}
	if got := appID(t, ro); got != 0 {
		t.Errorf("application_id after a cache refresh %#x, want 0: only a writable open stamps", got)
	}
	if _, err := ro.DB().Exec("DELETE FROM events"); err == nil {
		t.Error("the read-only handle itself wrote")
	}
}

func TestReadsAreImmutableExactlyWhenNothingMayBeCreatedAndTheMainFileIsWhole(t *testing.T) {
	wal := append(append([]byte{}, sqliteMagic...), 4, 0, 2, 2) // header bytes 18, 19 = 2: WAL mode
	rollback := append(append([]byte{}, sqliteMagic...), 4, 0, 1, 1)
	inspects := []struct {
		name     string
		header   []byte
		walInUse bool
		want     bool
	}{
		{"a WAL database with no WAL in use is read from its main file alone", wal, false, true},
		{"a WAL database whose WAL holds frames is read through it", wal, true, false},
		{"a rollback-journal database is read normally: that creates nothing", rollback, false, false},
		{"a header too short to say is read normally", sqliteMagic, false, false},
	}
	for _, tc := range inspects {
		if got := inspectImmutably(tc.header, tc.walInUse); got != tc.want {
			t.Errorf("inspect: %s: got immutable=%v", tc.name, got)
		}
	}
	stores := []struct {
		name               string
		canWrite, walInUse bool
		want               bool
	}{
		{"a store funnelscope may write is read with locks, seeing concurrent imports", true, false, false},
		{"a store in a read-only file or directory with no WAL in use is read immutably", false, false, true},
		{"a store in a read-only place whose WAL holds frames is read through the WAL", false, true, false},
		{"a writable store with a WAL in use is read normally", true, true, false},
	}
	for _, tc := range stores {
		if got := readImmutably(tc.canWrite, tc.walInUse); got != tc.want {
			t.Errorf("store: %s: got immutable=%v", tc.name, got)
		}
	}
}

func TestWALInUseOnlyWhenTheWALHoldsFrames(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	if walInUse(path) {
		t.Error("no -wal: in use")
	}
	if err := os.WriteFile(path+"-wal", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if walInUse(path) {
		t.Error("an empty -wal (a read-only reader's leftover): in use")
	}
	if err := os.WriteFile(path+"-wal", []byte("frames"), 0o644); err != nil {
		t.Fatal(err)
	}
	if !walInUse(path) {
		t.Error("a -wal with frames: not in use")
	}
}
