package clickhouse_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/clickhouse/chtest"
)

func TestInitCreatesAnEventsMergeTreeTwiceWithoutError(t *testing.T) {
	c := chtest.Server(t)
	ctx := context.Background()
	for i := 0; i < 2; i++ {
		if err := clickhouse.Init(ctx, c, clickhouse.InitOptions{}); err != nil {
			t.Fatalf("init %d: %v", i+1, err)
		}
	}
	engine, err := c.QueryValue(ctx, "SELECT engine FROM system.tables WHERE database = currentDatabase() AND name = 'events'")
	if err != nil || engine != "MergeTree" {
		t.Fatalf("engine = %q, %v; want MergeTree", engine, err)
	}
	cols, err := c.QueryValue(ctx, "SELECT arrayStringConcat(groupArray(name), ', ') FROM "+
		"(SELECT name FROM system.columns WHERE database = currentDatabase() AND table = 'events')")
	if err != nil || cols != clickhouse.ColumnNames {
		t.Fatalf("columns = %q, %v; want %q", cols, err, clickhouse.ColumnNames)
	}
}

func TestRowsInsertedThroughTheDistributedTableAreVisibleAtOnceOnBothShards(t *testing.T) {
	ctx := context.Background()
	c, err := chtest.Distributed(t)
	if err != nil {
		t.Fatal(err)
	}
	var rows strings.Builder
	for u := 0; u < 100; u++ {
		fmt.Fprintf(&rows, "u%d\t%d\t%d\tview\t\t%d\t[]\t[]\n", u, u*1000, u, u)
	}
	if err := c.Insert(ctx, "events", "TabSeparated", strings.NewReader(rows.String())); err != nil {
		t.Fatal(err)
	}
	if n, err := c.QueryValue(ctx, "SELECT count() FROM events"); err != nil || n != "100" {
		t.Fatalf("count through Distributed = %q, %v; want 100 at once", n, err)
	}
	for _, db := range []string{"funnelscope_shard1", "funnelscope_shard2"} {
		n, err := c.QueryValue(ctx, "SELECT count() FROM "+db+"."+clickhouse.ShardTable(c))
		if err != nil || n == "0" || n == "100" {
			t.Fatalf("%s holds %q rows (%v); want a share of 100", db, n, err)
		}
	}
}

func TestInitOnAnUnknownClusterSaysSo(t *testing.T) {
	c := chtest.Server(t)
	err := clickhouse.Init(context.Background(), c, clickhouse.InitOptions{Cluster: "no_such_cluster"})
	if err == nil || !strings.Contains(err.Error(), "no_such_cluster") {
		t.Fatalf("err = %v, want one naming the cluster", err)
	}
}
