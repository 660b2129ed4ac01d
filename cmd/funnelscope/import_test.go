package main_test

import (
	"compress/gzip"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// smallNDJSON is a tiny valid export: 6 events, 3 users, 3 names.
const smallNDJSON = `{"user_id":"s1","event":"signup","timestamp":"2024-03-01T10:00:00Z","plan":"free"}
{"user_id":"s1","event":"login","timestamp":"2024-03-01T10:05:00Z"}
{"user_id":"s2","event":"signup","timestamp":"2024-03-02T09:00:00Z","plan":"pro"}
{"user_id":"s2","event":"login","timestamp":"2024-03-02T09:01:00Z"}
{"user_id":"s3","event":"login","timestamp":"2024-03-03T08:00:00Z"}
{"user_id":"s3","event":"purchase","timestamp":"2024-03-03T08:30:00Z","amount":"12.50"}
`

func sha256File(t testing.TB, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func TestImportOfREES46StoresEachDistinctRowOnceAndRecordsTheFile(t *testing.T) {
	needData(t, rees46CSV)
	db := tempDB(t)
	r := fsOK(t, db, "import", rees46CSV)
	// 17,434 rows of which 5 repeat an earlier row exactly; rows that differ
	// only in user_session are distinct events.
	if !strings.Contains(r.stderr, "imported 17429, duplicate 5, rejected 0") {
		t.Errorf("import summary: want %q in stderr, got\n%s", "imported 17429, duplicate 5, rejected 0", r)
	}

	_, in := infoJSON(t, db)
	fi, err := os.Stat(rees46CSV)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256File(t, rees46CSV)
	want := info{Database: db, Events: 17429, Users: 4504, EventNames: 3,
		First: "2019-10-01T00:00:00Z", Last: "2019-10-01T02:50:00Z"}
	got := in
	got.Imports = nil
	if !reflect.DeepEqual(got, want) {
		t.Errorf("info:\n got %+v\nwant %+v", got, want)
	}
	if len(in.Imports) != 1 {
		t.Fatalf("info: want 1 import record, got %+v", in.Imports)
	}
	im := in.Imports[0]
	wantIm := importInfo{ID: im.ID, File: rees46CSV, Format: "csv", Size: fi.Size(), SHA256: sum,
		RowsRead: 17434, Imported: 17429, Duplicates: 5, Started: im.Started, Finished: im.Finished}
	if im != wantIm {
		t.Errorf("import record:\n got %+v\nwant %+v", im, wantIm)
	}
	checkRFC3339(t, "started", im.Started)
	checkRFC3339(t, "finished", im.Finished)

	// Importing the same file again changes no event but is recorded.
	r = fsOK(t, db, "import", rees46CSV)
	if !strings.Contains(r.stderr, "imported 0, duplicate 17434, rejected 0") {
		t.Errorf("second import summary: want %q in stderr, got\n%s", "imported 0, duplicate 17434, rejected 0", r)
	}
	_, again := infoJSON(t, db)
	if again.Events != 17429 || again.Users != 4504 || again.EventNames != 3 {
		t.Errorf("after importing twice: want 17429 events, 4504 users, 3 names, got %+v", again)
	}
	if len(again.Imports) != 2 {
		t.Fatalf("after importing twice: want 2 import records, got %+v", again.Imports)
	}
	if again.Imports[0] != im {
		t.Errorf("first import record changed:\n was %+v\n now %+v", im, again.Imports[0])
	}
	second := again.Imports[1]
	if second.ID <= im.ID || second.SHA256 != sum || second.RowsRead != 17434 || second.Imported != 0 ||
		second.Duplicates != 17434 {
		t.Errorf("second import record: want a newer id, same sha256, 17434 read, 0 imported, 17434 duplicate; got %+v", second)
	}
}

func checkRFC3339(t *testing.T, field, v string) {
	t.Helper()
	if _, err := time.Parse(time.RFC3339, v); err != nil {
		t.Errorf("import %s %q is not RFC 3339: %v", field, v, err)
	}
}

// TestEventsListsEveryNameMostFrequentFirst reads the same list back in
// every output format.
func TestEventsListsEveryNameMostFrequentFirst(t *testing.T) {
	needData(t, rees46CSV)
	db := tempDB(t)
	fsOK(t, db, "import", rees46CSV)
	want := [][]string{
		{"view", "17051", "4504"},
		{"purchase", "214", "193"},
		{"cart", "164", "111"},
	}
	tests := []struct {
		format string
		parse  func(t *testing.T, out string) [][]string // rows without the header
	}{
		{"json", func(t *testing.T, out string) [][]string {
			var rows []struct {
				Name         string
				Count, Users int64
			}
			if err := json.Unmarshal([]byte(out), &rows); err != nil {
				t.Fatalf("not JSON: %v", err)
			}
			var got [][]string
			for _, r := range rows {
				got = append(got, []string{r.Name, strconv.FormatInt(r.Count, 10), strconv.FormatInt(r.Users, 10)})
			}
			return got
		}},
		{"csv", func(t *testing.T, out string) [][]string {
			if header, _, _ := strings.Cut(out, "\n"); header != "name,count,users" {
				t.Errorf("csv header: want %q, got %q", "name,count,users", header)
			}
			recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
			if err != nil || len(recs) == 0 {
				t.Fatalf("not CSV (%v)", err)
			}
			return recs[1:]
		}},
		{"md", func(t *testing.T, out string) [][]string {
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) < 2 || !strings.HasPrefix(lines[1], "| ---") {
				t.Fatalf("not a Markdown table")
			}
			if got := mdCells(lines[0]); !reflect.DeepEqual(got, []string{"name", "count", "users"}) {
				t.Errorf("md header: got %q", got)
			}
			var got [][]string
			for _, l := range lines[2:] {
				got = append(got, mdCells(l))
			}
			return got
		}},
		{"table", func(t *testing.T, out string) [][]string {
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if got := strings.Fields(lines[0]); !reflect.DeepEqual(got, []string{"name", "count", "users"}) {
				t.Errorf("table header: got %q", got)
			}
			var got [][]string
			for _, l := range lines[1:] {
				got = append(got, strings.Fields(l))
			}
			return got
		}},
	}
	for _, tt := range tests {
		t.Run(tt.format, func(t *testing.T) {
			r := fsOK(t, db, "events", "--format", tt.format)
			if got := tt.parse(t, r.stdout); !reflect.DeepEqual(got, want) {
				t.Errorf("events --format %s:\n got %q\nwant %q\noutput:\n%s", tt.format, got, want, r.stdout)
			}
		})
	}
	t.Run("JSON is the default in a pipe", func(t *testing.T) {
		if def, js := fsOK(t, db, "events").stdout, fsOK(t, db, "events", "--format", "json").stdout; def != js {
			t.Errorf("events without --format:\n%s\nwant the JSON:\n%s", def, js)
		}
	})
}

func mdCells(line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimSuffix(strings.TrimPrefix(line, "|"), "|")
	var cells []string
	for _, c := range strings.Split(line, "|") {
		cells = append(cells, strings.TrimSpace(c))
	}
	return cells
}

func TestDBFlagWinsOverEnvironmentVariable(t *testing.T) {
	small := writeFile(t, "small.ndjson", smallNDJSON)
	envDB, flagDB := tempDB(t), tempDB(t)
	env := []string{"FUNNELSCOPE_DB=" + envDB}

	if r := run(t, command(t, env, "--db", flagDB, "import", small)); r.code != 0 {
		t.Fatalf("import with both --db and FUNNELSCOPE_DB: %s", r)
	}
	if !exists(flagDB) {
		t.Errorf("--db %s was not created", flagDB)
	}
	if exists(envDB) {
		t.Errorf("FUNNELSCOPE_DB %s was created although --db was given", envDB)
	}
	if r := run(t, command(t, env, "info")); r.code == 0 {
		t.Errorf("info with FUNNELSCOPE_DB naming a missing file: want non-zero exit, got %s", r)
	}

	// Without the flag, the variable decides.
	r := run(t, command(t, []string{"FUNNELSCOPE_DB=" + flagDB}, "info", "--format", "json"))
	var in info
	if r.code != 0 || json.Unmarshal([]byte(r.stdout), &in) != nil || in.Events != 6 {
		t.Errorf("info with FUNNELSCOPE_DB=%s: want the 6 imported events, got %s", flagDB, r)
	}
	if r := run(t, command(t, env, "import", small)); r.code != 0 || !exists(envDB) {
		t.Errorf("import with FUNNELSCOPE_DB=%s: want it created, got %s", envDB, r)
	}
}

func TestDatabaseDefaultsToFunnelscopeDBInTheWorkingDirectory(t *testing.T) {
	small := writeFile(t, "small.ndjson", smallNDJSON)
	cmd := command(t, nil, "import", small)
	if r := run(t, cmd); r.code != 0 {
		t.Fatalf("import without --db: %s", r)
	}
	if p := filepath.Join(cmd.Dir, "funnelscope.db"); !exists(p) {
		t.Errorf("import without --db or FUNNELSCOPE_DB: want %s created", p)
	}
}

func TestReadingAMissingDatabaseSaysHowToImportAndCreatesNothing(t *testing.T) {
	for _, args := range [][]string{
		{"info"},
		{"info", "--format", "json"},
		{"events"},
		{"events", "--format", "csv"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			db := tempDB(t)
			r := fs(t, db, args...)
			if r.code == 0 {
				t.Errorf("want non-zero exit, got %s", r)
			}
			if !strings.Contains(r.stderr, db) || !strings.Contains(r.stderr, "funnelscope import") {
				t.Errorf("stderr should name %s and say how to import (funnelscope import), got %s", db, r)
			}
			if r.stdout != "" {
				t.Errorf("stdout should be empty, got %q", r.stdout)
			}
			for _, p := range []string{db, db + "-wal", db + "-shm"} {
				if exists(p) {
					t.Errorf("%s was created", p)
				}
			}
		})
	}
}

