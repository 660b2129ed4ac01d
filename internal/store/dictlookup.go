package store

import (
	"context"
	"fmt"

	sqlite3 "modernc.org/sqlite/lib"
)

// LookupDict returns the id of s in dictionary kind as this transaction
// sees it (its own additions included); ok is false when s is not there.
// The importer asks only for strings it no longer holds in memory.
func (t *ImportTx) LookupDict(ctx context.Context, kind DictKind, s string) (id int64, ok bool, err error) {
	tbl := dictTables[kind]
	q := fmt.Sprintf("SELECT id FROM %s WHERE %s = ?", tbl.table, tbl.col)
	st, found := t.stmts[q]
	if !found {
		if st, err = t.raw.prepare(q); err != nil {
			return 0, false, fmt.Errorf("look up %s: %w", tbl.table, err)
		}
		t.stmts[q] = st
	}
	id, ok, err = st.queryInt64([]any{s})
	if err != nil {
		return 0, false, fmt.Errorf("look up %s: %w", tbl.table, err)
	}
	return id, ok, nil
}

// queryInt64 binds args, steps once and returns the first column of the
// first row; ok is false when there is none.
func (s *rawStmt) queryInt64(args []any) (v int64, ok bool, err error) {
	if err := s.bindAll(args); err != nil {
		return 0, false, err
	}
	defer sqlite3.Xsqlite3_reset(s.c.tls, s.p)
	ok, err = s.step()
	if err != nil || !ok {
		return 0, false, err
	}
	return s.int64(0), true, nil
}
