package bars

import (
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestTallBarsRepeatEachBarUnderItsLabelledLine(t *testing.T) {
	bs := []Bar{{Label: "view_item", Value: 1000, Note: "1,000 100.0%"}, {Label: "purchase", Value: 1, Note: "1 0.1%"}}
	cases := []struct {
		name string
		room Room
		want []string // the lines as drawn
	}{
		{"solid bars are whole blocks, at least one, the note right after", Room{Rows: 2, Solid: true}, []string{
			"view_item " + strings.Repeat("█", 15) + " 1,000 100.0%",
			"          " + strings.Repeat("█", 15),
			"          ↓ 0.1%",
			"purchase  █ 1 0.1%",
			"          █",
		}},
		{"charted bars keep their notes in a column and lose them below", Room{Rows: 3}, []string{
			"view_item " + strings.Repeat("█", 16) + " 1,000 100.0%",
			"          " + strings.Repeat("█", 16),
			"          " + strings.Repeat("█", 16),
			"          ↓ 0.1%",
			"purchase                   1 0.1%",
			"",
			"",
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := Tall(uitest.Theme(), bs, []string{"↓ 0.1%"}, 40, 0, c.room).View()
			if want := strings.Join(c.want, "\n"); got != want {
				t.Errorf("got\n%s\nwant\n%s", got, want)
			}
		})
	}
}

func TestRenderIsTallWithBarsOneLineTall(t *testing.T) {
	bs := []Bar{{Label: "a", Value: 5, Note: "5"}, {Label: "b", Value: 10, Note: "10"}}
	if r, tl := Render(uitest.Theme(), bs, nil, 30, 0).View(), Tall(uitest.Theme(), bs, nil, 30, 0, Room{Rows: 1}).View(); r != tl {
		t.Errorf("Render\n%s\nTall\n%s", r, tl)
	}
}

func TestACutLabelLeavesOnlyBlanksUnderIt(t *testing.T) {
	bs := []Bar{{Label: strings.Repeat("long_segment_", 4), Value: 1, Note: "50.0%"}}
	lines := strings.Split(Tall(uitest.Theme(), bs, nil, 60, 0, Room{Rows: 2}).View(), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "…") || strings.TrimLeft(lines[1], " ") != strings.Repeat("█", strings.Count(lines[0], "█")) {
		t.Errorf("want the cut label on the first line and the bar alone under it:\n%s", strings.Join(lines, "\n"))
	}
}
