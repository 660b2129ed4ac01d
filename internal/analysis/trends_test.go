package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/sample"
)

// refPeriod is the reference's tally of one period, keyed by the civil
// date (YYYY-MM-DD) of its first day.
type refPeriod struct {
	entered, converted int
}

// civilKey is the date, in loc, of the day or the Monday-started week that
// holds t. The arithmetic runs on UTC noons so that no DST rule is
// involved: a deliberately different route from the calendar's.
func civilKey(t int64, loc *time.Location, iv spec.Interval) string {
	y, m, d := time.UnixMicro(t).In(loc).Date()
	day := time.Date(y, m, d, 12, 0, 0, 0, time.UTC)
	if iv == spec.Week {
		day = day.AddDate(0, 0, -((int(day.Weekday()) + 6) % 7))
	}
	return day.Format(time.DateOnly)
}

// refTrendUnit is one unit of the reference: its period key, its level
// and the index of the event that dates it.
type refTrendUnit struct {
	key          string
	level, first int
}

// refTrendUnits lists every unit by brute force (refFunnelUnits), dated
// by the civil date of its first step-1 event.
func refTrendUnits(t *testing.T, l *snapshot.Log, tr spec.Trends) (units []refTrendUnit, k int) {
	t.Helper()
	loc := tr.Location
	if loc == nil {
		loc = time.UTC
	}
	us, k := refFunnelUnits(t, l, tr.Funnel)
	for _, u := range us {
		units = append(units, refTrendUnit{civilKey(l.Time[u.first], loc, tr.Interval), u.level, u.first})
	}
	return units, k
}

// refTrends tallies the reference's units per period in a plain map.
func refTrends(t *testing.T, l *snapshot.Log, tr spec.Trends) map[string]*refPeriod {
	t.Helper()
	units, k := refTrendUnits(t, l, tr)
	all := &refLine{tally: map[string]*refPeriod{}}
	for _, u := range units {
		all.add(u.key, u.level == k)
	}
	return all.tally
}

// refBand is the band of the reference: mean and sample sd, two passes.
func refBand(prev []float64, n int) (lo, hi float64, ok bool) {
	if n != spec.AllBaseline && len(prev) > n {
		prev = prev[len(prev)-n:]
	}
	if len(prev) < spec.MinBaseline {
		return 0, 0, false
	}
	mean := 0.0
	for _, r := range prev {
		mean += r
	}
	mean /= float64(len(prev))
	ss := 0.0
	for _, r := range prev {
		ss += (r - mean) * (r - mean)
	}
	sd := math.Sqrt(ss / float64(len(prev)-1))
	return mean - 2*sd, mean + 2*sd, true
}

