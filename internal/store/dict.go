package store

import (
	"context"
	"database/sql"
	"fmt"
)

// DictKind names one of the string dictionaries.
type DictKind int

// The dictionaries. Ids start at 1; 0 means "none" where a column allows it.
const (
	DictNames DictKind = iota
	DictUsers
	DictKeys
	DictValues
	DictSessions
	NumDicts
)

var dictTables = [NumDicts]struct{ table, col string }{
	DictNames:    {"event_names", "name"},
	DictUsers:    {"users", "ext"},
	DictKeys:     {"prop_keys", "key"},
	DictValues:   {"prop_values", "value"},
	DictSessions: {"sessions", "ext"},
}

func (k DictKind) String() string { return dictTables[k].table }

// DictEntry is a new dictionary string with the id the importer gave it.
type DictEntry struct {
	Kind  DictKind
	ID    int64
	Value string
}

// LoadDict calls fn for every (id, string) of one dictionary.
func (s *Store) LoadDict(ctx context.Context, kind DictKind, fn func(id int64, v string)) error {
	return loadDict(ctx, s.db, kind, fn)
}

func loadDict(ctx context.Context, db querier, kind DictKind, fn func(id int64, v string)) error {
	t := dictTables[kind]
	return eachRow(ctx, db, "load "+t.table, fmt.Sprintf("SELECT id, %s FROM %s", t.col, t.table), func(rows *sql.Rows) error {
		var id int64
		var v string
		if err := rows.Scan(&id, &v); err != nil {
			return err
		}
		fn(id, v)
		return nil
	})
}

// DictStrings returns one dictionary as a slice indexed by id (index 0 is "").
// Ids are dense (the store never deletes a dictionary entry), so the slice
// is sized by the row count: a damaged or crafted file whose ids jump
// (to 2^40, say) is refused instead of sizing our memory.
func (s *Store) DictStrings(ctx context.Context, kind DictKind) ([]string, error) {
	t := dictTables[kind]
	var n, top int64
	q := fmt.Sprintf("SELECT count(*), coalesce(max(id), 0) FROM %s", t.table)
	if err := s.db.QueryRowContext(ctx, q).Scan(&n, &top); err != nil {
		return nil, fmt.Errorf("load %s: %w", t.table, err)
	}
	if top != n {
		return nil, fmt.Errorf("load %s: ids are not 1..%d (the largest is %d): the database is damaged", t.table, n, top)
	}
	out := make([]string, n+1)
	err := s.LoadDict(ctx, kind, func(id int64, v string) {
		if id >= 1 && id <= n {
			out[id] = v
		}
	})
	return out, err
}
