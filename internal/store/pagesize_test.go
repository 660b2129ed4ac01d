package store

import (
	"database/sql"
	"path/filepath"
	"testing"
)

func pageSize(t *testing.T, st *Store) int {
	t.Helper()
	var n int
	if err := st.DB().QueryRow("PRAGMA page_size").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAFileWith4KBPagesKeepsThemThroughOpenAndImport(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open("sqlite", path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("PRAGMA page_size=4096; VACUUM"); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	st, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	writeImport(t, st, "a.csv", sampleDict, sampleRows)
	if got := pageSize(t, st); got != 4096 {
		t.Errorf("page_size %d, want the file's 4096", got)
	}
	if ok, err := st.IntegrityCheck(t.Context()); err != nil || ok != "ok" {
		t.Errorf("integrity_check %q, %v", ok, err)
	}
}
