package store

import (
	"context"
	"database/sql"
	"errors"
	"strings"
	"testing"
)

func TestEachRowNamesTheReadInItsErrorsAndStopsAtTheFirst(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	stop := errors.New("stop")
	cases := []struct {
		name, query string
		scan        func(*sql.Rows) error
		want        string
		calls       int
	}{
		{"a bad query", `SELECT nothing FROM nowhere`, func(*sql.Rows) error { return nil }, "probe: ", 0},
		{"a scan error", `SELECT 1 UNION ALL SELECT 2`, func(*sql.Rows) error { return stop }, "probe: stop", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			calls := 0
			err := eachRow(ctx, st.db, "probe", c.query, func(r *sql.Rows) error { calls++; return c.scan(r) })
			if err == nil || !strings.HasPrefix(err.Error(), c.want) || calls != c.calls {
				t.Errorf("err %v after %d rows, want %q… after %d", err, calls, c.want, c.calls)
			}
		})
	}
}

func TestAllRowsCollectsOneValuePerRowInOrder(t *testing.T) {
	st, _ := openTemp(t)
	got, err := allRows(context.Background(), st.db, "probe", `SELECT 3 UNION ALL SELECT 1 UNION ALL SELECT ?`,
		func(r *sql.Rows, v *int) error { return r.Scan(v) }, 2)
	if err != nil || len(got) != 3 || got[0] != 3 || got[1] != 1 || got[2] != 2 {
		t.Errorf("got %v, %v; want [3 1 2]", got, err)
	}
}