// checkAgainstReference compares Trends with the reference: the same
// tallies, a gapless axis from the first to the last period with entries,
// period starts at local midnight, and the same bands.
func checkAgainstReference(t *testing.T, l *snapshot.Log, tr spec.Trends, label string) {
	t.Helper()
	got, err := Trends(l, tr)
	if err != nil {
		t.Fatalf("%s: %v", label, err)
	}
	want := refTrends(t, l, tr)
	loc := tr.Location
	if loc == nil {
		loc = time.UTC
	}
	if len(want) == 0 {
		if len(got.Periods) != 0 {
			t.Fatalf("%s: %d periods, the reference has none", label, len(got.Periods))
		}
		return
	}
	keys := make([]string, 0, len(want))
	for k := range want {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	// The reference's axis: every civil day or week from the first key to the last.
	step := 1
	if tr.Interval == spec.Week {
		step = 7
	}
	var axis []string
	first, _ := time.Parse(time.DateOnly, keys[0])
	for d := first; d.Format(time.DateOnly) <= keys[len(keys)-1]; d = d.AddDate(0, 0, step) {
		axis = append(axis, d.Format(time.DateOnly))
	}
	if len(got.Periods) != len(axis) {
		t.Fatalf("%s: %d periods, reference %d (%s..%s)", label, len(got.Periods), len(axis), axis[0], axis[len(axis)-1])
	}
	baseline := tr.Baseline
	if baseline == 0 {
		baseline = spec.DefaultBaseline
	}
	var prev []float64
	entered := 0
	for i, p := range got.Periods {
		if k := p.Start.Format(time.DateOnly); k != axis[i] {
			t.Fatalf("%s: period %d starts %s, reference %s", label, i, p.Start, axis[i])
		}
		if p.Start.Location() != loc || p.Start.Hour() != 0 || p.Start.Minute() != 0 || p.Start.Second() != 0 {
			t.Fatalf("%s: period %d starts at %s, not at midnight in %s", label, i, p.Start, loc)
		}
		if i > 0 && !got.Periods[i-1].End.Equal(p.Start) {
			t.Fatalf("%s: period %d ends at %s, the next starts at %s", label, i-1, got.Periods[i-1].End, p.Start)
		}
		w := want[axis[i]]
		if w == nil {
			w = &refPeriod{}
		}
		if p.Entered != w.entered || p.Converted != w.converted {
			t.Fatalf("%s: period %s: %d entered, %d converted; reference %d, %d", label, axis[i], p.Entered, p.Converted, w.entered, w.converted)
		}
		entered += p.Entered
		if p.Entered == 0 {
			if p.HasBand || p.OutsideBand {
				t.Fatalf("%s: empty period %s has a band %+v", label, axis[i], p)
			}
			continue
		}
		rate := float64(w.converted) / float64(w.entered)
		lo, hi, ok := refBand(prev, baseline)
		prev = append(prev, rate)
		if p.HasBand != ok {
			t.Fatalf("%s: period %s: band %v, reference %v (%d previous)", label, axis[i], p.HasBand, ok, len(prev)-1)
		}
		if !ok {
			continue
		}
		if math.Abs(p.BandLow-max(0, lo)) > 1e-9 || math.Abs(p.BandHigh-min(1, hi)) > 1e-9 {
			t.Fatalf("%s: period %s: band [%v, %v], reference [%v, %v]", label, axis[i], p.BandLow, p.BandHigh, lo, hi)
		}
		near := math.Abs(rate-lo) < 1e-9 || math.Abs(rate-hi) < 1e-9
		if out := rate < lo || rate > hi; !near && p.OutsideBand != out {
			t.Fatalf("%s: period %s: rate %v outside [%v, %v] is %v, want %v", label, axis[i], rate, lo, hi, p.OutsideBand, out)
		}
	}
	if entered != got.Entered {
		t.Fatalf("%s: total entered %d, periods add to %d", label, got.Entered, entered)
	}
}

var trendZones = func() []*time.Location {
	var out []*time.Location
	for _, name := range []string{"UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Asia/Kathmandu", "Australia/Lord_Howe"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			panic(err) // the tests need the zone database
		}
		out = append(out, loc)
	}
	// Offsets off the quarter hour put period boundaries inside the
	// calendar's quarter-hour buckets: the binary-search path.
	return append(out, time.FixedZone("+00:07:13", 7*60+13), time.FixedZone("-03:22:30", -(3*3600+22*60+30)))
}()

// randomTrendLog spreads events over about three weeks around the March
// DST changes (Europe, Lord Howe), many on the hour or close to midnight,
// some tied, with a property and, for some users, export session ids.
func randomTrendLog(r *rand.Rand, users, maxEvents int) *snapshot.Log {
	base := time.Date(2026, 3, 20, 0, 0, 0, 0, time.UTC).UnixMicro()
	var b snapshot.Builder
	names := []string{"", "a", "b", "c", "x"}
	userNames := []string{""}
	for u := 1; u <= users; u++ {
		userNames = append(userNames, fmt.Sprintf("u%d", u))
		withIDs := r.IntN(4) == 0
		anchor := base + int64(r.IntN(20*24))*3600e6
		for i := r.IntN(maxEvents + 1); i > 0; i-- {
			var t int64
			switch r.IntN(3) {
			case 0: // on a quarter hour, often shared
				t = anchor + int64(r.IntN(12))*15*60e6
			case 1: // anywhere in the next days
				t = anchor + r.Int64N(3*86400e6)
			default: // near some midnight (UTC or local)
				t = base + int64(r.IntN(20))*86400e6 + int64(r.IntN(25)-12)*3600e6 + int64(r.IntN(3)-1)*60e6
			}
			sess := int32(0)
			if withIDs {
				sess = int32(1 + r.IntN(3))
			}
			b.Add(int32(u), int32(1+r.IntN(4)), t, sess, []byte{1, 1, byte(1 + r.IntN(2))})
		}
	}
	return b.Build(userNames, names, []string{"", "p"}, []string{"", "1", "2"})
}