func TestImportRefusesAFileThatIsNotEventData(t *testing.T) {
	needData(t, uciCSV)
	db := tempDB(t)
	r := fs(t, db, "import", uciCSV)
	if r.code == 0 {
		t.Errorf("importing per-session aggregates: want non-zero exit, got %s", r)
	}
	for _, want := range []string{"user", "event", "time", "--user-col", "--event-col", "--time-col"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("refusal should mention %q, got %s", want, r)
		}
	}
	if _, in := infoJSON(t, db); in.Events != 0 || len(in.Imports) != 0 {
		t.Errorf("after a refused file: want no events and no import record, got %+v", in)
	}
}

// badRowsCSV has two bad rows, on physical lines 4 (a fifth field) and 6
// (not a timestamp). The quoted field on lines 2-3 makes line numbers
// differ from record numbers.
const badRowsCSV = `user_id,event,timestamp,page
u1,view,2024-01-01T00:00:00Z,"two
lines"
u1,cart,2024-01-01T00:01:00Z,a,extra
u2,view,2024-01-01T00:02:00Z,b
u2,cart,notatime,b
u3,view,2024-01-01T00:03:00Z,c
`

func TestImportSkipsBadRowsAndNamesTheirLines(t *testing.T) {
	db := tempDB(t)
	file := writeFile(t, "bad.csv", badRowsCSV)
	r := fs(t, db, "import", file)
	if r.code != 0 {
		t.Fatalf("lenient import with some bad rows: want exit 0, got %s", r)
	}
	for _, want := range []string{file + ":4: ", file + ":6: ", "notatime", "imported 3, duplicate 0, rejected 2"} {
		if !strings.Contains(r.stderr, want) {
			t.Errorf("stderr should contain %q, got %s", want, r)
		}
	}
	for _, wrong := range []string{file + ":3: ", file + ":5: "} {
		if strings.Contains(r.stderr, wrong) {
			t.Errorf("stderr blames a good row (%q): %s", wrong, r)
		}
	}
	_, in := infoJSON(t, db)
	if in.Events != 3 || len(in.Imports) != 1 || in.Imports[0].Rejected != 2 || in.Imports[0].RowsRead != 5 {
		t.Errorf("want 3 events and one import with 5 rows read, 2 rejected, got %+v", in)
	}
}

