package textsafe

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestDisplayShowsEveryControlAsAVisibleEscape(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"plain text stays", "signup", "signup"},
		{"non-ASCII letters stay", "café 日本 …", "café 日本 …"},
		{"a backslash in the data stays", `C:\x1b`, `C:\x1b`},
		{"an OSC 52 clipboard write", "\x1b]52;c;aGk=\x07", `\x1b]52;c;aGk=\x07`},
		{"a window title", "\x1b]0;T\x07", `\x1b]0;T\x07`},
		{"a screen clear", "\x1b[2J", `\x1b[2J`},
		{"an SGR style from the data", "\x1b[31mred", `\x1b[31mred`},
		{"a faked row", "a\r\nb", `a\r\nb`},
		{"a tab", "a\tb", `a\tb`},
		{"NUL and DEL", "a\x00b\x7f", `a\x00b\x7f`},
		{"C1 CSI", "a\u009b2J", `a\u009b2J`},
		{"C1 NEL", "a\u0085b", `a\u0085b`},
		{"a right-to-left override", "gpj.\u202Eexe", `gpj.\u202eexe`},
		{"isolates and marks", "\u2066a\u2069\u200e\u200f\u061c", `\u2066a\u2069\u200e\u200f\u061c`},
		{"line and paragraph separators", "a\u2028b\u2029", `a\u2028b\u2029`},
		{"invalid UTF-8 bytes", "a\xff\xc3b", `a\xff\xc3b`},
		{"a lone C1 byte, not UTF-8", "a\x9bb", `a\x9bb`},
		{"a real U+FFFD stays", "a\uFFFDb", "a\uFFFDb"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Display(c.in)
			if got != c.want {
				t.Errorf("Display(%q) = %q, want %q", c.in, got, c.want)
			}
			if again := Display(got); again != got {
				t.Errorf("Display is not idempotent: %q then %q", got, again)
			}
			if !Clean(got) {
				t.Errorf("Clean(%q) is false after Display", got)
			}
			if Clean(c.in) != (c.in == c.want) {
				t.Errorf("Clean(%q) = %v", c.in, Clean(c.in))
			}
		})
	}
}

func TestTheKeepingVariantsPassOnlyWhatTheyName(t *testing.T) {
	const styled = "\x1b[1;38;2;1:2:3mhi\x1b[0m"
	cases := []struct {
		name string
		f    func(string) string
		in   string
		want string
	}{
		{"Lines keeps newlines", Lines, "a\nb\r", `a` + "\n" + `b\r`},
		{"Lines escapes SGR", Lines, "\x1b[1mx", `\x1b[1mx`},
		{"Styled keeps SGR", Styled, styled, styled},
		{"Styled escapes newlines", Styled, "a\nb", `a\nb`},
		{"Styled escapes a CSI that is not SGR", Styled, "\x1b[2J\x1b[31;1H", `\x1b[2J\x1b[31;1H`},
		{"Styled escapes an OSC", Styled, "\x1b]0;T\x07", `\x1b]0;T\x07`},
		{"Styled escapes an unfinished SGR", Styled, "\x1b[31", `\x1b[31`},
		{"Styled escapes a bare ESC", Styled, "\x1b", `\x1b`},
		{"Screen keeps SGR and newlines", Screen, styled + "\n" + styled, styled + "\n" + styled},
		{"Screen escapes CR, BEL and C1", Screen, "a\r\x07\u009b", `a\r\x07\u009b`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.f(c.in); got != c.want {
				t.Errorf("%q: got %q, want %q", c.in, got, c.want)
			}
		})
	}
}

func TestSpreadsheetGuardsFormulasButNotNumbers(t *testing.T) {
	cases := []struct{ in, want string }{
		{"=HYPERLINK(\"http://x\",\"y\")", "'=HYPERLINK(\"http://x\",\"y\")"},
		{"+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"},
		{"-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"},
		{"@SUM(1)", "'@SUM(1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"signup", "signup"},
		{"a=b", "a=b"},
		{"", ""},
		{"-", "-"},
		{"-3", "-3"},
		{"+1.5e3", "+1.5e3"},
		{"-2.5%", "-2.5%"},
		{"-2.5%%", "'-2.5%%"},
	}
	for _, c := range cases {
		if got := Spreadsheet(c.in); got != c.want {
			t.Errorf("Spreadsheet(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestJSONEscapesWhatATerminalActsOnAndKeepsTheValue(t *testing.T) {
	names := []string{
		"plain", "café", "\x1b]52;c;aGk=\x07", "a\r\nb", "\u009b2J", "x\x7fy", "gpj.\u202Eexe", "\u2066a\u2069",
		"a\u2028b", "<&>",
	}
	for _, name := range names {
		enc, err := json.Marshal(map[string]string{name: name})
		if err != nil {
			t.Fatal(err)
		}
		out := JSON(string(enc))
		if !utf8.ValidString(out) || strings.ContainsAny(out, "\x1b\x07\r\x7f\u009b\u202e\u2066\u2069\u2028") {
			t.Errorf("%q: a control is left in %q", name, out)
		}
		var back map[string]string
		if err := json.Unmarshal([]byte(out), &back); err != nil {
			t.Fatalf("%q: %s is not JSON: %v", name, out, err)
		}
		if back[name] != name {
			t.Errorf("%q: decodes to %q", name, back)
		}
	}
}

func TestJSONTurnsInvalidUTF8IntoTheReplacementCharacter(t *testing.T) {
	if got := JSON("\"a\xffb\""); got != `"a\ufffdb"` {
		t.Errorf("got %q", got)
	}
}

func BenchmarkScreenOfAStyledFrame(b *testing.B) {
	line := "\x1b[1;38;5;212mfunnelscope\x1b[0m · sample.sqlite · 120,000 events │ ▸ signup ████████ 41.2%\n"
	frame := strings.Repeat(line, 40)
	b.SetBytes(int64(len(frame)))
	for b.Loop() {
		_ = Screen(frame)
	}
}
