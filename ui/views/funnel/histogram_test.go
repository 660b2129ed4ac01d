package funnel

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/bars"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// nineBuckets are hour-wide buckets holding 10, 20, ..., 90 converters.
func nineBuckets() []analysis.Bucket {
	bs := make([]analysis.Bucket, 9)
	for i := range bs {
		bs[i] = analysis.Bucket{From: float64(i) * 3600, To: float64(i+1) * 3600, Count: 10 * (i + 1)}
	}
	return bs
}

func TestTheHistogramMergesItsTailIntoOneBucketWhenShortOfRows(t *testing.T) {
	tests := []struct {
		name   string
		rows   int
		labels []string
		counts []int
	}{
		{"nine buckets in five rows keep four and merge the rest", 5,
			[]string{"< 1h", "1h–2h", "2h–3h", "3h–4h", "≥ 4h"}, []int{10, 20, 30, 40, 350}},
		{"nine buckets in nine rows are all drawn", 9,
			[]string{"< 1h", "1h–2h", "2h–3h", "3h–4h", "4h–5h", "5h–6h", "6h–7h", "7h–8h", "8h–9h"},
			[]int{10, 20, 30, 40, 50, 60, 70, 80, 90}},
		{"one row holds every converter", 1, []string{"≥ 0s"}, []int{450}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bs := histogramBars(nineBuckets(), tt.rows)
			if len(bs) != len(tt.labels) {
				t.Fatalf("%d bars, want %d: %+v", len(bs), len(tt.labels), bs)
			}
			for i, b := range bs {
				if b.Label != tt.labels[i] || int(b.Value) != tt.counts[i] {
					t.Errorf("bar %d is %q %v, want %q %d", i, b.Label, b.Value, tt.labels[i], tt.counts[i])
				}
			}
			if got := shareSum(t, bs); math.Abs(got-100) > 0.11 {
				t.Errorf("shares add up to %.1f%%, want 100%%", got)
			}
		})
	}
}

func TestMergingTheTailLeavesTheResultAlone(t *testing.T) {
	in := nineBuckets()
	histogramBars(in, 5)
	if in[4].Count != 50 || in[4].To != 5*3600 {
		t.Fatalf("the result's bucket 5 became %+v", in[4])
	}
}

// shareSum adds up the percentages the bars' notes print ("350 77.8%").
func shareSum(t *testing.T, bs []bars.Bar) float64 {
	t.Helper()
	sum := 0.0
	for _, b := range bs {
		f := strings.Fields(b.Note)
		var p float64
		if _, err := fmt.Sscan(strings.TrimSuffix(f[len(f)-1], "%"), &p); err != nil {
			t.Fatalf("note %q: %v", b.Note, err)
		}
		sum += p
	}
	return sum
}

func TestTheHistogramCountsEveryConverterAtAnyHeight(t *testing.T) {
	tests := []struct {
		name   string
		h      int
		merged bool
	}{
		{"120x24 has a line for each of the nine buckets", 24, false},
		{"120x20 merges the tail", 20, true},
		{"120x18 merges more of it", 18, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := newDriver(t)
			d.m.SetSize(120, tt.h-4) // the app's header, tabs and status take 4 lines
			// The README's walkthrough funnel: its histogram has nine buckets.
			steps := []spec.Step{{Name: "landing_page_view"}, {Name: "purchase"}}
			uitest.Run(d.update, common.LoadFunnelMsg{Funnel: spec.Funnel{Steps: steps, Window: 30 * 24 * 3600 * 1e6}})
			uitest.Type(d.update, "<down>")
			v := d.m.View()
			_, hist, ok := strings.Cut(v, "Time to convert to step 2")
			if !ok || strings.Contains(hist, "≥ ") != tt.merged {
				t.Fatalf("histogram missing, or merged %v, want %v:\n%s", !tt.merged, tt.merged, v)
			}
			if drawn, want := histogramTotal(t, hist), d.m.Result().Steps[1].Count; drawn != want {
				t.Fatalf("the histogram counts %d converters, the step %d:\n%s", drawn, want, v)
			}
		})
	}
}

// histogramTotal adds up the counts of the bars drawn under the title
// line of hist ("5m–15m ███ 26 28.0%").
func histogramTotal(t *testing.T, hist string) int {
	t.Helper()
	drawn := 0
	for _, l := range strings.Split(strings.TrimRight(hist, "\n "), "\n")[1:] {
		f := strings.Fields(l)
		n, err := strconv.Atoi(strings.ReplaceAll(f[len(f)-2], ",", ""))
		if err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		drawn += n
	}
	return drawn
}

func TestStepOneSelectedSaysWhereTheTimeToConvertIs(t *testing.T) {
	d := newDriver(t, "view_item", "add_to_cart", "purchase")
	d.m.SetSize(160, 50)
	if v := d.m.View(); !strings.Contains(v, "select a later step") {
		t.Errorf("step 1 selected, room to spare, and no word of the histogram:\n%s", v)
	}
	d.update(tea.KeyMsg{Type: tea.KeyDown})
	if v := d.m.View(); !strings.Contains(v, "Time to convert to step 2") || strings.Contains(v, "select a later step") {
		t.Errorf("step 2 selected: want its histogram, not the hint:\n%s", v)
	}
}
