package store

import (
	"context"
	"database/sql"
	"encoding/binary"
	"math"
	"reflect"
	"slices"
	"testing"
)

// importKeys returns the dedup keys each committed import recorded, oldest first.
func importKeys(t *testing.T, st *Store) [][]int64 {
	t.Helper()
	var out [][]int64
	err := eachRow(context.Background(), st.db, "keys", `SELECT keys FROM import_keys ORDER BY import_id`,
		func(rows *sql.Rows) error {
			var b []byte
			if err := rows.Scan(&b); err != nil {
				return err
			}
			keys := []int64{}
			for ; len(b) >= 8; b = b[8:] {
				keys = append(keys, int64(binary.LittleEndian.Uint64(b)))
			}
			out = append(out, keys)
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// storedDedups lists the dedup key of every stored event, in seq order.
func storedDedups(t *testing.T, st *Store) []int64 {
	t.Helper()
	keys, err := allRows(context.Background(), st.db, "events", `SELECT dedup FROM events ORDER BY seq`,
		func(rows *sql.Rows, k *int64) error { return rows.Scan(k) })
	if err != nil {
		t.Fatal(err)
	}
	return keys
}

// naiveDedup is the rule of docs/semantics.md ("Dedup key") in its
// simplest form: a key seen before, in an earlier import or earlier in
// this one, is dropped.
func naiveDedup(imports [][]int64) (kept []int64, removed []int64, recorded [][]int64) {
	seen := map[int64]bool{}
	for _, keys := range imports {
		var n int64
		var mine []int64
		for _, k := range keys {
			if seen[k] {
				n++
				continue
			}
			seen[k] = true
			kept = append(kept, k)
			mine = append(mine, k)
		}
		slices.Sort(mine)
		removed = append(removed, n)
		recorded = append(recorded, append([]int64{}, mine...))
	}
	return kept, removed, recorded
}

// keyRange is lo, lo+1, ..., hi.
func keyRange(lo, hi int64) []int64 {
	var out []int64
	for k := lo; k <= hi; k++ {
		out = append(out, k)
	}
	return out
}

func rowsOf(keys []int64) []Row {
	rows := make([]Row, len(keys))
	for i, k := range keys {
		rows[i] = Row{User: 1, Name: 1, Time: int64(i), Dedup: k}
	}
	return rows
}

func TestRemoveDuplicatesMatchesTheNaiveRule(t *testing.T) {
	tests := []struct {
		name    string
		runKeys int // rows per spilled run; stored keys are read two at a time
		imports [][]int64
	}{
		{"a key twice in one run keeps the first", 100, [][]int64{{5, 3, 5, 7, 3}}},
		{"a key twice across two runs keeps the first", 2, [][]int64{{5, 3, 7, 5, 9, 3, 3}}},
		{"a key stored by an earlier import is dropped", 100, [][]int64{{1, 2}, {2, 3}}},
		{"an import of stored keys only adds nothing", 2, [][]int64{{1, 2, 3}, {3, 2, 1, 1}}},
		{"keys recur across several imports and runs", 3, [][]int64{{9, 1, 4}, {}, {4, 8, 8, 2, 9, 0}, {0, 2, 7, 7, 5}}},
		{"long stretches of duplicates go as ranges, short ones singly", 5,
			[][]int64{keyRange(1, 30), append(append(keyRange(1, 12), 40, 3, 41, 5, 42), keyRange(13, 30)...)}},
		{"extreme and zero keys are keys like any other", 2,
			[][]int64{{0, -1, math.MinInt64, math.MaxInt64}, {math.MaxInt64, 0, 6, math.MinInt64}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			oldRun, oldTotal, oldMin := runKeys, storedBufTotal, storedBufMin
			runKeys, storedBufTotal, storedBufMin = tt.runKeys, 16, 16 // two keys a read
			t.Cleanup(func() { runKeys, storedBufTotal, storedBufMin = oldRun, oldTotal, oldMin })
			st, _ := openTemp(t)
			ctx := context.Background()
			wantKept, wantRemoved, wantRecorded := naiveDedup(tt.imports)
			for i, keys := range tt.imports {
				var dict []DictEntry
				if i == 0 {
					dict = sampleDict
				}
				tx := openImport(t, st, "f", dict, rowsOf(keys))
				removed, err := tx.RemoveDuplicates(ctx)
				if err != nil {
					t.Fatal(err)
				}
				if removed != wantRemoved[i] {
					t.Errorf("import %d removed %d rows, want %d", i+1, removed, wantRemoved[i])
				}
				if err := tx.Commit(ctx, ImportStats{}); err != nil {
					t.Fatal(err)
				}
			}
			if got := storedDedups(t, st); !reflect.DeepEqual(got, wantKept) {
				t.Errorf("stored events' keys %v, want %v", got, wantKept)
			}
			if got := importKeys(t, st); !reflect.DeepEqual(got, wantRecorded) {
				t.Errorf("recorded keys %v, want %v", got, wantRecorded)
			}
		})
	}
}
