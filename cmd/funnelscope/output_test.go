package main_test

import (
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/tmuxtest"
)

// outputCommands are every command that prints a result, with the flags
// it needs on the sample.
var outputCommands = [][]string{
	{"info"},
	{"events"},
	{"funnel", "--steps", "view_item,add_to_cart,purchase"},
	{"funnel", "--steps", "view_item,purchase", "--by", "device"},
	{"paths", "--anchor", "landing_page_view", "--goal", "purchase"},
	{"drivers", "--goal", "purchase"},
	{"attribution", "--goal", "purchase", "--touch", "utm_source"},
	{"trends", "--steps", "view_item,purchase", "--interval", "week"},
	{"micro", "--goal", "purchase"},
}

func TestEveryCommandPrintsJSONInAPipeAndEveryFormatOnRequest(t *testing.T) {
	db := sample2000(t)
	for _, args := range outputCommands {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			piped := fsOK(t, db, args...).stdout
			if !json.Valid([]byte(piped)) {
				t.Fatalf("without --format in a pipe: want JSON, got\n%s", piped)
			}
			if js := fsOK(t, db, append(args, "--format", "json")...).stdout; js != piped {
				t.Errorf("--format json differs from the piped default:\n%s\nwant\n%s", js, piped)
			}
			checkCSV(t, fsOK(t, db, append(args, "--format", "csv")...).stdout)
			checkMarkdown(t, fsOK(t, db, append(args, "--format", "md")...).stdout)
			table := fsOK(t, db, append(args, "--format", "table")...).stdout
			if strings.TrimSpace(table) == "" || json.Valid([]byte(table)) || strings.HasPrefix(table, "|") {
				t.Errorf("--format table: want a text table, got\n%s", table)
			}
			r := fs(t, db, append(args, "--format", "xml")...)
			if r.code == 0 || !strings.Contains(r.stderr, `unknown output format "xml": use one of table, json, csv, md`) {
				t.Errorf("--format xml: want the formats listed and a failing exit, got\n%s", r)
			}
		})
	}
}

// checkCSV fails unless out is a CSV table: a header and rows of its width.
func checkCSV(t *testing.T, out string) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) < 2 {
		t.Errorf("--format csv: want a header and rows (%v), got\n%s", err, out)
	}
}

// checkMarkdown fails unless out is one Markdown table with rows.
func checkMarkdown(t *testing.T, out string) {
	t.Helper()
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) < 3 || !strings.HasPrefix(lines[1], "| ---") {
		t.Errorf("--format md: want a Markdown table with rows, got\n%s", out)
		return
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "|") || !strings.HasSuffix(l, "|") {
			t.Errorf("--format md: %q is not a table row in\n%s", l, out)
		}
	}
}

func TestInfoShowsTheSummaryAndImportsInEachFormat(t *testing.T) {
	db := tempDB(t)
	small := writeFile(t, "small.ndjson", smallNDJSON)
	fsOK(t, db, "import", small)
	table := fsOK(t, db, "info", "--format", "table").stdout
	for _, want := range []string{"database     " + db, "events       6", "users        3", "event names  3",
		"from         2024-03-01T10:00:00Z", "to           2024-03-03T08:30:00Z", "small.ndjson"} {
		if !strings.Contains(table, want) {
			t.Errorf("info --format table lacks %q:\n%s", want, table)
		}
	}
	recs, err := csv.NewReader(strings.NewReader(fsOK(t, db, "info", "--format", "csv").stdout)).ReadAll()
	if err != nil || len(recs) != 2 || recs[0][1] != "file" || recs[1][1] != small || recs[1][4] != "6" {
		t.Errorf("info --format csv: want the imports table with one row for %s importing 6, got %q (%v)", small, recs, err)
	}
	md := fsOK(t, db, "info", "--format", "md").stdout
	if lines := strings.Split(md, "\n"); len(lines) < 3 || len(mdCells(lines[2])) != 8 || mdCells(lines[2])[1] != small {
		t.Errorf("info --format md: want the imports table, got\n%s", md)
	}
}

func TestInfoOfAnEmptyDatabaseSaysHowToImport(t *testing.T) {
	db := tempDB(t)
	fs(t, db, "import", writeFile(t, "bad.csv", "a,b\n1,2\n")) // refused: leaves an empty database
	if out := fsOK(t, db, "info", "--format", "table").stdout; !strings.HasSuffix(out, "\nno imports yet: funnelscope import FILE\n") {
		t.Errorf("info of an empty database:\n%s", out)
	}
}

func TestOnATerminalCommandsPrintTablesByDefault(t *testing.T) {
	db := sample2000(t)
	s := tmuxtest.Start(t, 160, 50, nil,
		binPath+" --db "+db+" info && "+binPath+" --db "+db+" micro --goal purchase; echo EXIT=$?; sleep 60")
	scr := s.WaitFor("info and micro", "EXIT=")
	for _, want := range []string{"event names  ", "goal purchase: ", "per conversion", "EXIT=0"} {
		if !strings.Contains(scr, want) {
			t.Errorf("the screen lacks %q:\n%s", want, scr)
		}
	}
	if strings.Contains(scr, `"events"`) || strings.Contains(scr, "| ---") {
		t.Errorf("JSON or Markdown on a terminal:\n%s", scr)
	}
}
