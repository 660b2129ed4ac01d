package common

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
)

func TestFitPadsShortTextAndCutsLongTextWithAnEllipsis(t *testing.T) {
	cases := []struct {
		s    string
		n    int
		want string
	}{
		{"abc", 5, "abc  "},
		{"abc", 3, "abc"},
		{"abcdef", 4, "abc…"},
		{"日本語", 4, "日…"},
	}
	for _, c := range cases {
		if got := Fit(c.s, c.n); got != c.want {
			t.Errorf("Fit(%q, %d) = %q, want %q", c.s, c.n, got, c.want)
		}
	}
}

func TestFitPiecesKeepsWholePiecesInOrderWhileTheyFit(t *testing.T) {
	pieces := []string{"one", "two", "three"}
	cases := []struct {
		w    int
		want string
	}{{100, "one · two · three"}, {12, "one · two"}, {9, "one · two"}, {8, "one"}, {2, ""}}
	for _, c := range cases {
		if got := FitPieces(pieces, " · ", c.w); got != c.want {
			t.Errorf("width %d: %q, want %q", c.w, got, c.want)
		}
	}
}

func TestWrapKeepsToTheWidthButNeverBelowTen(t *testing.T) {
	s := strings.Repeat("word ", 20)
	for _, w := range []int{30, 10, 3} {
		for _, l := range strings.Split(Wrap(s, w), "\n") {
			if lipgloss.Width(l) > max(10, w) {
				t.Errorf("width %d: line %q is %d wide", w, l, lipgloss.Width(l))
			}
		}
	}
}

func TestCutCountsColumnsNotRunes(t *testing.T) {
	cases := []struct {
		s    string
		n    int
		want string
	}{
		{"purchase", 20, "purchase"},
		{"purchase", 5, "purc…"},
		{"日本語の商品", 7, "日本語…"}, // each kanji is two columns
	}
	for _, c := range cases {
		got := Cut(c.s, c.n)
		if got != c.want || lipgloss.Width(got) > c.n {
			t.Errorf("Cut(%q, %d) = %q (%d columns), want %q", c.s, c.n, got, lipgloss.Width(got), c.want)
		}
	}
}

func TestTheLayoutHelpersShowControlsFromTheDataEscaped(t *testing.T) {
	name := "\x1b]52;c;aGk=\x07\x1b[2J\r\n\u009b\u202E\xff"
	const shown = `\x1b]52;c;aGk=\x07\x1b[2J\r\n\u009b\u202e\xff`
	cases := []struct {
		name string
		got  string
		want string
	}{
		{"Fit", Fit(name, 60), shown + strings.Repeat(" ", 60-len(shown))},
		{"Fit cutting", Fit(name, 10), `\x1b]52;c…`},
		{"Cut", Cut(name, 60), shown},
		{"FitPieces", FitPieces([]string{"a", name}, " ", 60), "a " + shown},
		{"Wrap", Wrap(name, 60), shown + strings.Repeat(" ", 60-len(shown))},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: %q, want %q", c.name, c.got, c.want)
		}
	}
}

func TestTheLayoutHelpersKeepLipglossStyles(t *testing.T) {
	styled := "\x1b[1mbold\x1b[0m"
	if got := Fit(styled, 6); got != styled+"  " {
		t.Errorf("Fit: %q", got)
	}
	if got := Cut(styled, 3); got != "\x1b[1mbo…\x1b[0m" {
		t.Errorf("Cut: %q", got)
	}
}
