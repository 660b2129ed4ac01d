package report

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/textsafe"
)

// TrendsHeading is the lines the text table starts with: the funnel, the
// calendar and the band, then a sparkline of the rates, or, when no unit
// entered the funnel, a line saying so instead of the sparkline (the CLI
// then prints no table).
func TrendsHeading(res *analysis.TrendsResult) string {
	base := fmt.Sprintf("the previous %d %ss with entries", res.Baseline, res.Interval)
	if res.Baseline == spec.AllBaseline {
		base = fmt.Sprintf("all previous %ss with entries", res.Interval)
	}
	start := ""
	if res.Interval == spec.Week {
		start = ", from Monday"
	}
	s := fmt.Sprintf("%s: %s converting per %s (%s%s); band: mean +/- 2 sd of %s\n",
		textsafe.Display(strings.Join(res.Steps, " -> ")), UnitName(res.Unit), res.Interval, res.Location, start, base)
	if len(res.Periods) == 0 {
		return s + fmt.Sprintf("\nno %s reached the first step\n", UnitName(res.Unit))
	}
	return s + linesHeading(res) + fmt.Sprintf("rate %s\n", Sparkline(res.Periods))
}

// linesHeading says what the rate columns of the lines are ("" without).
func linesHeading(res *analysis.TrendsResult) string {
	switch res.Lines {
	case spec.StepLines:
		return "lines: per step, each step's conversion from the previous step\n"
	case spec.SegmentLines:
		return fmt.Sprintf("lines: per %s (value on the first step-1 event), first step to last\n", textsafe.Display(res.By))
	}
	return ""
}

// lineCells are a period's rate on each line, "-" where nobody entered.
func lineCells(res *analysis.TrendsResult, p int) []string {
	out := make([]string, len(res.Series))
	for i, s := range res.Series {
		out[i] = "-"
		if r, ok := s.Rate(p); ok {
			out[i] = Percent(r)
		}
	}
	return out
}

// lineHeaders name the lines' rate columns after their step or segment.
func lineHeaders(res *analysis.TrendsResult) []string {
	out := make([]string, len(res.Series))
	for i, s := range res.Series {
		out[i] = "rate " + textsafe.Display(SegmentLabel(s.Name))
	}
	return out
}

