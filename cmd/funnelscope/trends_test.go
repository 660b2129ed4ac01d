package main_test

import (
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/spec"
)

type trendsOut struct {
	Steps           []string `json:"steps"`
	Unit            string   `json:"unit"`
	Interval        string   `json:"interval"`
	TimeZone        string   `json:"time_zone"`
	BaselinePeriods *int     `json:"baseline_periods"`
	Entered         int      `json:"entered"`
	Converted       int      `json:"converted"`
	Periods         []struct {
		Start       string   `json:"start"`
		End         string   `json:"end"`
		Entered     int      `json:"entered"`
		Converted   int      `json:"converted"`
		Rate        float64  `json:"rate"`
		BandLow     *float64 `json:"band_low"`
		BandHigh    *float64 `json:"band_high"`
		OutsideBand bool     `json:"outside_band"`
		Incomplete  bool     `json:"incomplete"`
	} `json:"periods"`
}

type funnelOut struct {
	Steps []struct {
		Count   int `json:"count"`
		Dropped int `json:"dropped"`
	} `json:"steps"`
}

// funnelJSON runs funnel --format json with args and reads its steps.
func funnelJSON(t *testing.T, db string, args ...string) funnelOut {
	t.Helper()
	r := fsOK(t, db, append([]string{"funnel", "--format", "json"}, args...)...)
	var out funnelOut
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("funnel json: %v\n%s", err, r.stdout)
	}
	return out
}

// funnelCounts runs funnel --format json and returns the step counts.
func funnelCounts(t *testing.T, db string, args ...string) []int {
	t.Helper()
	var c []int
	for _, s := range funnelJSON(t, db, args...).Steps {
		c = append(c, s.Count)
	}
	return c
}

func parseRFC3339(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	if err != nil {
		t.Fatalf("%q is not RFC 3339: %v", s, err)
	}
	return v
}

func TestTrendsWeeklyJSONCoversTheSampleAndAddsUpToTheFunnel(t *testing.T) {
	db := sample2000(t)
	var out trendsOut
	decodeJSON(t, fsOK(t, db, "trends", "--steps", "view_item,purchase", "--interval", "week").stdout, &out)
	if out.Interval != "week" || out.TimeZone != "UTC" || out.Unit != "users" || out.BaselinePeriods == nil || *out.BaselinePeriods != 8 {
		t.Fatalf("header %+v", out)
	}
	// 2026-09-01 .. 2026-10-26: the weeks of Monday 31 August to Monday 26 October.
	if len(out.Periods) != 9 || out.Periods[0].Start != "2026-08-31T00:00:00Z" || out.Periods[8].Start != "2026-10-26T00:00:00Z" {
		t.Fatalf("%d periods from %s", len(out.Periods), out.Periods[0].Start)
	}
	entered, converted := 0, 0
	for i, p := range out.Periods {
		start, end := parseRFC3339(t, p.Start), parseRFC3339(t, p.End)
		if start.Weekday() != time.Monday || end.Sub(start) != 7*24*time.Hour || (i > 0 && out.Periods[i-1].End != p.Start) {
			t.Errorf("period %d: %s..%s", i, p.Start, p.End)
		}
		if math.Abs(p.Rate-float64(p.Converted)/float64(p.Entered)) > 1e-12 {
			t.Errorf("period %d: rate %v for %d/%d", i, p.Rate, p.Converted, p.Entered)
		}
		if (p.BandLow != nil) != (i >= 3) || (p.BandLow == nil) != (p.BandHigh == nil) {
			t.Errorf("period %d: band %v..%v; a band needs 3 previous periods", i, p.BandLow, p.BandHigh)
		}
		if p.BandLow != nil && p.OutsideBand != (p.Rate < *p.BandLow || p.Rate > *p.BandHigh) {
			t.Errorf("period %d: rate %v, band [%v, %v], outside %v", i, p.Rate, *p.BandLow, *p.BandHigh, p.OutsideBand)
		}
		entered += p.Entered
		converted += p.Converted
	}
	if !out.Periods[8].Incomplete || out.Periods[0].Incomplete {
		t.Error("the last week's 7-day windows run past the sample's end, the first week's do not")
	}
	want := funnelCounts(t, db, "--steps", "view_item,purchase")
	if entered != want[0] || converted != want[1] || out.Entered != entered || out.Converted != converted {
		t.Errorf("periods add up to %d/%d (totals %d/%d), the funnel has %v", entered, converted, out.Entered, out.Converted, want)
	}
}

