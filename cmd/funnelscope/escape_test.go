package main_test

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"unicode"

	"github.com/funnelscope/funnelscope/internal/spec"
)

// hostileNames are event names and property values an export can carry,
// from anyone holding a site's public write key: a clipboard write, a
// window title, a screen clear, a faked row, C1 CSI, DEL, a right-to-left
// override and a spreadsheet formula.
var hostileNames = []string{"\x1b]52;c;aGk=\x07", "\x1b]0;T\x07", "\x1b[2J", "a\r\nb", "\u009b2J", "d\x7f",
	"\u202Egnp", `=HYPERLINK("http://x","y")`}

const hostileKey = "utm\x1b]0;K\x07"

// hostileDB imports an export in which users do the hostile events in
// order, some stopping early, under hostile ids, keys and values.
func hostileDB(t *testing.T) string {
	var b strings.Builder
	for u := range 30 {
		for i, name := range hostileNames[:len(hostileNames)-u%3] {
			row, err := json.Marshal(map[string]string{"user_id": fmt.Sprintf("u%d\x1b[2J", u), "event": name,
				"timestamp": fmt.Sprintf("2026-09-%02dT10:%02d:00Z", 1+u%28, i), hostileKey: hostileNames[(u+i)%len(hostileNames)]})
			if err != nil {
				t.Fatal(err)
			}
			b.Write(append(row, '\n'))
		}
	}
	db := tempDB(t)
	fsOK(t, db, "import", writeFile(t, "hostile.ndjson", b.String()))
	return db
}

func step(i int) string { return spec.Step{Name: hostileNames[i]}.String() }

// rawControl is the first rune in s that would drive a terminal: a C0
// control but the newline, DEL, C1, a bidi control.
func rawControl(s string) (rune, bool) {
	for _, r := range s {
		if r < 0x20 && r != '\n' || r >= 0x7f && r <= 0x9f || unicode.Is(unicode.Bidi_Control, r) {
			return r, true
		}
	}
	return 0, false
}

func TestHostileNamesReachNoTerminalThroughAnyCommandOrFormat(t *testing.T) {
	db := hostileDB(t)
	steps := step(0) + "," + step(3) + "," + step(7)
	commands := [][]string{
		{"info"},
		{"events"},
		{"funnel", "--steps", steps},
		{"funnel", "--steps", steps, "--by", hostileKey},
		{"paths", "--anchor", step(0), "--goal", step(7)},
		{"drivers", "--goal", step(7)},
		{"attribution", "--goal", step(7), "--touch", hostileKey},
		{"trends", "--steps", steps, "--interval", "day"},
		{"micro", "--goal", step(7)},
	}
	for _, args := range commands {
		t.Run(args[0], func(t *testing.T) {
			for _, format := range []string{"table", "csv", "md", "json"} {
				r := fsOK(t, db, append(args, "--format", format)...)
				if c, ok := rawControl(r.stdout + r.stderr); ok {
					t.Errorf("--format %s: a raw %U in\n%s", format, c, r)
				}
				if format == "csv" {
					checkFormulasGuarded(t, r.stdout)
				}
				if format == "json" && args[0] != "info" {
					checkNamesKept(t, r.stdout)
				}
			}
		})
	}
}

// checkFormulasGuarded fails t when a CSV cell starts a formula.
func checkFormulasGuarded(t *testing.T, out string) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("CSV: %v\n%s", err, out)
	}
	for _, rec := range recs {
		for _, c := range rec {
			if strings.HasPrefix(c, "=") || strings.HasPrefix(c, "@") {
				t.Errorf("CSV: formula cell %q", c)
			}
		}
	}
}

// checkNamesKept fails t unless out is JSON holding a hostile name as it is.
func checkNamesKept(t *testing.T, out string) {
	t.Helper()
	var v any
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("JSON: %v\n%s", err, out)
	}
	found := map[string]bool{}
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			found[v] = true
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			for k, e := range v {
				found[k] = true
				walk(e)
			}
		}
	}
	walk(v)
	for _, n := range hostileNames {
		if found[n] {
			return
		}
	}
	t.Errorf("JSON holds none of the names as they are:\n%s", out)
}

func TestEventsJSONGivesEveryHostileNameBackAsItIs(t *testing.T) {
	var rows []struct {
		Name         string
		Count, Users int
	}
	decodeJSON(t, fsOK(t, hostileDB(t), "events", "--format", "json").stdout, &rows)
	got := map[string]bool{}
	for _, r := range rows {
		got[r.Name] = true
	}
	for _, n := range hostileNames {
		if !got[n] {
			t.Errorf("%q is not among %+v", n, rows)
		}
	}
}

func TestAnErrorSuggestingHostileNamesShowsThemEscaped(t *testing.T) {
	r := fs(t, hostileDB(t), "drivers", "--goal", spec.Step{Name: "\x1b[2Jx"}.String())
	if r.code == 0 || !strings.Contains(r.stderr, "did you mean") {
		t.Fatalf("want the closest names suggested, got\n%s", r)
	}
	if c, ok := rawControl(r.stderr); ok {
		t.Errorf("a raw %U in\n%s", c, r)
	}
}
