package store

import (
	"context"
	"fmt"
	"strings"
	"sync"
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
// either wholly in the store or not at all. It runs on its own low-level
// connection (rawConn) for insert speed; reads it needs go through the
// pool, which sees exactly the committed state because this transaction
// holds the write lock from its start.
type ImportTx struct {
	s        *Store
	raw      *rawConn
	importID int64
	stmts    map[string]*rawStmt // by SQL text
	keys     keySpill            // the inserted rows' dedup keys, for RemoveDuplicates
	done     bool
}

// BeginImport starts the transaction for one file and records the import row.
func (s *Store) BeginImport(ctx context.Context, m ImportMeta) (*ImportTx, error) {
	if s.readOnly {
		return nil, ErrReadOnly
	}
	raw, err := openRaw(s.path)
	if err != nil {
		return nil, fmt.Errorf("begin import of %s: %w", m.File, err)
	}
	t := &ImportTx{s: s, raw: raw, stmts: map[string]*rawStmt{}, keys: keySpill{dir: spillDir(s.path)}}
	if err := raw.exec("BEGIN IMMEDIATE"); err != nil {
		raw.close()
		return nil, fmt.Errorf("begin import of %s: %w", m.File, err)
	}
	err = t.run(`INSERT INTO imports(file, size, sha256, format, started_at) VALUES (?, 0, '', ?, ?)`,
		m.File, m.Format, m.Started.UTC().Format(time.RFC3339Nano))
	if err != nil {
		t.Rollback()
		return nil, fmt.Errorf("begin import of %s: %w", m.File, err)
	}
	t.importID = raw.lastInsertID()
	return t, nil
}

// run executes one statement, preparing it on first use.
func (t *ImportTx) run(sql string, args ...any) error {
	st, err := t.stmt(sql)
	if err != nil {
		return err
	}
	return st.run(args)
}

// stmt is the statement sql, prepared on first use.
func (t *ImportTx) stmt(sql string) (*rawStmt, error) {
	st, ok := t.stmts[sql]
	if !ok {
		var err error
		if st, err = t.raw.prepare(sql); err != nil {
			return nil, err
		}
		t.stmts[sql] = st
	}
	return st, nil
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
			if err := t.run(q, vals[:n]...); err != nil {
				return fmt.Errorf("add to %s: %w", tbl.table, err)
			}
			vals = vals[n:]
		}
	}
	return nil
}

// InsertEvents inserts rows, duplicates included: RemoveDuplicates deletes
// those at the end. The store keeps no index on the key because
// maintaining one halved import speed.
func (t *ImportTx) InsertEvents(ctx context.Context, rows []Row) error {
	for len(rows) > 0 {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := min(len(rows), eventBatch)
		st, err := t.stmt(eventInsert(n))
		if err == nil {
			err = st.bindEvents(rows[:n], t.importID)
		}
		if err == nil {
			err = st.exec()
		}
		if err != nil {
			return fmt.Errorf("insert events: %w", err)
		}
		// One statement's rows take consecutive seqs (the rowid is the
		// largest one plus one), ending at the last insert's.
		first := t.raw.lastInsertID() - int64(n) + 1
		for i, r := range rows[:n] {
			if err := t.keys.add(r.Dedup, first+int64(i)); err != nil {
				return err
			}
		}
		rows = rows[n:]
	}
	return nil
}

var eventInserts sync.Map // row count -> SQL text

func eventInsert(n int) string {
	if q, ok := eventInserts.Load(n); ok {
		return q.(string)
	}
	q := "INSERT INTO events(user_id, name_id, time_us, session_id, import_id, dedup, props) VALUES " +
		placeholders(n, eventCols)
	eventInserts.Store(n, q)
	return q
}

// Commit records the final figures and makes the import visible. The
// import's dedup keys are recorded by RemoveDuplicates, which must run first.
func (t *ImportTx) Commit(ctx context.Context, st ImportStats) error {
	err := t.run(`UPDATE imports SET size=?, sha256=?, rows_read=?, imported=?, duplicates=?,
		rejected=?, skipped=?, finished_at=? WHERE id=?`,
		st.Size, st.SHA256, st.RowsRead, st.Imported, st.Duplicates, st.Rejected, st.Skipped,
		st.Finished.UTC().Format(time.RFC3339Nano), t.importID)
	if err != nil {
		t.Rollback()
		return fmt.Errorf("record import: %w", err)
	}
	if err := t.raw.exec("COMMIT"); err != nil {
		t.Rollback()
		return fmt.Errorf("commit import: %w", err)
	}
	t.close()
	return nil
}

// Rollback abandons the import; the store is left exactly as before it.
// It is safe to call after Commit or twice.
func (t *ImportTx) Rollback() error {
	if t.done {
		return nil
	}
	err := t.raw.exec("ROLLBACK")
	t.close()
	return err
}

func (t *ImportTx) close() {
	t.keys.close()
	for _, st := range t.stmts {
		st.finalize()
	}
	t.raw.close()
	t.done = true
}

// LoadDict reads one dictionary as committed; no other import can change
// it while this transaction holds the write lock. It streams through a
// connection of its own (DictCursor), so that reading the users of a large
// store leaves no pool connection holding their pages.
func (t *ImportTx) LoadDict(ctx context.Context, kind DictKind, fn func(id int64, v string)) error {
	c, err := t.s.OpenDictCursor(kind)
	if err != nil {
		return err
	}
	defer c.Close()
	for n := 0; ; n++ {
		if n%65536 == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		id, v, ok, err := c.Next()
		if err != nil || !ok {
			return err
		}
		fn(id, v)
	}
}

// PreviousImport is the id of the newest committed import (0 for none): an
// importer that saw the same value may keep its caches.
func (t *ImportTx) PreviousImport(ctx context.Context) (int64, error) {
	var id int64
	err := t.s.db.QueryRowContext(ctx, `SELECT COALESCE(MAX(id), 0) FROM imports`).Scan(&id)
	return id, err
}

func placeholders(rows, cols int) string {
	one := "(" + strings.TrimSuffix(strings.Repeat("?,", cols), ",") + ")"
	return strings.TrimSuffix(strings.Repeat(one+",", rows), ",")
}