func randomTrends(r *rand.Rand) spec.Trends {
	f := randomFunnel(r)
	f.Window = []int64{3600e6, 6 * 3600e6, 86400e6, 3 * 86400e6}[r.IntN(4)]
	if r.IntN(4) == 0 {
		f.Order, f.Exclude = spec.AnyOrder, nil
	}
	if r.IntN(4) == 0 {
		f.Count, f.SessionGap = spec.Sessions, []int64{0, 3600e6, 86400e6}[r.IntN(3)]
	}
	if r.IntN(5) == 0 {
		f.Where = []spec.Cond{{Key: "p", Op: spec.Eq, Value: "1"}}
	}
	if r.IntN(5) == 0 {
		f.From = time.Date(2026, 3, 24, 0, 0, 0, 0, time.UTC).UnixMicro() + r.Int64N(86400e6)
		f.To = f.From + int64(3+r.IntN(10))*86400e6
	}
	return spec.Trends{Funnel: f, Interval: spec.Interval(r.IntN(2)), Location: trendZones[r.IntN(len(trendZones))],
		Baseline: []int{0, spec.AllBaseline, 3, 4}[r.IntN(4)]}
}

func TestTrendsMatchTheBruteForceReference(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 23))
	for trial := 0; trial < 1500; trial++ {
		l := randomTrendLog(r, 40, 8)
		tr := randomTrends(r)
		checkAgainstReference(t, l, tr, fmt.Sprintf("trial %d (%s, %s, baseline %d, funnel %+v)",
			trial, tr.Interval, tr.Location, tr.Baseline, tr.Funnel))
	}
}

// A log whose times span 150 years (some before 1970) is too long for the
// quarter-hour table: every time takes the binary search.
func TestTrendsOverAVeryLongSpanStillBucketExactly(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 8))
	var b snapshot.Builder
	users := []string{""}
	for u := 1; u <= 300; u++ {
		users = append(users, fmt.Sprintf("u%d", u))
		t0 := time.Date(1900+r.IntN(150), time.Month(1+r.IntN(12)), 1+r.IntN(28), r.IntN(24), r.IntN(60), 0, 0, time.UTC).UnixMicro()
		b.Add(int32(u), 1, t0, 0, nil)
		if r.IntN(2) == 0 {
			b.Add(int32(u), 2, t0+r.Int64N(2*86400e6), 0, nil)
		}
	}
	l := b.Build(users, []string{"", "a", "b"}, []string{""}, []string{""})
	for _, iv := range []spec.Interval{spec.Day, spec.Week} {
		for _, loc := range trendZones[:3] {
			tr := spec.Trends{Funnel: spec.Funnel{Steps: steps("a", "b"), Window: 86400e6}, Interval: iv, Location: loc}
			checkAgainstReference(t, l, tr, fmt.Sprintf("%s in %s", iv, loc))
		}
	}
}

// tev is an event at a UTC wall time "2006-01-02 15:04".
type tev struct{ user, name, at string }

func logAt(t *testing.T, evs []tev) *snapshot.Log {
	t.Helper()
	var raw []ev
	for _, e := range evs {
		at, err := time.Parse("2006-01-02 15:04", e.at)
		if err != nil {
			t.Fatal(err)
		}
		raw = append(raw, ev{e.user, e.name, at.Unix() / 60})
	}
	return logOf(raw)
}

// trendRow is the part of a period the table tests spell out.
type trendRow struct {
	start               string // RFC 3339
	entered, converted  int
	incomplete, outside bool
}

func rows(r *TrendsResult) []trendRow {
	var out []trendRow
	for _, p := range r.Periods {
		out = append(out, trendRow{p.Start.Format(time.RFC3339), p.Entered, p.Converted, p.Incomplete, p.OutsideBand})
	}
	return out
}

