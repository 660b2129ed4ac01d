package main

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// benchOut runs the bench command in this process and returns its output.
func benchOut(t *testing.T, args ...string) string {
	t.Helper()
	root := newRootCmd()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetArgs(append([]string{"bench", "--runs", "1"}, args...))
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatalf("bench %v: %v", args, err)
	}
	return out.String()
}

func TestBenchPrintsEveryFigureOfAGeneratedSample(t *testing.T) {
	var res benchResult
	if err := json.Unmarshal([]byte(benchOut(t, "--users", "200", "--format", "json")), &res); err != nil {
		t.Fatal(err)
	}
	want := []string{"import", "import peak RSS", "snapshot build", "open", "funnel", "breakdown", "paths",
		"drivers", "attribution", "trends", "suggest", "Go heap", "RSS after", "peak RSS since open"}
	if len(res.Rows) != len(want) {
		t.Fatalf("got %d rows, want %d: %+v", len(res.Rows), len(want), res.Rows)
	}
	for i, w := range want {
		if !strings.HasPrefix(res.Rows[i].What, w) {
			t.Errorf("row %d is %q, want %s...", i, res.Rows[i].What, w)
		}
	}
	if res.Events == 0 || res.Users != 200 {
		t.Errorf("dataset: %d events of %d users, want the 200 users' events", res.Events, res.Users)
	}
	if funnel := res.Rows[4]; !strings.HasSuffix(funnel.Value, " events read") || strings.HasPrefix(funnel.Value, "0 ") {
		t.Errorf("the funnel row should count the events read, got %q", funnel.Value)
	}
}

func TestBenchOnADatabaseMeasuresNoImportAndPrintsMarkdown(t *testing.T) {
	db := filepath.Join(t.TempDir(), "bench.db")
	root := newRootCmd()
	root.SetArgs([]string{"--db", db, "sample", "--users", "100"})
	root.SetErr(&bytes.Buffer{})
	if err := root.ExecuteContext(context.Background()); err != nil {
		t.Fatal(err)
	}
	out := benchOut(t, "--db", db, "--format", "md")
	for _, w := range []string{"| dataset ", "| open ", "| funnel ", "| breakdown by device ", "| suggest ", "| peak RSS since open "} {
		if !strings.Contains(out, w) {
			t.Errorf("no %q row in\n%s", w, out)
		}
	}
	if strings.Contains(out, "| import") {
		t.Errorf("an existing database is not imported, yet:\n%s", out)
	}
}