func TestStrictImportOfAFileWithBadRowsImportsNothing(t *testing.T) {
	db := tempDB(t)
	fsOK(t, db, "import", writeFile(t, "small.ndjson", smallNDJSON))
	before, _ := infoJSON(t, db)

	file := writeFile(t, "bad.csv", badRowsCSV)
	r := fs(t, db, "import", "--strict", file)
	if r.code == 0 {
		t.Errorf("--strict with bad rows: want non-zero exit, got %s", r)
	}
	if !strings.Contains(r.stderr, file+":4: ") {
		t.Errorf("--strict should name the first bad row (%s:4), got %s", file, r)
	}
	if after, _ := infoJSON(t, db); after != before {
		t.Errorf("--strict import failed but changed the store:\nbefore %s\nafter  %s", before, after)
	}
}

func TestImportReadsStandardInput(t *testing.T) {
	db := tempDB(t)
	r := fsWithStdin(t, db, strings.NewReader(smallNDJSON), "import", "-")
	if r.code != 0 || !strings.Contains(r.stderr, "imported 6, duplicate 0, rejected 0") {
		t.Fatalf("import - with NDJSON on stdin: want exit 0 and 6 imported, got %s", r)
	}
	_, in := infoJSON(t, db)
	sum := sha256.Sum256([]byte(smallNDJSON))
	if in.Events != 6 || in.Users != 3 || in.EventNames != 3 || in.First != "2024-03-01T10:00:00Z" ||
		in.Last != "2024-03-03T08:30:00Z" {
		t.Errorf("after import from stdin: want 6 events, 3 users, 3 names, 2024-03-01T10:00:00Z..2024-03-03T08:30:00Z, got %+v", in)
	}
	if len(in.Imports) != 1 || in.Imports[0].SHA256 != hex.EncodeToString(sum[:]) ||
		in.Imports[0].Size != int64(len(smallNDJSON)) {
		t.Errorf("stdin import record should carry the stream's size %d and sha256 %x, got %+v",
			len(smallNDJSON), sum, in.Imports)
	}
}

