package analysis

import (
	"fmt"
	"math"
	"time"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// TrendPeriod is one day or week of a trend: the units whose first step-1
// event falls in it, and how many of them converted.
type TrendPeriod struct {
	Start, End time.Time // [Start, End), in the trend's location
	Entered    int       // units reaching step 1
	Converted  int       // of those, units reaching the last step
	Rate       float64   // Converted / Entered; 0 when Entered is 0

	// HasBand says whether BandLow and BandHigh are set: the period has
	// entries and at least spec.MinBaseline previous periods had some.
	HasBand           bool
	BandLow, BandHigh float64 // mean ± 2 sample sd of the previous rates, clamped to [0, 1]
	OutsideBand       bool    // Rate < BandLow or Rate > BandHigh

	// Incomplete says that some entrants' conversion windows end after
	// the last event of the log (or --to): their rate can still rise.
	Incomplete bool
}

// TrendsResult is a funnel's conversion per period.
type TrendsResult struct {
	Steps     []string
	Unit      spec.Unit
	Interval  spec.Interval
	Location  *time.Location
	Baseline  int // previous periods per band, or spec.AllBaseline
	Entered   int // over all periods
	Converted int
	// Periods run without gaps from the first period with entries to the
	// last; periods between them without entries are present with zeros.
	Periods []TrendPeriod
	// Series are the lines spec.Trends.Lines asks for beside the overall
	// rate, each aligned with Periods (none for spec.OverallLine); By
	// names the property of segment lines.
	Lines  spec.Lines
	By     string
	Series []TrendSeries
}

// Trends computes the conversion of t.Funnel per day or week of each
// unit's first step-1 event, in t.Location (UTC when nil); weeks start on
// Monday. Every funnel option applies, as the funnel engine computes each
// unit; under --order any a unit that reaches a level without a step-1
// event is dated by its first event of any step, as in breakdowns.
//
// A period's band is the mean ± 2 sample standard deviations of the rates
// of the latest t.Baseline previous periods that have entries (all of
// them with spec.AllBaseline); with fewer than spec.MinBaseline such
// periods it has none. Periods without entries have no rate, no band,
// are never outside, and never count in a later band.
func Trends(l *snapshot.Log, t spec.Trends) (*TrendsResult, error) {
	if t.Interval != spec.Day && t.Interval != spec.Week {
		return nil, fmt.Errorf("trends: unknown interval %d", t.Interval)
	}
	baseline := t.Baseline
	switch {
	case baseline == 0:
		baseline = spec.DefaultBaseline
	case baseline == spec.AllBaseline:
	case baseline < spec.MinBaseline:
		return nil, fmt.Errorf("baseline of %d periods: a band needs at least %d", baseline, spec.MinBaseline)
	}
	loc := t.Location
	if loc == nil {
		loc = time.UTC
	}
	e, err := compileFunnel(l, t.Funnel)
	if err != nil {
		return nil, err
	}
	res := &TrendsResult{Unit: t.Funnel.Count, Interval: t.Interval, Location: loc, Baseline: baseline,
		Periods: []TrendPeriod{}, Lines: t.Lines, By: t.By}
	for _, s := range t.Funnel.Steps {
		res.Steps = append(res.Steps, s.String())
	}
	lo, hi, ok := e.span()
	if !ok {
		return res, nil
	}
	col, err := segmentColumn(l, t)
	if err != nil {
		return nil, err
	}
	cal, err := newCalendar(lo, hi, t.Interval, loc)
	if err != nil {
		return nil, err
	}
	n := cal.periods()
	e.readUnitsOnly()
	total, err := scanUsers(l, func(lo, hi int) *trendWorker {
		w := newTrendWorker(e.newWorker(), n, t.Lines)
		w.users(lo, hi, func(_ int, u *unit) {
			if u.level == 0 || u.first < 0 {
				return
			}
			p := cal.period(l.Time[u.first])
			w.entered[p]++
			if u.level == e.k {
				w.converted[p]++
			}
			w.tallyLines(p, u, col)
		})
		return w
	}, mergeTrends)
	if err != nil {
		return nil, err
	}
	first, last := 0, n-1
	for first < n && total.entered[first] == 0 {
		first++
	}
	for last >= first && total.entered[last] == 0 {
		last--
	}
	for p := first; p <= last; p++ {
		tp := TrendPeriod{Start: time.UnixMicro(cal.starts[p]).In(loc), End: time.UnixMicro(cal.starts[p+1]).In(loc),
			Entered: total.entered[p], Converted: total.converted[p]}
		tp.Rate = ratio(tp.Converted, tp.Entered)
		tp.Incomplete = cal.starts[p+1]-1+e.window > hi
		res.Entered += tp.Entered
		res.Converted += tp.Converted
		res.Periods = append(res.Periods, tp)
	}
	bands(res.Periods, baseline)
	res.Series = total.series(l, res.Steps, first, last, t.Top)
	return res, nil
}

// trendWorker is a funnel worker that also tallies units per calendar
// period.
type trendWorker struct {
	*worker
	entered, converted []int
	lines              trendLines
}

// outsideSlack keeps rounding in the mean from marking a rate equal to
// every previous one (a band of width 0) as outside.
const outsideSlack = 1e-12

// bands sets each period's band from the rates of the previous periods
// with entries: the latest n of them, or all when n is spec.AllBaseline.
func bands(ps []TrendPeriod, n int) {
	var prev []float64 // rates of the previous periods with entries
	var count int      // all-previous mode: Welford's running mean and M2
	var mean, m2 float64
	for i := range ps {
		p := &ps[i]
		if p.Entered == 0 {
			continue
		}
		var mu, sd float64
		have := false
		if n == spec.AllBaseline {
			if count >= spec.MinBaseline {
				mu, sd, have = mean, math.Sqrt(m2/float64(count-1)), true
			}
			count++
			d := p.Rate - mean
			mean += d / float64(count)
			m2 += d * (p.Rate - mean)
		} else {
			if len(prev) >= spec.MinBaseline {
				mu, sd = meanSD(prev[max(0, len(prev)-n):])
				have = true
			}
			prev = append(prev, p.Rate)
		}
		if have {
			p.HasBand = true
			p.BandLow, p.BandHigh = math.Max(0, mu-2*sd), math.Min(1, mu+2*sd)
			p.OutsideBand = p.Rate < mu-2*sd-outsideSlack || p.Rate > mu+2*sd+outsideSlack
		}
	}
}

// meanSD returns the mean and sample standard deviation of v (len >= 2).
func meanSD(v []float64) (mean, sd float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	var ss float64
	for _, x := range v {
		ss += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(ss / float64(len(v)-1))
}

// span returns the first and last event time that the date range keeps,
// reading only each user's first and last event (they are sorted).
func (e *engine) span() (lo, hi int64, ok bool) {
	l := e.l
	lo, hi = math.MaxInt64, math.MinInt64
	for u := 0; u+1 < len(l.Offsets); u++ {
		a, b := l.Offsets[u], l.Offsets[u+1]
		if a < b {
			lo, hi = min(lo, l.Time[a]), max(hi, l.Time[b-1])
		}
	}
	if e.f.From != 0 {
		lo = max(lo, e.f.From)
	}
	if e.f.To != 0 {
		hi = min(hi, e.f.To-1)
	}
	return lo, hi, lo <= hi
}

// Limits of a calendar: a span of more periods is refused (the log's
// times are broken, or the date range is too wide to read); beyond
// maxBuckets quarter hours every lookup takes the binary search.
const (
	maxPeriods   = 1 << 17 // 358 years of days
	maxBuckets   = 1 << 22 // 119 years of quarter hours
	bucketMicros = 15 * 60 * 1e6
)

// calendar cuts [lo, hi] into the days or weeks of a location. Times map
// to periods through a table of quarter hours, exact because a quarter
// hour that a period boundary cuts is marked and looked up by binary
// search instead: every time zone in use has offsets and transitions on
// quarter hours, so that happens only for odd historical or fixed zones.
type calendar struct {
	starts []int64 // period starts in µs, ascending; the last one ends the last period
	base   int64   // start of the table's first quarter hour
	table  []int32 // per quarter hour from base: its period, or -1
}

func newCalendar(lo, hi int64, iv spec.Interval, loc *time.Location) (*calendar, error) {
	t0 := time.UnixMicro(lo).In(loc)
	y, m, d := t0.Date()
	step := 1
	if iv == spec.Week {
		step = 7
		d -= (int(t0.Weekday()) + 6) % 7 // back to Monday
	}
	at := func(i int) int64 { return time.Date(y, m, d+i*step, 0, 0, 0, 0, loc).UnixMicro() }
	c := &calendar{}
	i := 0
	// Where midnight does not exist (a DST jump at 00:00), time.Date may
	// land after lo; start a period earlier then.
	for at(i) > lo {
		i--
	}
	for ; ; i++ {
		s := at(i)
		if n := len(c.starts); n > 0 && s <= c.starts[n-1] {
			return nil, fmt.Errorf("trends: time zone %s gives no increasing period starts at %s", loc, time.UnixMicro(s).In(loc))
		}
		c.starts = append(c.starts, s)
		if s > hi {
			break
		}
		if len(c.starts) > maxPeriods {
			return nil, fmt.Errorf("the events run from %s to %s, more than %d %ss: narrow the range with --from and --to",
				time.UnixMicro(lo).UTC().Format(time.DateOnly), time.UnixMicro(hi).UTC().Format(time.DateOnly), maxPeriods, iv)
		}
	}
	c.base = floorDiv(lo, bucketMicros) * bucketMicros
	nb := (hi-c.base)/bucketMicros + 1
	if nb > maxBuckets {
		return c, nil
	}
	c.table = make([]int32, nb)
	p := 0
	for b := range c.table {
		bs := c.base + int64(b)*bucketMicros
		for p+1 < len(c.starts) && c.starts[p+1] <= bs {
			p++
		}
		if bs < c.starts[p] || (p+1 < len(c.starts) && c.starts[p+1] < bs+bucketMicros) {
			c.table[b] = -1
		} else {
			c.table[b] = int32(p)
		}
	}
	return c, nil
}

func (c *calendar) periods() int { return len(c.starts) - 1 }

// period returns the period of t, which must lie in the calendar's [lo, hi].
func (c *calendar) period(t int64) int {
	if c.table != nil {
		if p := c.table[(t-c.base)/bucketMicros]; p >= 0 {
			return int(p)
		}
	}
	i, j := 0, len(c.starts)-1 // starts[i] <= t < starts[j]
	for i+1 < j {
		mid := int(uint(i+j) >> 1)
		if c.starts[mid] <= t {
			i = mid
		} else {
			j = mid
		}
	}
	return i
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}
