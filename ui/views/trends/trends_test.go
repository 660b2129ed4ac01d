package trends

import (
	"fmt"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

var shop = uitest.Shop

var open = uitest.Opener(New)

// csvRows is the export's rows without the header.
func csvRows(t *testing.T, m *Model) []string {
	t.Helper()
	csv, err := m.Export("csv")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(strings.TrimSpace(csv), "\n")[1:]
}

func TestOneRowPerPeriodAndIntervalToggles(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	cases := []struct {
		name  string
		keys  string
		want  spec.Interval
		width time.Duration
	}{
		{"weeks by default", "", spec.Week, 7 * 24 * time.Hour},
		{"i switches to days", "i", spec.Day, 24 * time.Hour},
		{"i again goes back to weeks", "i", spec.Week, 7 * 24 * time.Hour},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			uitest.Type(update, c.keys)
			res := m.Result()
			if res == nil || res.Interval != c.want {
				t.Fatalf("result %v, want one per %s", res, c.want)
			}
			if len(res.Periods) < 2 {
				t.Fatalf("%d periods: the sample spans several weeks", len(res.Periods))
			}
			for i, p := range res.Periods {
				if got := p.End.Sub(p.Start); got != c.width {
					t.Errorf("period %d lasts %s, want %s", i, got, c.width)
				}
				if c.want == spec.Week && p.Start.Weekday() != time.Monday {
					t.Errorf("week %d starts on %s", i, p.Start.Weekday())
				}
			}
			if rows := csvRows(t, m); len(rows) != len(res.Periods) {
				t.Errorf("export has %d rows for %d periods", len(rows), len(res.Periods))
			}
			if v := m.View(); !strings.Contains(v, "Conversion per "+c.want.String()) {
				t.Errorf("view does not say per %s:\n%s", c.want, v)
			}
			hasFlag := strings.Contains(m.Command(), "--interval week")
			if hasFlag != (c.want == spec.Week) {
				t.Errorf("command %q for %s", m.Command(), c.want)
			}
		})
	}
}