func TestTrendsFollowTheTimeZoneCalendarAndEveryFunnelFlag(t *testing.T) {
	db := sample2000(t)
	var out trendsOut
	decodeJSON(t, fsOK(t, db, "trends", "--steps", "view_item,purchase", "--tz", "Europe/Berlin",
		"--from", "2026-10-20", "--baseline", "all", "--format", "json").stdout, &out)
	if out.TimeZone != "Europe/Berlin" || out.BaselinePeriods != nil || out.Interval != "day" {
		t.Fatalf("header %+v", out)
	}
	// A date-only --from is midnight in --tz; summer time ends on 25 October.
	if out.Periods[0].Start != "2026-10-20T00:00:00+02:00" {
		t.Errorf("first period %s, want Berlin midnight of --from", out.Periods[0].Start)
	}
	for _, p := range out.Periods {
		start, end := parseRFC3339(t, p.Start), parseRFC3339(t, p.End)
		want := 24 * time.Hour
		if strings.HasPrefix(p.Start, "2026-10-25") {
			want = 25 * time.Hour
		}
		if end.Sub(start) != want || start.Hour() != 0 {
			t.Errorf("period %s..%s: want %s from midnight", p.Start, p.End, want)
		}
		if p.Start >= "2026-10-26" && !strings.HasSuffix(p.Start, "+01:00") {
			t.Errorf("period %s: winter time is +01:00", p.Start)
		}
	}
	// Sessions, any order, exclusions and filters go through the funnel engine.
	args := []string{"--steps", "view_item,add_to_cart", "--count", "sessions", "--order", "any", "--where", "device=mobile"}
	decodeJSON(t, fsOK(t, db, append([]string{"trends", "--format", "json", "--interval", "week"}, args...)...).stdout, &out)
	if want := funnelCounts(t, db, args...); out.Unit != "sessions" || out.Entered != want[0] || out.Converted != want[1] {
		t.Errorf("sessions: trends %d/%d, funnel %v", out.Entered, out.Converted, want)
	}
	args = []string{"--steps", "view_item,purchase", "--exclude", "page_view", "--window", "1d"}
	decodeJSON(t, fsOK(t, db, append([]string{"trends", "--format", "json"}, args...)...).stdout, &out)
	if want := funnelCounts(t, db, args...); out.Entered != want[0] || out.Converted != want[1] {
		t.Errorf("exclusion: trends %d/%d, funnel %v", out.Entered, out.Converted, want)
	}
}

func TestTrendsTableCSVAndMarkdown(t *testing.T) {
	db := sample2000(t)
	r := fsOK(t, db, "trends", "--steps", "view_item,purchase", "--interval", "week", "--format", "table")
	for _, want := range []string{"view_item -> purchase: users converting per week (UTC, from Monday)",
		"mean +/- 2 sd of the previous 8 weeks", "\nrate ", "period", "2026-08-31", "incomplete", "█"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("table lacks %q:\n%s", want, r.stdout)
		}
	}
	r = fsOK(t, db, "trends", "--steps", "view_item,purchase", "--interval", "week", "--format", "csv")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 10 || lines[0] != "period,entered,converted,rate,band,mark" || !strings.HasPrefix(lines[1], "2026-08-31,") {
		t.Errorf("csv:\n%s", r.stdout)
	}
	r = fsOK(t, db, "trends", "--steps", "view_item,purchase", "--format", "md", "--tz", "+05:30")
	if !strings.HasPrefix(r.stdout, "| period | entered |") || strings.Contains(r.stdout, "█") {
		t.Errorf("markdown:\n%s", r.stdout)
	}
	r = fsOK(t, db, "trends", "--help")
	if !strings.Contains(r.stdout, "Examples:") || !strings.Contains(r.stdout, "--baseline") || !strings.Contains(r.stdout, "--tz") {
		t.Errorf("help:\n%s", r.stdout)
	}
}

