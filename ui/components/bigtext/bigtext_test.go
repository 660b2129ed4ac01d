package bigtext

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestRenderDrawsEveryFigureThreeEvenRowsTall(t *testing.T) {
	tests := []struct {
		name, in string
	}{
		{"a percentage", "15.0%"},
		{"every digit", "0123456789"},
		{"a negative figure", "-3,5"},
		{"a letter without a glyph", "5x"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rows := strings.Split(Render(tt.in), "\n")
			if len(rows) != Height {
				t.Fatalf("%d rows, want %d", len(rows), Height)
			}
			for _, r := range rows[1:] {
				if utf8.RuneCountInString(r) != utf8.RuneCountInString(rows[0]) {
					t.Errorf("rows of different widths: %q", rows)
				}
			}
		})
	}
}

func TestRenderTellsDigitsApart(t *testing.T) {
	seen := map[string]rune{}
	for _, d := range "0123456789" {
		g := Render(string(d))
		if o, ok := seen[g]; ok {
			t.Errorf("%c and %c draw the same:\n%s", o, d, g)
		}
		seen[g] = d
	}
}

func TestRenderKeepsACharacterWithoutAGlyph(t *testing.T) {
	if got := Render("5x"); !strings.Contains(got, "x") {
		t.Errorf("x is lost:\n%s", got)
	}
}
