package funnel

import (
	"fmt"
	"strings"
	"time"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
)

// OutsideData names a date range that holds none of the data's events,
// "no events between FROM and TO: the data spans A → B", so that an empty
// screen says why; "" when the range is open or overlaps the data. from
// and to are µs, 0 is open and to is excluded, as in spec.Funnel. Longer
// than width columns (0: no limit), it says the range as FROM..TO.
func OutsideData(from, to int64, s engine.Summary, width int) string {
	if s.Events == 0 || (from == 0 && to == 0) {
		return ""
	}
	if (to == 0 || to > s.First) && (from == 0 || from <= s.Last) {
		return ""
	}
	var rng string
	switch {
	case from == 0:
		rng = "before " + day(to)
	case to == 0:
		rng = "from " + day(from) + " on"
	default:
		rng = "between " + day(from) + " and " + day(to)
	}
	data := fmt.Sprintf(": the data spans %s → %s", date(s.First), date(s.Last))
	if out := "no events " + rng + data; width == 0 || len([]rune(out)) <= width || from == 0 || to == 0 {
		return out
	}
	return "no events in " + day(from) + ".." + day(to) + data
}

// day is a range bound as the commands read it; date is an event time's
// day, as the header shows the data's span.
func day(us int64) string  { return spec.FormatInstant(us, nil) }
func date(us int64) string { return time.UnixMicro(us).UTC().Format(time.DateOnly) }

// emptyReason says why nobody entered the funnel f: its dates miss the
// data, or its filters match nothing ("" when step 1 has units).
func emptyReason(f spec.Funnel, res *analysis.FunnelResult, s engine.Summary) string {
	if res == nil || len(res.Steps) == 0 || res.Steps[0].Count > 0 {
		return ""
	}
	if why := OutsideData(f.From, f.To, s, 0); why != "" {
		return why
	}
	if len(f.Where) == 0 {
		return ""
	}
	conds := make([]string, len(f.Where))
	for i, c := range f.Where {
		conds[i] = common.Name(c.String())
	}
	return fmt.Sprintf("no %s reached step 1 where %s: the global filters match nothing (R resets them)",
		report.UnitName(f.Count), strings.Join(conds, " & "))
}
