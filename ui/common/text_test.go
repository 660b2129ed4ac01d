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
