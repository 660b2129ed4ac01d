package clickhouse_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/clickhouse/chtest"
)

func TestServerErrorsCarryTheServersFirstLineAndCode(t *testing.T) {
	c := chtest.Server(t)
	err := c.Exec(context.Background(), "SELECT * FROM no_such_table")
	var se *clickhouse.ServerError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v (%T), want a *ServerError", err, err)
	}
	if se.Code != 60 || !strings.Contains(se.Message, "no_such_table") || strings.Contains(se.Message, "\n") {
		t.Fatalf("ServerError = %+v, want code 60 naming the table on one line", se)
	}
}

func TestQueryRowsDecodes64BitIntegersAsNumbers(t *testing.T) {
	c := chtest.Server(t)
	type row struct {
		N uint64 `json:"n"`
		S string `json:"s"`
	}
	rows, err := clickhouse.QueryRows[row](context.Background(), c,
		"SELECT toUInt64(number) * 1000000000000 AS n, toString(number) AS s FROM system.numbers LIMIT 3")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 3 || rows[2].N != 2000000000000 || rows[2].S != "2" {
		t.Fatalf("rows = %+v", rows)
	}
}

func TestInsertStreamsRowsThatQueryTSVReadsBackUnescaped(t *testing.T) {
	c := chtest.Server(t)
	ctx := context.Background()
	if err := c.Exec(ctx, "CREATE TABLE t (s String) ENGINE = Memory"); err != nil {
		t.Fatal(err)
	}
	want := []string{"plain", "tab\there", "new\nline", `back\slash`, "quote'"}
	var body strings.Builder
	for _, s := range want {
		body.WriteString(clickhouse.EscapeTSV(s) + "\n")
	}
	if err := c.Insert(ctx, "t", "TabSeparated", strings.NewReader(body.String())); err != nil {
		t.Fatal(err)
	}
	var got []string
	err := c.QueryTSV(ctx, "SELECT s FROM t WHERE s IN ("+quoteAll(want)+") ORDER BY s", func(f []string) error {
		got = append(got, f[0])
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("got %q, want %q in some order", got, want)
	}
}

func quoteAll(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = clickhouse.Quote(s)
	}
	return strings.Join(q, ",")
}

func TestABadInsertRowIsAnErrorThatLeavesTheTableEmpty(t *testing.T) {
	c := chtest.Server(t)
	ctx := context.Background()
	if err := c.Exec(ctx, "CREATE TABLE t (n UInt32) ENGINE = MergeTree ORDER BY n"); err != nil {
		t.Fatal(err)
	}
	err := c.Insert(ctx, "t", "TabSeparated", strings.NewReader("1\n2\nnot a number\n"))
	if err == nil {
		t.Fatal("insert of a bad row succeeded")
	}
	if n, err := c.QueryValue(ctx, "SELECT count() FROM t"); err != nil || n != "0" {
		t.Fatalf("count = %q, %v; want 0", n, err)
	}
}

func TestCancellingTheContextKillsTheQueryOnTheServer(t *testing.T) {
	c := chtest.Server(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	// An aggregation writes nothing until it ends: only KILL QUERY stops it.
	go func() {
		done <- c.Exec(ctx, "SELECT count() FROM system.numbers WHERE NOT ignore(sleep(0.2))")
	}()
	waitRunning(t, c, true)
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
	waitRunning(t, c, false)
}

// waitRunning waits until a query of this test's database is (or is no
// longer) in system.processes.
func waitRunning(t *testing.T, c *clickhouse.Client, want bool) {
	t.Helper()
	sql := "SELECT count() FROM system.processes WHERE query LIKE '%ignore(sleep(0.2))%' AND query NOT LIKE '%system.processes%'"
	for i := 0; i < 100; i++ {
		n, err := c.QueryValue(context.Background(), sql)
		if err != nil {
			t.Fatal(err)
		}
		if (n != "0") == want {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("query running = %v after 10 s, want %v", !want, want)
}

func TestServerVersionNamesARelease(t *testing.T) {
	c := chtest.Server(t)
	v, err := c.ServerVersion(context.Background())
	if err != nil || !strings.Contains(v, ".") {
		t.Fatalf("version = %q, %v", v, err)
	}
}
