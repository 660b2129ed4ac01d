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
func (s *Store) DictStrings(ctx context.Context, kind DictKind) ([]string, error) {
	out := []string{""}
	err := s.LoadDict(ctx, kind, func(id int64, v string) {
		for int64(len(out)) <= id {
			out = append(out, "")
		}
		out[id] = v
	})
	return out, err
}