func TestTrendsCountEachUnitInThePeriodOfItsFirstStepOneEvent(t *testing.T) {
	l := logAt(t, []tev{
		{"u1", "view", "2026-09-01 10:00"}, {"u1", "buy", "2026-09-01 11:00"},
		{"u2", "view", "2026-09-01 12:00"},
		{"u3", "view", "2026-09-01 23:30"}, {"u3", "buy", "2026-09-02 00:30"}, // converts the next day: counted on the 1st
		{"u4", "view", "2026-09-02 09:00"}, {"u4", "buy", "2026-09-02 09:30"},
		{"u5", "view", "2026-09-04 08:00"},
		// The first view dates the user; the later view is the anchor that converts (34 h > 1 d, 10 h < 1 d).
		{"u6", "view", "2026-09-04 10:00"}, {"u6", "view", "2026-09-05 10:00"}, {"u6", "buy", "2026-09-05 20:00"},
		{"u7", "buy", "2026-09-03 12:00"},                                     // never entered
		{"u8", "view", "2026-09-06 23:00"},                                    // Sunday in UTC and New York, Monday in Berlin
		{"u9", "view", "2026-09-07 00:30"}, {"u9", "buy", "2026-09-07 01:00"}, // Monday in UTC and Berlin, Sunday in New York
	})
	berlin, _ := time.LoadLocation("Europe/Berlin")
	newYork, _ := time.LoadLocation("America/New_York")
	f := spec.Funnel{Steps: steps("view", "buy"), Window: 86400e6}
	cases := []struct {
		name string
		iv   spec.Interval
		loc  *time.Location
		want []trendRow
	}{
		{"days in UTC, with the empty 3rd and 5th present", spec.Day, nil, []trendRow{
			{"2026-09-01T00:00:00Z", 3, 2, false, false},
			{"2026-09-02T00:00:00Z", 1, 1, false, false},
			{"2026-09-03T00:00:00Z", 0, 0, false, false},
			{"2026-09-04T00:00:00Z", 2, 1, false, false},
			{"2026-09-05T00:00:00Z", 0, 0, false, false},
			// The log ends 2026-09-07 01:00: these users' 1-day windows run
			// past it. A rate of 0 is below the band of 2/3, 1 and 1/2.
			{"2026-09-06T00:00:00Z", 1, 0, true, true},
			{"2026-09-07T00:00:00Z", 1, 1, true, false},
		}},
		{"weeks in UTC, from Monday", spec.Week, nil, []trendRow{
			{"2026-08-31T00:00:00Z", 7, 4, true, false}, // u8's window runs past the end
			{"2026-09-07T00:00:00Z", 1, 1, true, false},
		}},
		{"days in Berlin: 23:30 UTC is the next day", spec.Day, berlin, []trendRow{
			{"2026-09-01T00:00:00+02:00", 2, 1, false, false},
			{"2026-09-02T00:00:00+02:00", 2, 2, false, false},
			{"2026-09-03T00:00:00+02:00", 0, 0, false, false},
			{"2026-09-04T00:00:00+02:00", 2, 1, false, false},
			{"2026-09-05T00:00:00+02:00", 0, 0, false, false},
			{"2026-09-06T00:00:00+02:00", 0, 0, true, false},
			{"2026-09-07T00:00:00+02:00", 2, 1, true, false},
		}},
		{"weeks in Berlin: Sunday 23:00 UTC is Monday", spec.Week, berlin, []trendRow{
			{"2026-08-31T00:00:00+02:00", 6, 4, true, false},
			{"2026-09-07T00:00:00+02:00", 2, 1, true, false},
		}},
		{"weeks in New York: Monday 00:30 UTC is Sunday", spec.Week, newYork, []trendRow{
			{"2026-08-31T00:00:00-04:00", 8, 5, true, false},
		}},
	}
	for _, c := range cases {
		r, err := Trends(l, spec.Trends{Funnel: f, Interval: c.iv, Location: c.loc})
		if err != nil {
			t.Fatal(err)
		}
		if got := rows(r); fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s:\n got  %v\n want %v", c.name, got, c.want)
		}
		if r.Entered != 8 || r.Converted != 5 {
			t.Errorf("%s: totals %d/%d, want 8/5", c.name, r.Entered, r.Converted)
		}
		checkAgainstReference(t, l, spec.Trends{Funnel: f, Interval: c.iv, Location: c.loc}, c.name)
	}
}

