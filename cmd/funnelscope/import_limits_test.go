package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hostileCSV has, after a good row, a 2 MB field (line 3), a NUL byte
// (line 4), a Latin-1 name (line 5), a 1980 time (line 6) and a good row.
var hostileCSV = "user_id,event,timestamp\n" +
	"u1,view,2024-03-01T10:00:00Z\n" +
	"u2," + strings.Repeat("a", 2<<20) + ",2024-03-01T10:00:00Z\n" +
	"u3,a\x00b,2024-03-01T10:00:00Z\n" +
	"u4,caf\xe9,2024-03-01T10:00:00Z\n" +
	"u5,view,1980-06-01T00:00:00Z\n" +
	"u6,view,2024-03-01T10:00:00Z\n"

func TestImportRejectsHostileRowsOneByOneAndNamesTheFlagThatLetsThemIn(t *testing.T) {
	file := writeFile(t, "hostile.csv", hostileCSV)
	tests := []struct {
		name  string
		flags []string
		want  []string
	}{
		{"by default", nil, []string{
			file + ":4: NUL byte in the event name",
			file + ":6: time 1980-06-01T00:00:00Z is outside 1990-01-01..",
			"1 rejected rows have times outside 1990-01-01..", "--time-range",
			"imported 4, duplicate 0, rejected 2, 1 with invalid UTF-8 repaired"}},
		{"with a lower --max-field", []string{"--max-field", "1MiB"}, []string{
			file + ":3: record longer than 1.0 MiB (raise the limit with --max-field)",
			"imported 3, duplicate 0, rejected 3"}},
		{"with a wider --time-range", []string{"--time-range", "1970-01-01.."}, []string{
			"imported 5, duplicate 0, rejected 1, 1 with invalid UTF-8 repaired"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := fs(t, tempDB(t), append([]string{"import"}, append(tt.flags, file)...)...)
			if r.code != 0 {
				t.Fatalf("want exit 0 (some rows imported), got %s", r)
			}
			for _, want := range tt.want {
				if !strings.Contains(r.stderr, want) {
					t.Errorf("stderr should contain %q, got %.2000s", want, r.stderr)
				}
			}
		})
	}
}

func TestImportReadsJSONNestedUpToMaxDepth(t *testing.T) {
	deep := `{"user_id":"u1","event":"e","timestamp":"2024-03-01T10:00:00Z"}` + "\n" +
		`{"user_id":"u2","event":"e","timestamp":"2024-03-01T10:00:00Z","x":[[[[[1]]]]]}` + "\n"
	file := writeFile(t, "deep.ndjson", deep)
	if r := fsOK(t, tempDB(t), "import", file); !strings.Contains(r.stderr, "imported 2, duplicate 0, rejected 0") {
		t.Errorf("by default: want both rows, got %s", r)
	}
	r := fsOK(t, tempDB(t), "import", "--max-depth", "4", file)
	if !strings.Contains(r.stderr, file+":2: JSON nested deeper than 4 levels") {
		t.Errorf("--max-depth 4: want row 2 rejected, got %s", r)
	}
}

func TestImportRefusesLimitsItCannotUse(t *testing.T) {
	checkRefusals(t, "import", []refusal{
		{[]string{"--max-field", "0", "x.csv"}, "--max-field"},
		{[]string{"--max-field", "lots", "x.csv"}, "--max-field"},
		{[]string{"--max-depth", "301", "x.csv"}, "--max-depth"},
		{[]string{"--time-range", "2000-01-01", "x.csv"}, "FROM..TO"},
		{[]string{"--time-range", "2001-01-01..2000-01-01", "x.csv"}, "ends before it starts"},
	})
}

func TestImportOfADirectoryOrATruncatedGzipSaysWhatIsWrong(t *testing.T) {
	dir := t.TempDir()
	cutGz := filepath.Join(dir, "cut.csv.gz")
	gzipFile(t, writeFile(t, "hostile.csv", hostileCSV), cutGz)
	fi, err := os.Stat(cutGz)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(cutGz, fi.Size()-6); err != nil { // into the trailer's checksum
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		dir:   dir + ": is a directory",
		cutGz: "truncated gzip: " + cutGz + " ends before its end-of-stream marker",
	} {
		db := tempDB(t)
		r := fs(t, db, "import", file)
		if r.code == 0 || !strings.Contains(r.stderr, want) || strings.Contains(r.stderr, "empty file") ||
			strings.Contains(r.stderr, "unexpected EOF") {
			t.Errorf("import %s: want a failure saying %q, got %s", file, want, r)
		}
	}
}
