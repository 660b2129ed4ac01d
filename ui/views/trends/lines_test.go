package trends

import (
	"slices"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/components/linechart"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestLCyclesOverallPerStepAndPerSegmentWithALegendOfRunes(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	cases := []struct {
		name  string
		keys  string
		want  spec.Lines
		lines []string // the lines' names, in any order
		flags string   // the lines' flags in the view's command (y)
	}{
		{"overall by default", "", spec.OverallLine, nil, ""},
		{"l draws one line per step after the first", "l", spec.StepLines, []string{"add_to_cart", "begin_checkout", "purchase"}, "--lines steps"},
		{"l again draws one line per device", "l", spec.SegmentLines, []string{"desktop", "mobile", "tablet"}, "--lines segments --by device"},
		{"p picks the property of the segments", "pvariant<enter>", spec.SegmentLines, []string{"A", "B"}, "--lines segments --by variant"},
		{"l goes back to the overall rate", "l", spec.OverallLine, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			uitest.Type(update, c.keys)
			res := m.Result()
			if res == nil || res.Lines != c.want {
				t.Fatalf("result %+v, want lines %s", res, c.want)
			}
			if cmd := m.Command(); !strings.Contains(cmd, c.flags) || (c.flags == "" && strings.Contains(cmd, "--lines")) {
				t.Errorf("command %q, want the lines as %q", cmd, c.flags)
			}
			var names []string
			for _, s := range res.Series {
				names = append(names, s.Name)
			}
			if !sameSet(names, c.lines) {
				t.Fatalf("lines %v, want %v", names, c.lines)
			}
			v := m.View()
			legend := []string{"⠉⠒ rate", "band"}
			if len(names) > 0 {
				legend = []string{"⠉⠒ " + names[0]}
				for i, n := range names[1:] {
					legend = append(legend, string(linechart.SeriesRunes[i])+" "+n)
				}
			}
			for _, w := range legend {
				if !strings.Contains(v, w) {
					t.Errorf("the legend lacks %q:\n%s", w, v)
				}
			}
			// Each extra line is drawn in its own rune on the chart, not
			// only named in the legend.
			for i := 1; i < len(res.Series) && i <= len(linechart.SeriesRunes); i++ {
				if n := strings.Count(v, string(linechart.SeriesRunes[i-1])); n < 2 {
					t.Errorf("line %q: rune %c shows %d times", res.Series[i].Name, linechart.SeriesRunes[i-1], n)
				}
			}
		})
	}
}

func TestTrendsListLAndPOnceAndNotTheExpandKey(t *testing.T) {
	m, _ := open(t, shop, 100, 30)
	seen := map[string]int{}
	for _, b := range m.Keys() {
		for _, k := range b.Keys() {
			seen[k]++
		}
	}
	if seen["l"] != 1 || seen["p"] != 1 {
		t.Errorf("keys l and p listed %d and %d times, want once each", seen["l"], seen["p"])
	}
	if seen["right"] != 0 {
		t.Error("trends lists the expand key, whose l is its lines key")
	}
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(a, b)
}
