package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSampleOutWritesTheFormatItsNameOrFormatAsksFor(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "x.db")
	for _, c := range []struct {
		name   string
		args   []string
		starts string
	}{
		{"s.ndjson", nil, "{"},
		{"s.JSONL", nil, "{"},
		{"s.csv", nil, "user_id,"},
		{"s.txt", nil, "user_id,"},
		{"forced.ndjson", []string{"--format", "csv"}, "user_id,"},
	} {
		out := filepath.Join(dir, c.name)
		r := fsOK(t, db, append([]string{"sample", "--users", "5", "--out", out}, c.args...)...)
		b, err := os.ReadFile(out)
		must(t, err)
		if !strings.HasPrefix(string(b), c.starts) {
			t.Errorf("%s %v: starts %.20q, want %q (%s)", c.name, c.args, b, c.starts, r.stderr)
		}
	}
}