func TestTheViewShowsTheChartMarksAndTable(t *testing.T) {
	m, _ := open(t, shop, 120, 40)
	v := m.View()
	last := m.Result().Periods[len(m.Result().Periods)-1]
	for _, want := range []string{"Conversion per week", "band (mean ± 2 sd of the previous 8 weeks)", "period", last.Start.Format(time.DateOnly), "%│"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	if last.Incomplete && !strings.Contains(v, "incomplete") {
		t.Errorf("the last week is incomplete but the view does not say so:\n%s", v)
	}
}

func TestPeriodsOutsideTheBandAreListed(t *testing.T) {
	m, update := open(t, shop, 120, 40)
	// A result with one period above and one below its band, to check the
	// listing whatever the sample holds.
	day := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	res := &analysis.TrendsResult{Interval: spec.Week, Location: time.UTC, Baseline: spec.DefaultBaseline, Entered: 30, Converted: 6}
	for i, r := range []float64{0.2, 0.2, 0.2, 0.2, 0.5, 0.05} {
		p := analysis.TrendPeriod{Start: day.AddDate(0, 0, 7*i), End: day.AddDate(0, 0, 7*i+7), Entered: 10, Rate: r}
		if i >= 3 {
			p.HasBand, p.BandLow, p.BandHigh, p.OutsideBand = true, 0.18, 0.22, i > 3
		}
		res.Periods = append(res.Periods, p)
	}
	uitest.Run(update, common.ResultMsg{View: Name, Gen: m.job.Gen(), Value: res})
	v := m.View()
	for _, want := range []string{"▲ 2024-04-01  50.0% above the band", "▼ 2024-04-08  5.0% below the band"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}

func TestStaleResultsAreDropped(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	want := m.Result()
	uitest.Run(update, common.ResultMsg{View: Name, Gen: m.job.Gen() - 1, Value: &analysis.TrendsResult{}})
	uitest.Run(update, common.ResultMsg{View: "Funnel", Gen: m.job.Gen(), Value: &analysis.TrendsResult{}})
	if m.Result() != want {
		t.Error("an old or foreign answer replaced the result")
	}
}

func TestAFunnelChangeRecomputesOnActivate(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	uitest.Run(update, common.FunnelMsg{Funnel: spec.Funnel{Steps: shop[:2], Window: spec.DefaultWindow}})
	if len(m.Result().Steps) != 4 {
		t.Fatal("the view recomputed before it was activated")
	}
	uitest.Run(update, uitest.Activate{})
	if len(m.Result().Steps) != 2 {
		t.Errorf("after Activate the result has %d steps, want 2", len(m.Result().Steps))
	}
}

func TestAFunnelOfOneStepAsksForMore(t *testing.T) {
	m, _ := open(t, shop[:1], 80, 24)
	if m.Result() != nil || !strings.Contains(flat(m.View()), "at least two steps") {
		t.Errorf("view:\n%s", m.View())
	}
	if _, err := m.Export("csv"); err == nil {
		t.Error("export of nothing should fail")
	}
}

func TestTheViewFitsItsBox(t *testing.T) {
	sizes := []struct{ w, h int }{{80, 24}, {80, 20}, {60, 12}, {120, 40}, {200, 60}}
	for _, sz := range sizes {
		for _, keys := range []string{"", "i"} {
			m, update := open(t, shop, sz.w, sz.h)
			uitest.Type(update, keys)
			uitest.CheckFits(t, m.View(), sz.w, sz.h, fmt.Sprintf("after %q", keys))
		}
	}
}

func TestResizingRebuildsTheChart(t *testing.T) {
	m, _ := open(t, shop, 120, 40)
	before := m.chart
	m.SetSize(80, 24)
	if m.chart == before || lipgloss.Width(m.chart) > 80 {
		t.Errorf("chart not rebuilt for 80 columns (width %d)", lipgloss.Width(m.chart))
	}
}

// flat joins the words of a view, so that wrapped text still matches.
func flat(v string) string { return strings.Join(strings.Fields(v), " ") }

func TestEveryPeriodOfTheTableCanBeScrolledTo(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	uitest.Type(update, "i") // days: more periods than the table's rows
	res := m.Result()
	if res == nil || len(res.Periods) < 20 {
		t.Fatalf("want many daily periods, got %v", res)
	}
	first := res.Periods[0].Start.Format(time.DateOnly)
	last := res.Periods[len(res.Periods)-1].Start.Format(time.DateOnly)
	v := m.View()
	if !strings.Contains(v, last) || strings.Contains(v, first) {
		t.Fatalf("the table should open on the newest period %s, not the first %s:\n%s", last, first, v)
	}
	if !strings.Contains(v, "rows ") || !strings.Contains(v, fmt.Sprintf("of %d", len(res.Periods))) {
		t.Errorf("the footer does not say rows are hidden:\n%s", v)
	}
	for range res.Periods {
		uitest.Type(update, "<pgup>")
	}
	if v := m.View(); !strings.Contains(v, first) {
		t.Errorf("paging up never reached the first period %s:\n%s", first, v)
	}
}

func TestTheTableFilterKeepsMatchingPeriods(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	uitest.Type(update, "i")
	day := m.Result().Periods[3].Start.Format(time.DateOnly)
	uitest.TypeCaptured(t, update, m, "/"+day, "start a filter that captures keys")
	uitest.Type(update, "<enter>")
	if m.Capturing() || m.list.Len() != 1 {
		t.Fatalf("after enter: capturing %v, %d rows shown, want 1", m.Capturing(), m.list.Len())
	}
	if v := m.View(); !strings.Contains(v, day) {
		t.Errorf("the filtered table does not show %s:\n%s", day, v)
	}
	uitest.Type(update, "<esc>")
	if m.list.Len() != len(m.Result().Periods) {
		t.Errorf("esc left %d rows", m.list.Len())
	}
}

func TestTheWheelAndHomeReachTheFirstPeriod(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	uitest.Type(update, "i") // days: more periods than the table's rows
	res := m.Result()
	first := res.Periods[0].Start.Format(time.DateOnly)
	for range res.Periods {
		uitest.Run(update, tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelUp})
	}
	if v := m.View(); !strings.Contains(v, first) {
		t.Errorf("the wheel never reached the first period %s:\n%s", first, v)
	}
	uitest.Type(update, "<end><home>")
	if v := m.View(); !strings.Contains(v, first) {
		t.Errorf("home did not go back to the first period %s:\n%s", first, v)
	}
}

// result wraps periods of the given rates, a week apart, with a band
// from the fourth on, as the engine would send them.
func result(rates ...float64) *analysis.TrendsResult {
	day := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC)
	res := &analysis.TrendsResult{Interval: spec.Week, Location: time.UTC, Baseline: spec.DefaultBaseline}
	for i, r := range rates {
		p := analysis.TrendPeriod{Start: day.AddDate(0, 0, 7*i), End: day.AddDate(0, 0, 7*i+7), Entered: 10, Rate: r}
		if i >= 3 {
			p.HasBand, p.BandLow, p.BandHigh, p.OutsideBand = true, 0.1, 0.3, r < 0.1 || r > 0.3
		}
		res.Entered += 10
		res.Periods = append(res.Periods, p)
	}
	return res
}