func TestTrendsBandIsMeanPlusMinusTwoSDOfThePreviousPeriodsWithEntries(t *testing.T) {
	// Ten users a day; rates .5 .5 .6, none on day 4, then .4 .9 .5.
	var evs []tev
	for day, conv := range []int{5, 5, 6, -1, 4, 9, 5} {
		for i := 0; conv >= 0 && i < 10; i++ {
			u := fmt.Sprintf("d%du%d", day, i)
			evs = append(evs, tev{u, "view", fmt.Sprintf("2026-09-%02d 12:00", day+1)})
			if i < conv {
				evs = append(evs, tev{u, "buy", fmt.Sprintf("2026-09-%02d 12:05", day+1)})
			}
		}
	}
	l := logAt(t, evs)
	type band struct {
		has     bool
		lo, hi  float64
		outside bool
	}
	sd := func(v ...float64) (float64, float64) { m, s := meanSD(v); return m, s }
	m5, s5 := sd(.5, .5, .6)
	m6, s6 := sd(.5, .5, .6, .4)
	m7, s7 := sd(.5, .5, .6, .4, .9)
	m7b, s7b := sd(.6, .4, .9)
	if math.Abs(s6-math.Sqrt(0.02/3)) > 1e-12 || math.Abs(s5-math.Sqrt(1.0/300)) > 1e-12 {
		t.Fatalf("sample sd: %v %v", s5, s6)
	}
	cases := []struct {
		baseline int
		want     []band
	}{
		{0, []band{{}, {}, {}, {}, // fewer than 3 previous periods with entries, or none itself
			{true, m5 - 2*s5, m5 + 2*s5, true},    // .4 below [.418, .649]
			{true, m6 - 2*s6, m6 + 2*s6, true},    // .9 above [.337, .663]
			{true, m7 - 2*s7, m7 + 2*s7, false}}}, // .5 inside [.195, .965]
		{spec.AllBaseline, nil}, // as the default: fewer than 8 previous periods
		{3, []band{{}, {}, {}, {},
			{true, m5 - 2*s5, m5 + 2*s5, true},
			{true, .3, .7, true},            // .5 .6 .4
			{true, m7b - 2*s7b, 1, false}}}, // .6 .4 .9: the high end clamped to 1
	}
	var def []band
	for _, c := range cases {
		r, err := Trends(l, spec.Trends{Funnel: spec.Funnel{Steps: steps("view", "buy")}, Baseline: c.baseline})
		if err != nil {
			t.Fatal(err)
		}
		want := c.want
		if want == nil {
			want = def
		}
		if c.baseline == 0 {
			def = c.want
		}
		if len(r.Periods) != 7 || r.Periods[3].Entered != 0 {
			t.Fatalf("baseline %d: periods %v", c.baseline, rows(r))
		}
		for i, p := range r.Periods {
			w := want[i]
			if p.HasBand != w.has || p.OutsideBand != w.outside ||
				math.Abs(p.BandLow-w.lo) > 1e-12 || math.Abs(p.BandHigh-w.hi) > 1e-12 {
				t.Errorf("baseline %d, day %d (rate %.1f): band %v [%.4f, %.4f] outside %v; want %v [%.4f, %.4f] outside %v",
					c.baseline, i+1, p.Rate, p.HasBand, p.BandLow, p.BandHigh, p.OutsideBand, w.has, w.lo, w.hi, w.outside)
			}
		}
	}
}

func TestTrendsOfEqualRatesMarkNothing(t *testing.T) {
	// Rates of 1/10 every day: rounding in the mean must not put the same
	// rate outside a band of width 0.
	var evs []tev
	for day := 1; day <= 12; day++ {
		for i := 0; i < 10; i++ {
			u := fmt.Sprintf("d%du%d", day, i)
			evs = append(evs, tev{u, "view", fmt.Sprintf("2026-09-%02d 12:00", day)})
			if i == 0 {
				evs = append(evs, tev{u, "buy", fmt.Sprintf("2026-09-%02d 13:00", day)})
			}
		}
	}
	for _, n := range []int{0, 3, spec.AllBaseline} {
		r, err := Trends(logAt(t, evs), spec.Trends{Funnel: spec.Funnel{Steps: steps("view", "buy")}, Baseline: n})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range r.Periods {
			if p.OutsideBand {
				t.Errorf("baseline %d: %s with rate %v marked outside [%v, %v]", n, p.Start, p.Rate, p.BandLow, p.BandHigh)
			}
		}
	}
}

