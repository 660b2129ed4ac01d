package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// Row is one encoded event ready to insert. Ids refer to the dictionaries.
type Row struct {
	User, Name int64
	Time       int64 // µs since the Unix epoch, UTC
	Session    int64 // 0: none
	Dedup      int64
	Props      []byte // EncodeProps output; nil when the event has none
}

// ImportMeta describes the file an import reads.
type ImportMeta struct {
	File    string
	Format  string
	Started time.Time
}

// ImportStats are the figures recorded when an import commits.
type ImportStats struct {
	Size                                              int64
	SHA256                                            string
	RowsRead, Imported, Duplicates, Rejected, Skipped int64
	Finished                                          time.Time
}

// eventBatch is the number of rows per multi-VALUES insert: large enough to
// amortise statement overhead, far below SQLite's 32766 parameter limit.
const eventBatch = 256

const eventCols = 7

// ImportTx is one file's import: a single write transaction, so the file is
// either wholly in the store or not at all.
type ImportTx struct {
	tx       *sql.Tx
	importID int64
	stmts    map[int]*sql.Stmt // multi-row event inserts by row count
	args     []any
}

// BeginImport starts the transaction for one file and records the import row.
func (s *Store) BeginImport(ctx context.Context, m ImportMeta) (*ImportTx, error) {
	if s.readOnly {
		return nil, ErrReadOnly
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("begin import of %s: %w", m.File, err)
	}
	res, err := tx.ExecContext(ctx,
		`INSERT INTO imports(file, size, sha256, format, started_at) VALUES (?, 0, '', ?, ?)`,
		m.File, m.Format, m.Started.UTC().Format(time.RFC3339Nano))
	if err != nil {
		tx.Rollback()
		return nil, fmt.Errorf("begin import of %s: %w", m.File, err)
	}
	id, _ := res.LastInsertId()
	return &ImportTx{tx: tx, importID: id, stmts: map[int]*sql.Stmt{}}, nil
}

// ImportID is the id of the imports row this transaction writes.
func (t *ImportTx) ImportID() int64 { return t.importID }

// AddDict inserts new dictionary strings. They must precede the rows that use them.
func (t *ImportTx) AddDict(ctx context.Context, entries []DictEntry) error {
	for kind := DictKind(0); kind < NumDicts; kind++ {
		var vals []any
		for _, e := range entries {
			if e.Kind == kind {
				vals = append(vals, e.ID, e.Value)
			}
		}
		for len(vals) > 0 {
			n := min(len(vals), 2*eventBatch)
			tbl := dictTables[kind]
			q := fmt.Sprintf("INSERT INTO %s(id, %s) VALUES %s", tbl.table, tbl.col, placeholders(n/2, 2))
			if _, err := t.tx.ExecContext(ctx, q, vals[:n]...); err != nil {
				return fmt.Errorf("add to %s: %w", tbl.table, err)
			}
			vals = vals[n:]
		}
	}
	return nil
}

// InsertEvents inserts rows. Dedup is the importer's job (see DedupKeys):
// the store keeps no index on the key because maintaining one halved
// import speed.
func (t *ImportTx) InsertEvents(ctx context.Context, rows []Row) error {
	for len(rows) > 0 {
		n := min(len(rows), eventBatch)
		stmt, err := t.stmt(ctx, n)
		if err != nil {
			return err
		}
		args := t.args[:0]
		for _, r := range rows[:n] {
			var sess any
			if r.Session != 0 {
				sess = r.Session
			}
			args = append(args, r.User, r.Name, r.Time, sess, t.importID, r.Dedup, r.Props)
		}
		t.args = args
		if _, err := stmt.ExecContext(ctx, args...); err != nil {
			return fmt.Errorf("insert events: %w", err)
		}
		rows = rows[n:]
	}
	return nil
}

func (t *ImportTx) stmt(ctx context.Context, n int) (*sql.Stmt, error) {
	if st, ok := t.stmts[n]; ok {
		return st, nil
	}
	q := "INSERT INTO events(user_id, name_id, time_us, session_id, import_id, dedup, props) VALUES " +
		placeholders(n, eventCols)
	st, err := t.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("prepare event insert: %w", err)
	}
	t.stmts[n] = st
	return st, nil
}

// Commit records the final figures and the import's dedup keys (sorted
// ascending, each once) and makes the import visible.
func (t *ImportTx) Commit(ctx context.Context, st ImportStats, keys []int64) error {
	if _, err := t.tx.ExecContext(ctx, `INSERT INTO import_keys(import_id, keys) VALUES (?, ?)`,
		t.importID, encodeKeys(keys)); err != nil {
		t.tx.Rollback()
		return fmt.Errorf("record dedup keys: %w", err)
	}
	_, err := t.tx.ExecContext(ctx, `UPDATE imports SET size=?, sha256=?, rows_read=?, imported=?, duplicates=?,
		rejected=?, skipped=?, finished_at=? WHERE id=?`,
		st.Size, st.SHA256, st.RowsRead, st.Imported, st.Duplicates, st.Rejected, st.Skipped,
		st.Finished.UTC().Format(time.RFC3339Nano), t.importID)
	if err != nil {
		t.tx.Rollback()
		return fmt.Errorf("record import: %w", err)
	}
	if err := t.tx.Commit(); err != nil {
		return fmt.Errorf("commit import: %w", err)
	}
	return nil
}

// Rollback abandons the import; the store is left exactly as before it.
func (t *ImportTx) Rollback() error { return t.tx.Rollback() }

// LoadDict reads one dictionary inside the transaction, so that ids handed
// out afterwards cannot collide with another process's import.
func (t *ImportTx) LoadDict(ctx context.Context, kind DictKind, fn func(id int64, v string)) error {
	return loadDict(ctx, t.tx, kind, fn)
}

// PreviousImport is the id of the newest import committed before this one
// (0 for none): an importer that saw the same value may keep its caches.
func (t *ImportTx) PreviousImport(ctx context.Context) (int64, error) {
	var id int64
	err := t.tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM imports WHERE id < ?`, t.importID).Scan(&id)
	return id, err
}

// DedupKeys returns every stored dedup key, sorted ascending.
func (t *ImportTx) DedupKeys(ctx context.Context) ([]int64, error) {
	rows, err := t.tx.QueryContext(ctx, `SELECT keys FROM import_keys ORDER BY import_id`)
	if err != nil {
		return nil, fmt.Errorf("load dedup keys: %w", err)
	}
	defer rows.Close()
	var all []int64
	for rows.Next() {
		var b []byte
		if err := rows.Scan(&b); err != nil {
			return nil, fmt.Errorf("load dedup keys: %w", err)
		}
		all = mergeSorted(all, decodeKeys(b))
	}
	return all, rows.Err()
}

func placeholders(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}
