package chengine

import (
	"fmt"
	"reflect"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// Attribution reads, per user, only events that carry a touch value or
// match the goal: a converter's touches up to the first goal event, and a
// non-converter's distinct touch values (docs/semantics.md,
// "Attribution"). So the server sends a converter's touch events up to
// and including the first goal event, and a non-converter's first event
// of each touch value, each with only the touch property (events of the
// goal's name keep all of theirs when the goal's conditions read them).
// The local engine credits those rows exactly as the whole log; the
// filters already applied on the server, it runs without them. Credits
// are sums of fractions, which adding partial sums in another order
// could round differently, so attribution does not run in passes.

// knownAttribution reports whether a sets only the fields attributionSQL
// reads.
func knownAttribution(a spec.Attribution) bool {
	k := spec.Attribution{Goal: plainStep(a.Goal), Touch: a.Touch, Model: a.Model, Lookback: a.Lookback,
		HalfLife: a.HalfLife, Where: a.Where, From: a.From, To: a.To}
	return reflect.DeepEqual(k, a)
}

// compactAttribution is the spec the local engine runs on attributionSQL's
// rows, or false when a must stream every kept event.
func (e *Engine) compactAttribution(a spec.Attribution) (spec.Attribution, bool) {
	if !knownAttribution(a) || !e.hasKeys(a.Where) || a.Touch == "" {
		return a, false
	}
	a.Where, a.From, a.To = nil, 0, 0
	return a, true
}

// attributionSQL streams the rows described above, as load reads them,
// in import order.
func attributionSQL(a spec.Attribution) string {
	touch := clickhouse.Quote(a.Touch)
	value := fmt.Sprintf("arrayElement(prop_values, indexOf(prop_keys, %s))", touch)
	goal := stepMatch(plainStep(a.Goal), tableCols)
	props := fmt.Sprintf("if(%[1]s != '', [%[2]s], emptyArrayString()), if(%[1]s != '', [%[1]s], emptyArrayString())", value, touch)
	if len(a.Goal.Conds) > 0 {
		named := "name = " + clickhouse.Quote(a.Goal.Name)
		props = fmt.Sprintf("if(%[1]s, prop_keys, if(%[2]s != '', [%[3]s], emptyArrayString())), if(%[1]s, prop_values, if(%[2]s != '', [%[2]s], emptyArrayString()))",
			named, value, touch)
	}
	keep := selection{where: a.Where, from: a.From, to: a.To}.keep(tableCols)
	return fmt.Sprintf(`SELECT user, ev.1 AS time_us, ev.3 AS name, '' AS session, ev.4 AS prop_keys, ev.5 AS prop_values
FROM (
  SELECT user,
    arraySort(groupArrayIf((time_us, seq, name, %[1]s, %[2]s), %[3]s AND (%[4]s != '' OR %[2]s))) AS kt,
    arrayFirstIndex(x -> x.6, kt) AS gi,
    if(gi > 0, arraySlice(kt, 1, gi), arrayFilter((x, i) -> i = 1, kt, arrayEnumerateUniq(arrayMap(x -> x.5, kt)))) AS evs
  FROM events GROUP BY user
) ARRAY JOIN evs AS ev
ORDER BY ev.2 FORMAT RowBinary`, props, goal, keep, value)
}
