package clickhouse_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/clickhouse/chtest"
	"github.com/funnelscope/funnelscope/internal/ingest"
)

// initDB returns a test database with an events table.
func initDB(t *testing.T) *clickhouse.Client {
	t.Helper()
	c := chtest.Server(t)
	if err := clickhouse.Init(context.Background(), c, clickhouse.InitOptions{}); err != nil {
		t.Fatal(err)
	}
	return c
}

// csvFile writes n events of n/3 users, each with two properties, one of
// them awkward (tabs, quotes, a newline), after the header.
func csvFile(t *testing.T, n int, tail string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString("user_id,event,timestamp,page,note\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "u%d,step%d,2024-03-01T10:%02d:%02dZ,/p%d,\"a\tb 'q' \\ \"\"x\"\"\n%d\"\n", i/3, i%3, (i/60)%60, i%60, i, i)
	}
	b.WriteString(tail)
	path := filepath.Join(t.TempDir(), "events.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func count(t *testing.T, c *clickhouse.Client, where string) string {
	t.Helper()
	n, err := c.QueryValue(context.Background(), "SELECT count() FROM events WHERE "+where)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestImportingAFileTwiceAddsNothingTheSecondTime(t *testing.T) {
	c := initDB(t)
	path := csvFile(t, 300, "")
	im := clickhouse.Importer{Client: c}
	first, err := im.ImportFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	second, err := im.ImportFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if first.Imported != 300 || first.Duplicates != 0 || second.Imported != 0 || second.Duplicates != 300 {
		t.Fatalf("first %d new %d dup, second %d new %d dup; want 300/0 then 0/300",
			first.Imported, first.Duplicates, second.Imported, second.Duplicates)
	}
	if n := count(t, c, "1"); n != "300" {
		t.Fatalf("events = %s, want 300", n)
	}
}

func TestImportKeepsPropertiesExactlyAndNumbersSeqInFileOrder(t *testing.T) {
	c := initDB(t)
	im := clickhouse.Importer{Client: c}
	if _, err := im.ImportFile(context.Background(), csvFile(t, 30, "")); err != nil {
		t.Fatal(err)
	}
	want := "a\tb 'q' \\ \"x\"\n7"
	if n := count(t, c, "prop_values[indexOf(prop_keys, 'note')] = "+clickhouse.Quote(want)+" AND seq = 8"); n != "1" {
		t.Fatalf("events with row 8's note and seq 8 = %s, want 1", n)
	}
	if n := count(t, c, "user = 'u2' AND name = 'step1' AND time_us = 1709287207000000"); n != "1" {
		t.Fatalf("u2's step1 at 10:00:07 = %s, want 1", n)
	}
}

func TestADuplicateInsideOneFileIsStoredOnceAndCountedAsDuplicate(t *testing.T) {
	c := initDB(t)
	path := csvFile(t, 3, "u0,step0,2024-03-01T10:00:00Z,/p0,\"a\tb 'q' \\ \"\"x\"\"\n0\"\n")
	res, err := (&clickhouse.Importer{Client: c}).ImportFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 3 || res.Duplicates != 1 || count(t, c, "1") != "3" {
		t.Fatalf("imported %d, duplicates %d; want 3 and 1", res.Imported, res.Duplicates)
	}
}

func TestAFailedImportLeavesNothingVisible(t *testing.T) {
	c := initDB(t)
	// Under --strict the bad last row fails the file after every good row
	// has been uploaded to the staging table.
	path := csvFile(t, 500_000, "u9,step0,not a time,/p,n\n")
	im := clickhouse.Importer{Client: c, Options: ingest.Options{Strict: true}}
	if _, err := im.ImportFile(context.Background(), path); err == nil || !strings.Contains(err.Error(), "nothing of this file") {
		t.Fatalf("err = %v, want a failed import that says nothing was imported", err)
	}
	if n := count(t, c, "1"); n != "0" {
		t.Fatalf("events = %s after a failed import, want 0", n)
	}
	tables, err := c.QueryValue(context.Background(), "SELECT count() FROM system.tables WHERE database = currentDatabase() AND name LIKE 'fs_stage_%'")
	if err != nil || tables != "0" {
		t.Fatalf("staging tables left: %s (%v)", tables, err)
	}
}

func TestImportRejectsBadRowsAndReportsProgressAsTheLocalImportDoes(t *testing.T) {
	c := initDB(t)
	path := csvFile(t, 100_000, "u9,step0,not a time,/p,n\n")
	var reports []ingest.Progress
	im := clickhouse.Importer{Client: c, Progress: func(p ingest.Progress) { reports = append(reports, p) }}
	res, err := im.ImportFile(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	if res.Imported != 100_000 || res.Rejected != 1 || len(res.Errors) != 1 {
		t.Fatalf("imported %d rejected %d errors %v; want 100000, 1 and its error", res.Imported, res.Rejected, res.Errors)
	}
	if len(reports) == 0 || reports[len(reports)-1].Events != 100_000 || reports[len(reports)-1].BytesRead == 0 {
		t.Fatalf("progress reports %v, want a last one with every event and the bytes read", reports)
	}
}

func TestTheCopyIsOnePartUpToAtomicRowsAndSeveralBeyond(t *testing.T) {
	tests := []struct {
		atomicRows int
		wantOne    bool
	}{
		{0, true},        // the default, 2 M
		{100_000, false}, // 300,000 rows in blocks of 100,000
	}
	path := csvFile(t, 300_000, "")
	for _, tt := range tests {
		c := initDB(t)
		im := clickhouse.Importer{Client: c, AtomicRows: tt.atomicRows}
		if _, err := im.ImportFile(context.Background(), path); err != nil {
			t.Fatal(err)
		}
		// Level 0: parts as inserted, before any merge joined them.
		parts, err := c.QueryValue(context.Background(), "SELECT count() FROM system.parts "+
			"WHERE database = currentDatabase() AND table = 'events' AND level = 0")
		if err != nil {
			t.Fatal(err)
		}
		if (parts == "1") != tt.wantOne {
			t.Errorf("AtomicRows %d: %s parts written, want one: %v", tt.atomicRows, parts, tt.wantOne)
		}
	}
}

func TestImportingTwiceThroughADistributedTableAddsNothingTheSecondTime(t *testing.T) {
	ctx := context.Background()
	c, err := chtest.Distributed(t)
	if err != nil {
		t.Fatal(err)
	}
	path := csvFile(t, 3000, "")
	im := clickhouse.Importer{Client: c}
	for i, want := range []int64{3000, 0} {
		res, err := im.ImportFile(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		if res.Imported != want {
			t.Fatalf("import %d added %d, want %d", i+1, res.Imported, want)
		}
	}
	if n := count(t, c, "1"); n != "3000" {
		t.Fatalf("events = %s, want 3000", n)
	}
}