func TestTrendsRefuseABaselineTooShortForABandAndUnknownSteps(t *testing.T) {
	l := logAt(t, []tev{{"u", "view", "2026-09-01 10:00"}})
	if _, err := Trends(l, spec.Trends{Funnel: spec.Funnel{Steps: steps("view")}, Baseline: 2}); err == nil ||
		!strings.Contains(err.Error(), "at least 3") {
		t.Errorf("baseline 2: got %v", err)
	}
	if _, err := Trends(l, spec.Trends{Funnel: spec.Funnel{Steps: steps("veiw")}}); err == nil ||
		!strings.Contains(err.Error(), "did you mean view") {
		t.Errorf("unknown step: got %v", err)
	}
	r, err := Trends(l, spec.Trends{Funnel: spec.Funnel{Steps: steps("view"), From: 1, To: 2}})
	if err != nil || len(r.Periods) != 0 || r.Periods == nil {
		t.Errorf("empty date range: %+v %v; want no periods (an empty list)", r, err)
	}
}

func TestTrendsOfTheWorkshopSampleCoverItsEightWeeks(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 20,000 users")
	}
	l := workshop()
	f := spec.Funnel{Steps: steps("view_item", "purchase")}
	total, err := Funnel(l, f)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		iv      spec.Interval
		periods int
		first   string
		step    time.Duration
	}{
		// 2026-09-01 is a Tuesday: the first week starts on Monday 31 August;
		// 56 days later the last event is on Monday 26 October, in a ninth week.
		{spec.Week, 9, "2026-08-31T00:00:00Z", 7 * 24 * time.Hour},
		{spec.Day, 56, "2026-09-01T00:00:00Z", 24 * time.Hour},
	} {
		r, err := Trends(l, spec.Trends{Funnel: f, Interval: c.iv})
		if err != nil {
			t.Fatal(err)
		}
		ps := r.Periods
		if len(ps) != c.periods || ps[0].Start.Format(time.RFC3339) != c.first {
			t.Fatalf("%s: %d periods from %s, want %d from %s", c.iv, len(ps), ps[0].Start, c.periods, c.first)
		}
		if start, end := sample.DefaultStart, sample.DefaultStart.AddDate(0, 0, sample.DefaultDays); ps[0].Start.After(start) ||
			ps[len(ps)-1].End.Before(end) {
			t.Errorf("%s: periods run %s..%s, not over the sample's %s..%s", c.iv, ps[0].Start, ps[len(ps)-1].End, start, end)
		}
		for i, p := range ps {
			if p.End.Sub(p.Start) != c.step || p.Entered == 0 || (i > 0 && !ps[i-1].End.Equal(p.Start)) {
				t.Errorf("%s: period %d %+v", c.iv, i, p)
			}
		}
		if r.Entered != total.Steps[0].Count || r.Converted != total.Steps[1].Count {
			t.Errorf("%s: periods add up to %d entered and %d converted, the funnel has %d and %d",
				c.iv, r.Entered, r.Converted, total.Steps[0].Count, total.Steps[1].Count)
		}
		if last := ps[len(ps)-1]; !last.Incomplete || ps[0].Incomplete {
			t.Errorf("%s: only the last periods' windows run past the end of the sample: first %v, last %v",
				c.iv, ps[0].Incomplete, last.Incomplete)
		}
	}
}

func BenchmarkTrends(b *testing.B) {
	l := benchLog()
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		b.Fatal(err)
	}
	f := spec.Funnel{Steps: steps("view_item", "add_to_cart", "begin_checkout", "purchase")}
	b.Run("funnel-alone", func(b *testing.B) { // the same funnel without periods, for the overhead
		for b.Loop() {
			if _, err := Funnel(l, f); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, c := range []struct {
		name string
		tr   spec.Trends
	}{
		{"day", spec.Trends{Funnel: f, Interval: spec.Day}},
		{"week", spec.Trends{Funnel: f, Interval: spec.Week}},
		{"day-Europe-Berlin", spec.Trends{Funnel: f, Interval: spec.Day, Location: berlin}},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Trends(l, c.tr); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(l.NumEvents()), "events")
		})
	}
}
