package spec

import (
	"strconv"
	"time"
)

// FunnelArgs renders f as the flags of funnelscope funnel. Zero Window,
// SessionGap and Top are left out, as the defaults they mean.
func FunnelArgs(f Funnel) []string {
	a := funnelArgs(f)
	if f.By != "" {
		a.add("--by", f.By)
	}
	a.count("--top", f.Top, defaultTop)
	a.filters(f.Where, f.From, f.To, time.UTC)
	return a
}

// TrendsArgs renders t as the flags of funnelscope trends. The funnel's
// By and Top have no flag: trends ignores them; --by and --top are the
// segment lines' (t.By, t.Top). A zero Baseline and a nil
// Location are left out, as the defaults they mean. Dates at midnight in
// the trend's zone are written as bare days, which trends reads in --tz.
func TrendsArgs(t Trends) []string {
	loc := t.Location
	if loc == nil {
		loc = time.UTC
	}
	a := funnelArgs(t.Funnel)
	if t.Interval == Week {
		a.add("--interval", "week")
	}
	if loc != time.UTC {
		a.add("--tz", zoneName(loc, t.Funnel.From))
	}
	switch t.Baseline {
	case 0, DefaultBaseline:
	case AllBaseline:
		a.add("--baseline", "all")
	default:
		a.add("--baseline", strconv.Itoa(t.Baseline))
	}
	a.lines(t)
	a.filters(t.Funnel.Where, t.Funnel.From, t.Funnel.To, loc)
	return a
}

// lines adds the trend's lines beside the overall rate: --lines, and for
// segments the property and how many segments (--by, --top).
func (a *args) lines(t Trends) {
	if t.Lines == OverallLine {
		return
	}
	a.add("--lines", t.Lines.Flag())
	if t.Lines == SegmentLines {
		a.add("--by", t.By)
		a.count("--top", t.Top, DefaultTrendTop)
	}
}

// funnelArgs renders the funnel flags funnel and trends share, but for
// the filters, which each command adds last.
func funnelArgs(f Funnel) args {
	a := args{"--steps", stepList(f.Steps)}
	a.duration("--window", f.Window, DefaultWindow)
	if f.Order == AnyOrder {
		a.add("--order", "any")
	}
	if f.Count == Sessions {
		a.add("--count", "sessions")
	}
	a.duration("--session-gap", f.SessionGap, defaultSessionGap)
	a.unitFilters(f)
	return a
}

// unitFilters adds the funnel's exclusions and segment, which take units
// out of it: --exclude per exclusion, --segment when there is one.
func (a *args) unitFilters(f Funnel) {
	for _, ex := range f.Exclude {
		a.add("--exclude", ex.String())
	}
	if !f.Segment.IsZero() {
		a.add("--segment", f.Segment.String())
	}
}