func TestTheChartTellsRateBandAndFlagsApartWithoutColour(t *testing.T) {
	m, update := open(t, shop, 120, 40)
	uitest.Run(update, common.ResultMsg{View: Name, Gen: m.job.Gen(),
		Value: result(0.2, 0.2, 0.2, 0.2, 0.2, 0.5, 0.2, 0.2, 0.02)})
	v := m.View()
	for _, want := range []string{"⠉⠒ rate •", "┄ band (mean ± 2 sd of the previous 8 weeks)", "▲▼ outside"} {
		if !strings.Contains(v, want) {
			t.Errorf("legend lacks %q:\n%s", want, v)
		}
	}
	chart := m.chart
	for _, r := range []string{"┄", "•", "▲", "▼"} {
		if !strings.Contains(chart, r) {
			t.Errorf("colourless chart has no %s:\n%s", r, chart)
		}
	}
	if !strings.ContainsAny(chart, "⠁⠂⠄⡀⠈⠐⠠⢀⠉⠒⠤⣀") {
		t.Errorf("colourless chart has no braille line for the rate:\n%s", chart)
	}
}

func TestTheLastPeriodIsLabelled(t *testing.T) {
	for _, w := range []int{80, 120, 200} {
		m, update := open(t, shop, w, 30)
		res := result(0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2, 0.2)
		uitest.Run(update, common.ResultMsg{View: Name, Gen: m.job.Gen(), Value: res})
		lines := strings.Split(m.chart, "\n")
		axis := lines[len(lines)-1]
		if last := res.Periods[len(res.Periods)-1].Start.Format("Jan 02"); !strings.HasSuffix(strings.TrimSpace(axis), last) {
			t.Errorf("at %d columns the time axis does not end on %s: %q", w, last, axis)
		}
	}
}

func TestASinglePeriodSaysSoInsteadOfAnEmptyFrame(t *testing.T) {
	m, update := open(t, shop, 80, 24)
	uitest.Run(update, common.ResultMsg{View: Name, Gen: m.job.Gen(), Value: result(0.2)})
	v := m.View()
	if !strings.Contains(flat(v), "one period only: trends need two or more; try i for days") {
		t.Errorf("view does not explain the single period:\n%s", v)
	}
	if strings.ContainsAny(v, "└┄") {
		t.Errorf("view draws a chart frame for one period:\n%s", v)
	}
}
