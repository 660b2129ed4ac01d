package bars

import (
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// barLen counts the full block cells of a rendered line.
func barLen(line string) int { return strings.Count(line, "█") }

func TestBarsAreProportionalLabelledAndNotedWithinTheWidth(t *testing.T) {
	bs := []Bar{{Label: "view_item", Value: 1000, Note: "1,000"}, {Label: "add_to_cart", Value: 500, Note: "500"},
		{Label: "purchase", Value: 100, Note: "100"}}
	for _, width := range []int{40, 80, 120} {
		out := Render(uitest.Theme(), bs, []string{"↓ 50%", "↓ 20%"}, width, 0).View()
		lines := strings.Split(out, "\n")
		if len(lines) != 5 {
			t.Fatalf("width %d: %d lines, want 3 bars and 2 notes between:\n%s", width, len(lines), out)
		}
		for _, l := range lines {
			if w := lipgloss.Width(l); w > width {
				t.Errorf("width %d: line %d wide: %q", width, w, l)
			}
		}
		if !strings.HasPrefix(lines[0], "view_item") || !strings.HasSuffix(lines[0], "1,000") || !strings.Contains(lines[1], "↓ 50%") {
			t.Errorf("width %d: labels/notes misplaced:\n%s", width, out)
		}
		full, half := barLen(lines[0]), barLen(lines[2])
		if full == 0 || half < full/2-1 || half > full/2+1 {
			t.Errorf("width %d: bars %d and %d cells, want 2:1", width, full, half)
		}
	}
}

func TestWithoutNotesBetweenBarsTheyAreConsecutiveAndAFullValueCaps(t *testing.T) {
	bs := []Bar{{Label: "a", Value: 5}, {Label: "b", Value: 10}}
	out := Render(uitest.Theme(), bs, nil, 30, 20).View()
	lines := strings.Split(out, "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines:\n%s", len(lines), out)
	}
	if a, b := barLen(lines[0]), barLen(lines[1]); b == 0 || b > 15 || a >= b {
		t.Errorf("with full=20, bars of 5 and 10 take %d and %d cells of about 28", a, b)
	}
	if Render(uitest.Theme(), nil, nil, 30, 0).View() != "" || Render(uitest.Theme(), bs, nil, 5, 0).View() != "" {
		t.Error("no bars or no room should draw nothing")
	}
}

func TestLabelsAndNotesFromTheDataAreDrawnEscapedAndMeasuredAsDrawn(t *testing.T) {
	bs := []Bar{{Label: "\x1b]0;T\x07a", Value: 5, Note: "\r\n5"}, {Label: "b", Value: 10, Note: "10"}}
	out := Render(uitest.Theme(), bs, nil, 60, 0).View()
	if strings.ContainsAny(out, "\x1b\x07\r") {
		t.Errorf("raw controls in %q", out)
	}
	lines := strings.Split(out, "\n")
	if len(lines) != 2 || !strings.HasPrefix(lines[0], `\x1b]0;T\x07a `) || !strings.HasSuffix(lines[0], `\r\n5`) {
		t.Errorf("labels or notes misdrawn:\n%s", out)
	}
	// The bars are as wide on both lines: labels were measured as drawn.
	if w0, w1 := lipgloss.Width(lines[0])-len(`\r\n5`), lipgloss.Width(lines[1])-len("10"); w0 != w1 {
		t.Errorf("label and bar columns differ: %d and %d wide:\n%s", w0, w1, out)
	}
}