func TestTrendsSayWhatIsWrongWithTheirFlags(t *testing.T) {
	checkRefusals(t, "trends", []refusal{
		{[]string{"--steps", "view_item,purchase", "--interval", "month"}, "--interval"},
		{[]string{"--steps", "view_item,purchase", "--tz", "Mars/Olympus"}, "use an IANA name such as Europe/Berlin"},
		{[]string{"--steps", "view_item,purchase", "--baseline", "2"}, "at least 3, or all"},
		{[]string{"--steps", "view_item,purchase", "--baseline", "some"}, "--baseline"},
		{[]string{"--steps", "view_item,purchse"}, "did you mean purchase"},
		{[]string{"--steps", "view_item,purchase", "--order", "random"}, "--order"},
		{[]string{"--interval", "week"}, "steps"},
		{[]string{"--steps", "view_item,purchase", "--lines", "users"}, "use overall, steps or segments"},
		{[]string{"--steps", "view_item,purchase", "--lines", "segments"}, "with --by"},
		{[]string{"--steps", "view_item,purchase", "--lines", "steps", "--by", "device"}, "use --lines segments"},
	})
}

func TestTrendsLinesAddARateColumnPerStepOrSegment(t *testing.T) {
	db := sample2000(t)
	r := fsOK(t, db, "trends", "--steps", "view_item,add_to_cart,purchase", "--interval", "week", "--lines", "steps", "--format", "csv")
	head := strings.SplitN(r.stdout, "\n", 2)[0]
	if head != "period,entered,converted,rate,band,mark,rate add_to_cart,rate purchase" {
		t.Errorf("steps csv heading %q", head)
	}
	r = fsOK(t, db, "trends", "--steps", "view_item,purchase", "--interval", "week", "--by", "device", "--top", "1", "--format", "md")
	if !strings.Contains(r.stdout, "| rate desktop | rate (other) |") && !strings.Contains(r.stdout, "| rate mobile | rate (other) |") {
		t.Errorf("segments markdown, top 1, has no largest segment and (other):\n%s", r.stdout)
	}
	var out struct {
		Lines   string `json:"lines"`
		By      string `json:"by"`
		Periods []struct {
			Entered int `json:"entered"`
			Lines   []struct {
				Line    string `json:"line"`
				Entered int    `json:"entered"`
			} `json:"lines"`
		} `json:"periods"`
	}
	r = fsOK(t, db, "trends", "--steps", "view_item,purchase", "--interval", "week", "--lines", "segments", "--by", "device")
	if err := json.Unmarshal([]byte(r.stdout), &out); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if out.Lines != "segments" || out.By != "device" || len(out.Periods) == 0 {
		t.Fatalf("json header %+v", out)
	}
	for i, p := range out.Periods {
		sum := 0
		for _, l := range p.Lines {
			sum += l.Entered
		}
		if sum != p.Entered {
			t.Errorf("period %d: the segments enter %d, the funnel %d", i, sum, p.Entered)
		}
	}
}

func TestParseZoneReadsNamesAndOffsets(t *testing.T) {
	for in, want := range map[string]int{"": 0, "UTC": 0, "+05:30": 19800, "-0330": -12600, "UTC+2": 7200, "GMT-11": -39600, "+00:00": 0} {
		loc, err := spec.ParseZone(in)
		if err != nil {
			t.Errorf("%q: %v", in, err)
			continue
		}
		if _, off := time.Date(2026, 1, 1, 0, 0, 0, 0, loc).Zone(); off != want {
			t.Errorf("%q: offset %d, want %d", in, off, want)
		}
	}
	if loc, err := spec.ParseZone("Asia/Kathmandu"); err != nil || loc.String() != "Asia/Kathmandu" {
		t.Errorf("Asia/Kathmandu: %v %v", loc, err)
	}
	for _, bad := range []string{"+25:00", "+5:75", "Europe/Nowhere", "+", "5"} {
		if _, err := spec.ParseZone(bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}
