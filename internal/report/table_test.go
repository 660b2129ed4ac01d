package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
)

var sample = Table{
	Headers:    []string{"name", "count"},
	Rows:       [][]string{{"view", "17051"}, {"a|b, \"c\"", "7"}},
	RightAlign: []bool{false, true},
}

func TestTableWritesEachFormat(t *testing.T) {
	cases := []struct{ format, want string }{
		{"table", "name      count\nview      17051\na|b, \"c\"      7\n"},
		{"csv", "name,count\nview,17051\n\"a|b, \"\"c\"\"\",7\n"},
		{"md", "| name | count |\n| --- | ---: |\n| view | 17051 |\n| a\\|b, \"c\" | 7 |\n"},
	}
	for _, c := range cases {
		var b bytes.Buffer
		if err := sample.Write(&b, c.format); err != nil {
			t.Fatalf("%s: %v", c.format, err)
		}
		if b.String() != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.format, b.String(), c.want)
		}
	}
}

func TestTableRefusesAnUnknownFormatAndNamesTheChoices(t *testing.T) {
	err := sample.Write(&bytes.Buffer{}, "xml")
	if err == nil || !strings.Contains(err.Error(), "table, csv, md") {
		t.Fatalf("got %v", err)
	}
}

func TestJSONIsIndentedWithATrailingNewline(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, map[string]int{"events": 3}); err != nil {
		t.Fatal(err)
	}
	if b.String() != "{\n  \"events\": 3\n}\n" {
		t.Errorf("got %q", b.String())
	}
}

// hostile holds names an export can carry to drive the terminal that
// shows them: a clipboard write, a title, a screen clear, a faked row, C1
// CSI, DEL, a right-to-left override and invalid UTF-8.
var hostile = []string{"\x1b]52;c;aGk=\x07", "\x1b]0;T\x07", "\x1b[2J", "a\r\nb", "\u009b2J", "d\x7f", "\u202Egnp", "\xff"}

func TestTableShowsControlsInTheDataEscapedInEveryFormat(t *testing.T) {
	tab := Table{Headers: []string{"name\x1b[1m", "n"}, RightAlign: []bool{false, true}}
	for _, h := range hostile {
		tab.Rows = append(tab.Rows, []string{h, "1"})
	}
	for _, format := range []string{"table", "csv", "md"} {
		var b bytes.Buffer
		if err := tab.Write(&b, format); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		if strings.ContainsAny(out, "\x1b\x07\r\x7f\u009b\u202e") || !utf8.ValidString(out) {
			t.Errorf("%s: raw controls in %q", format, out)
		}
		if rows := strings.Count(out, "\n"); rows != len(hostile)+1+btoi(format == "md") {
			t.Errorf("%s: %d lines for %d rows: %q", format, rows, len(hostile), out)
		}
		for _, want := range []string{`\x1b]52;c;aGk=\x07`, `a\r\nb`, `\u202egnp`, `\xff`} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: %q not shown as %q", format, out, want)
			}
		}
	}
	if tab.Rows[0][0] != hostile[0] {
		t.Error("Write changed the caller's cells")
	}
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

func TestCSVGuardsFormulaCellsButNotNumbers(t *testing.T) {
	tab := Table{Headers: []string{"=touch", "delta"}, Rows: [][]string{
		{"=HYPERLINK(\"http://evil\",\"x\")", "-3.5%"},
		{"@SUM(A1)", "-"},
		{"+1+cmd|'/C calc'!A0", "-12"},
	}}
	var b bytes.Buffer
	if err := tab.Write(&b, "csv"); err != nil {
		t.Fatal(err)
	}
	want := "'=touch,delta\n\"'=HYPERLINK(\"\"http://evil\"\",\"\"x\"\")\",-3.5%\n'@SUM(A1),-\n'+1+cmd|'/C calc'!A0,-12\n"
	if b.String() != want {
		t.Errorf("got  %q\nwant %q", b.String(), want)
	}
}

func TestJSONKeepsNamesButEscapesTerminalControls(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, hostile); err != nil {
		t.Fatal(err)
	}
	if strings.ContainsAny(b.String(), "\x1b\x07\r\x7f\u009b\u202e") {
		t.Errorf("raw controls in %q", b.String())
	}
	var back []string
	if err := json.Unmarshal(b.Bytes(), &back); err != nil {
		t.Fatal(err)
	}
	for i, h := range hostile[:len(hostile)-1] { // invalid UTF-8 cannot be JSON: it reads as U+FFFD
		if back[i] != h {
			t.Errorf("%q came back as %q", h, back[i])
		}
	}
}

func TestHeadingsShowTheNamesTheyQuoteEscaped(t *testing.T) {
	name := "\x1b]0;T\x07\r\nfake row"
	headings := map[string]string{
		"micro":       MicroHeading(&analysis.MicroResult{Goal: name}),
		"drivers":     DriversHeading(&analysis.DriversResult{Goal: name}),
		"attribution": AttributionHeading(spec.Attribution{}, &analysis.AttributionResult{Goal: name, Touch: name}),
		"paths": PathsHeading(&analysis.PathsResult{Anchor: name, Goal: name,
			Converters: &analysis.PathGroup{}, NonConverters: &analysis.PathGroup{}}),
		"trends": TrendsHeading(&analysis.TrendsResult{Steps: []string{name, name}, Location: time.UTC}),
	}
	for what, h := range headings {
		if strings.ContainsAny(h, "\x1b\x07\r") || strings.Contains(h, "\nfake") || !strings.Contains(h, `\x1b]0;T\x07\r\nfake row`) {
			t.Errorf("%s: %q", what, h)
		}
	}
}