func TestImportUnwrapsGzipByContent(t *testing.T) {
	needData(t, rees46CSV)
	plainDB, gzDB := tempDB(t), tempDB(t)
	fsOK(t, plainDB, "import", rees46CSV)

	gz := filepath.Join(t.TempDir(), "2019-Oct-head.csv.gz")
	gzipFile(t, rees46CSV, gz)
	r := fsOK(t, gzDB, "import", gz)
	if !strings.Contains(r.stderr, "imported 17429, duplicate 5, rejected 0") {
		t.Errorf("gzip import summary: want the plain file's figures, got %s", r)
	}

	if p, g := fsOK(t, plainDB, "events", "--format", "json").stdout, fsOK(t, gzDB, "events", "--format", "json").stdout; p != g {
		t.Errorf("events differ between the plain and the gzipped import:\nplain %s\ngzip  %s", p, g)
	}
	_, p := infoJSON(t, plainDB)
	_, g := infoJSON(t, gzDB)
	if p.Events != g.Events || p.Users != g.Users || p.EventNames != g.EventNames || p.First != g.First || p.Last != g.Last {
		t.Errorf("info differs between the plain and the gzipped import:\nplain %+v\ngzip  %+v", p, g)
	}
	fi, err := os.Stat(gz)
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Imports) != 1 || g.Imports[0].SHA256 != sha256File(t, gz) || g.Imports[0].Size != fi.Size() {
		t.Errorf("import record should carry the gzip file's own size and sha256, got %+v", g.Imports)
	}
}

func gzipFile(t *testing.T, src, dst string) {
	t.Helper()
	b, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Create(dst)
	if err != nil {
		t.Fatal(err)
	}
	zw := gzip.NewWriter(f)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

func TestImportHelpShowsColumnFlagsStrictAndExamples(t *testing.T) {
	r := run(t, command(t, nil, "import", "--help"))
	if r.code != 0 {
		t.Fatalf("import --help: %s", r)
	}
	for _, want := range []string{"--user-col", "--event-col", "--time-col", "--strict", "Examples:", "funnelscope import events.csv"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("import --help should mention %q, got %s", want, r)
		}
	}
}