// TrendsTable is the table of a trend, one row per period. With bars a
// last, unnamed column draws each rate as a bar against the highest: the
// CLI adds it to its text table only, so CSV and Markdown exports should
// pass false.
func TrendsTable(res *analysis.TrendsResult, bars bool) Table {
	t := Table{Headers: []string{"period", "entered", "converted", "rate", "band", "mark"},
		RightAlign: []bool{false, true, true, true, true, false}}
	top := 0.0
	for _, p := range res.Periods {
		top = max(top, p.Rate)
	}
	for range res.Series {
		t.RightAlign = append(t.RightAlign, true)
	}
	t.Headers = append(t.Headers, lineHeaders(res)...)
	if bars {
		t.Headers, t.RightAlign = append(t.Headers, ""), append(t.RightAlign, false)
	}
	for i, p := range res.Periods {
		band, mark := "", ""
		if p.HasBand {
			band = CI([2]float64{p.BandLow, p.BandHigh})
		}
		switch {
		case p.OutsideBand && p.Rate > p.BandHigh:
			mark = "above band"
		case p.OutsideBand:
			mark = "below band"
		}
		if p.Incomplete {
			mark = strings.TrimPrefix(mark+", incomplete", ", ")
		}
		rate := "-" // a period without entries has no rate, not a rate of 0
		if p.Entered > 0 {
			rate = Percent(p.Rate)
		}
		row := append([]string{p.Start.Format(time.DateOnly), strconv.Itoa(p.Entered), strconv.Itoa(p.Converted), rate, band, mark},
			lineCells(res, i)...)
		if bars {
			row = append(row, Bar(p.Rate, top, 20))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// Sparkline draws one character per period, its height the rate against
// the highest; a period without entries is a dot.
func Sparkline(ps []analysis.TrendPeriod) string {
	levels := []rune("▁▂▃▄▅▆▇█")
	top := 0.0
	for _, p := range ps {
		top = max(top, p.Rate)
	}
	var b strings.Builder
	for _, p := range ps {
		switch {
		case p.Entered == 0:
			b.WriteRune('·')
		case top == 0:
			b.WriteRune(levels[0])
		default:
			b.WriteRune(levels[min(len(levels)-1, int(p.Rate/top*float64(len(levels)-1)+0.5))])
		}
	}
	return b.String()
}

// Bar draws v against top as a bar of up to width cells, in eighths.
func Bar(v, top float64, width int) string {
	if top <= 0 || v <= 0 {
		return ""
	}
	eighths := int(v/top*float64(width*8) + 0.5)
	part := []string{"", "▏", "▎", "▍", "▌", "▋", "▊", "▉"}
	return strings.Repeat("█", eighths/8) + part[eighths%8]
}

type trendPeriodJSON struct {
	Start       string          `json:"start"`
	End         string          `json:"end"`
	Entered     int             `json:"entered"`
	Converted   int             `json:"converted"`
	Rate        float64         `json:"rate"`
	BandLow     *float64        `json:"band_low"` // null: fewer than 3 previous periods with entries
	BandHigh    *float64        `json:"band_high"`
	OutsideBand bool            `json:"outside_band"`
	Incomplete  bool            `json:"incomplete"`
	Lines       []trendLineJSON `json:"lines,omitempty"` // with --lines steps or segments
}

// trendLineJSON is one line's period: a step's conversion from the
// previous step, or a segment's conversion; rate is null without entries.
type trendLineJSON struct {
	Line      string   `json:"line"`
	Entered   int      `json:"entered"`
	Converted int      `json:"converted"`
	Rate      *float64 `json:"rate"`
}

type trendsJSON struct {
	Steps           []string          `json:"steps"`
	Lines           string            `json:"lines,omitempty"` // steps or segments; none for the overall rate alone
	By              string            `json:"by,omitempty"`    // the segment lines' property
	Unit            string            `json:"unit"`
	Interval        string            `json:"interval"`
	TimeZone        string            `json:"time_zone"`
	BaselinePeriods *int              `json:"baseline_periods"` // null: all previous periods
	Entered         int               `json:"entered"`
	Converted       int               `json:"converted"`
	Periods         []trendPeriodJSON `json:"periods"`
}

// TrendsJSON is the value the CLI writes for --format json.
func TrendsJSON(res *analysis.TrendsResult) any {
	out := trendsJSON{Steps: res.Steps, Unit: UnitName(res.Unit), Interval: res.Interval.String(),
		TimeZone: res.Location.String(), Entered: res.Entered, Converted: res.Converted, By: res.By,
		Periods: make([]trendPeriodJSON, 0, len(res.Periods))}
	if res.Baseline != spec.AllBaseline {
		out.BaselinePeriods = &res.Baseline
	}
	if res.Lines != spec.OverallLine {
		out.Lines = res.Lines.Flag()
	}
	for i, p := range res.Periods {
		pj := trendPeriodJSON{Lines: linesJSON(res, i), Start: p.Start.Format(time.RFC3339), End: p.End.Format(time.RFC3339),
			Entered: p.Entered, Converted: p.Converted, Rate: p.Rate, OutsideBand: p.OutsideBand, Incomplete: p.Incomplete}
		if p.HasBand {
			lo, hi := p.BandLow, p.BandHigh
			pj.BandLow, pj.BandHigh = &lo, &hi
		}
		out.Periods = append(out.Periods, pj)
	}
	return out
}

// linesJSON are period p of each line.
func linesJSON(res *analysis.TrendsResult, p int) []trendLineJSON {
	var out []trendLineJSON
	for _, s := range res.Series {
		l := trendLineJSON{Line: s.Name, Entered: s.Entered[p], Converted: s.Converted[p]}
		if r, ok := s.Rate(p); ok {
			l.Rate = &r
		}
		out = append(out, l)
	}
	return out
}
