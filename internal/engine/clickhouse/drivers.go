package chengine

import (
	"fmt"
	"reflect"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// Drivers read, per user, only the first event of each name before the
// first goal event (or ever, without one) and that goal event: a driver
// counts users, and its median takes the time from the first X to the
// first goal (docs/semantics.md, "Drivers"). So the server sends, per
// user and name, the first kept event when it precedes the user's first
// goal event in (time, seq) order, and the goal event itself: at most
// one row per user and name instead of every event. Those rows give the
// local engine's drivers exactly (it stops each user at their first goal
// event, so a row after it would change nothing either); the filters
// already applied on the server, the local engine runs without them
// (compactDrivers).

// knownDrivers reports whether d sets only the fields driversSQL reads:
// an option added later streams every kept event instead.
func knownDrivers(d spec.Drivers) bool {
	k := spec.Drivers{Goal: plainStep(d.Goal), MinUsers: d.MinUsers, Where: d.Where, From: d.From, To: d.To}
	return reflect.DeepEqual(k, d)
}

// compactDrivers is the spec the local engine runs on driversSQL's rows.
// Filters on an unknown property are left to the streamed path, whose
// local engine refuses them as a local file does.
func (e *Engine) compactDrivers(d spec.Drivers) (spec.Drivers, bool) {
	if !knownDrivers(d) || !e.hasKeys(d.Where) {
		return d, false
	}
	return spec.Drivers{Goal: d.Goal, MinUsers: d.MinUsers}, true
}

// driversSQL streams the rows described above, as load reads them, in
// import order. Only events of the goal's name keep their properties,
// and only when the goal has conditions: the local engine reads no
// other. 18.16 has no tuple comparison in lambdas, hence the spelled-out
// (time, seq) order.
func driversSQL(d spec.Drivers) string {
	goal := stepMatch(plainStep(d.Goal), tableCols)
	ev := fmt.Sprintf("(time_us, seq, name, %s)", goalProps(d.Goal))
	keep := selection{where: d.Where, from: d.From, to: d.To}.keep(tableCols)
	return fmt.Sprintf(`SELECT user, ev.1 AS time_us, ev.3 AS name, '' AS session, ev.4 AS prop_keys, ev.5 AS prop_values
FROM (
  SELECT user, groupArray(fe) AS firsts, argMax(ge, goals) AS g, max(goals) > 0 AS conv,
    if(conv, arrayPushBack(arrayFilter(x -> x.1 < g.1 OR (x.1 = g.1 AND x.2 < g.2), firsts), g), firsts) AS evs
  FROM (
    SELECT user, argMin(%[1]s, (time_us, seq)) AS fe, argMinIf(%[1]s, (time_us, seq), %[2]s) AS ge, countIf(%[2]s) AS goals
    FROM events WHERE %[3]s GROUP BY user, name
  ) GROUP BY user
) ARRAY JOIN evs AS ev
ORDER BY ev.2 FORMAT RowBinary`, ev, goal, keep)
}

// goalProps is the SQL of an event's two property columns when only the
// goal's conditions read properties: events of the goal's name keep
// theirs when it has conditions, every other event sends none.
func goalProps(goal spec.Step) string {
	if len(goal.Conds) == 0 {
		return "emptyArrayString(), emptyArrayString()"
	}
	named := "name = " + clickhouse.Quote(goal.Name)
	return fmt.Sprintf("if(%[1]s, prop_keys, emptyArrayString()), if(%[1]s, prop_values, emptyArrayString())", named)
}

// hasKeys reports whether every condition's key is a stored property.
func (e *Engine) hasKeys(conds []spec.Cond) bool {
	for _, cd := range conds {
		if !e.HasKey(cd.Key) {
			return false
		}
	}
	return true
}
