package chengine

import (
	"fmt"
	"strings"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// selection is the part of the events an analysis needs, which
// ClickHouse picks out so that only it crosses the network.
type selection struct {
	where    []spec.Cond
	from, to int64
	// names, when not nil, keeps only events with these names (plus
	// each user's first kept event when firstKept).
	names     []string
	firstKept bool
	// steps, when set (with firstKept), has the server run the ordered
	// funnel of these steps and window and send only each user's
	// witnesses (witness.go).
	steps  []spec.Step
	window int64
	// sessions says the analysis reads sessions: they are cut over all of
	// a user's events, before filters (docs/semantics.md, section 1), so
	// when events are left out each kept one carries its session as a
	// label worked out on the server.
	sessions bool
	gap      int64
	// idsOnly says every stored event has an export session id (the
	// engine sets it from the catalog).
	idsOnly bool
	// only, when set, keeps only the users with a kept event matching
	// it: the analysis ignores everyone else.
	only *spec.Step
	// noProps says the analysis reads no property: events are sent
	// without theirs, which are most of a row's bytes.
	noProps bool
	// userLo and userHi, when not empty, keep only the users in
	// [userLo, userHi): a pass over one range of them (passes.go).
	userLo, userHi string
	// span adds the table's first and last times to the stream (see
	// spanUser), for analyses whose calendar runs over the whole log.
	span bool
}

// cols names how a query reaches an event's columns: straight from the
// table, or inside a per-user array of tuples.
type cols struct{ time, name, keys, values string }

var tableCols = cols{"time_us", "name", "prop_keys", "prop_values"}

// columns is the SQL of the streamed columns, as the table names them.
func (s selection) columns() string { return "user, time_us, name, session, " + s.props() }

// props is the SQL of an event's two property columns.
func (s selection) props() string {
	if s.noProps {
		return "emptyArrayString(), emptyArrayString()"
	}
	return "prop_keys, prop_values"
}

// sql is the query that streams the selection in import order.
func (s selection) sql() string {
	if !s.drops() {
		return "SELECT " + s.columns() + " FROM events ORDER BY seq FORMAT RowBinary"
	}
	switch {
	case s.steps != nil && s.idsOnly && !s.noProps:
		return s.witnessesAlone()
	case s.steps == nil && (!s.sessions || s.idsOnly):
		return s.plain()
	}
	return s.labelled()
}

// plain streams the selection straight from the table: right when the
// analysis reads no sessions, or when every stored event has an export
// session id, since then a session is its id whatever is left out.
// GLOBAL IN, as in witnessesAlone, for Distributed tables.
func (s selection) plain() string {
	keep := s.keep(tableCols)
	first := "0"
	if s.firstKept {
		first = fmt.Sprintf("seq GLOBAL IN (SELECT argMin(seq, (time_us, seq)) FROM events WHERE %s GROUP BY user)", keep)
	}
	return fmt.Sprintf("SELECT %s FROM events WHERE %s AND %s AND (%s OR %s) ORDER BY seq FORMAT RowBinary",
		s.columns(), s.users(), keep, s.named(tableCols.name), first)
}

// users is the SQL of the selection's users (true for all of them).
func (s selection) users() string {
	if s.only == nil {
		return s.userRange()
	}
	return fmt.Sprintf("user GLOBAL IN (SELECT DISTINCT user FROM events WHERE %[1]s AND %s AND %s) AND %[1]s",
		s.userRange(), s.keep(tableCols), stepMatch(*s.only, tableCols))
}

// userRange is the SQL of [userLo, userHi) (true when both are open). On
// the table's sorting key, so a pass reads only its range's granules.
func (s selection) userRange() string {
	w := "1"
	if s.userLo != "" {
		w += " AND user >= " + clickhouse.Quote(s.userLo)
	}
	if s.userHi != "" {
		w += " AND user < " + clickhouse.Quote(s.userHi)
	}
	return "(" + w + ")"
}

// drops says whether the selection leaves any event out.
func (s selection) drops() bool {
	return len(s.where) > 0 || s.from != 0 || s.to != 0 || s.names != nil || s.only != nil || s.userLo != "" || s.userHi != ""
}

// keep is the SQL of the global filters and the date range (a filter of
// analysis' own: docs/semantics.md, section 2).
func (s selection) keep(c cols) string {
	parts := []string{"1"}
	if s.from != 0 {
		parts = append(parts, fmt.Sprintf("%s >= %d", c.time, s.from))
	}
	if s.to != 0 {
		parts = append(parts, fmt.Sprintf("%s < %d", c.time, s.to))
	}
	for _, cd := range s.where {
		parts = append(parts, condSQL(cd, c))
	}
	return "(" + strings.Join(parts, " AND ") + ")"
}

// named is the SQL of the name list (true without one).
func (s selection) named(name string) string {
	if s.names == nil {
		return "1"
	}
	if len(s.names) == 0 {
		return "0"
	}
	q := make([]string, len(s.names))
	for i, n := range s.names {
		q[i] = clickhouse.Quote(n)
	}
	return fmt.Sprintf("%s IN (%s)", name, strings.Join(q, ", "))
}

// condSQL is one condition. Stored values are never empty (the importer
// drops them), so a missing key reads as "" and compares as absent.
func condSQL(cd spec.Cond, c cols) string {
	// arrayElement, not v[i]: 18.16 cannot parse ev.6[i].
	val := fmt.Sprintf("arrayElement(%s, indexOf(%s, %s))", c.values, c.keys, clickhouse.Quote(cd.Key))
	switch cd.Op {
	case spec.Eq:
		if cd.Value == "" {
			return "0" // key= matches nothing
		}
		return fmt.Sprintf("%s = %s", val, clickhouse.Quote(cd.Value))
	case spec.Ne:
		if cd.Value == "" {
			return "1"
		}
		return fmt.Sprintf("%s != %s", val, clickhouse.Quote(cd.Value))
	}
	return fmt.Sprintf("(has(%s, %s) AND position(%s, %s) > 0)", c.keys, clickhouse.Quote(cd.Key), val, clickhouse.Quote(cd.Value))
}

// labelled streams the selection with every kept event's session as its
// session column: "e" and the export id, or "g" and the number of
// inactivity breaks up to the event among the user's events without an
// id (as snapshot.Log.Sessions cuts them). Distinct labels are distinct
// sessions, so the snapshot's own Sessions gives the partition of the
// whole log. Only the times of events without an id are gathered for all
// events; whole events only for those kept. 18.16 has no arrayFold or
// window functions, hence the break times and arrayCount.
func (s selection) labelled() string {
	keep := s.keep(tableCols)
	first, kept := "", "kept"
	if s.steps != nil {
		x := cols{"x.1", "x.3", "x.5", "x.6"}
		first = s.witnesses("kept", func(j int) string { return stepMatch(s.steps[j-1], x) })
		kept = "arrayFilter(x -> has(wit, x.2) OR x.2 = fk.2, kept)"
	}
	evs := kept
	if s.firstKept {
		// The user's first kept event, whatever its name, decides their
		// first session (docs/semantics.md, "First session or later").
		first += fmt.Sprintf("argMinIf((time_us, seq, name, session, %s), (time_us, seq), %s) AS fk,", s.props(), keep)
		evs = fmt.Sprintf("if(countIf(%s) > 0 AND NOT %s, arrayPushBack(%s, fk), %[3]s)", keep, s.named("fk.3"), kept)
	}
	return "SELECT user, time_us, name, session, prop_keys, prop_values FROM (\n" +
		s.labelledRows(first, evs) + "\n) ORDER BY seq FORMAT RowBinary"
}

// labelledRows is labelled's SELECT, with seq, before its order and
// format: first and evs are the per-user columns that make evs, the
// events to send.
func (s selection) labelledRows(first, evs string) string {
	gap := s.gap
	if gap <= 0 {
		gap = snapshot.DefaultSessionGap
	}
	return fmt.Sprintf(`SELECT user, ev.1 AS time_us, ev.3 AS name,
  if(ev.4 != '', concat('e', ev.4), concat('g', toString(arrayCount(b -> b <= ev.1, bt)))) AS session,
  ev.5 AS prop_keys, ev.6 AS prop_values, ev.2 AS seq
FROM (
  SELECT user,
    arraySort(groupArrayIf(time_us, session = '')) AS gt,
    arrayFilter((t, p, i) -> i > 1 AND t - p > %d, gt, arrayPopBack(arrayPushFront(gt, 0)), arrayEnumerate(gt)) AS bt,
    groupArrayIf((time_us, seq, name, session, %s), %s AND %s) AS kept,
    %s
    %s AS evs
  FROM events WHERE %s GROUP BY user
) ARRAY JOIN evs AS ev`, gap, s.props(), s.keep(tableCols), s.named(tableCols.name), first, evs, s.users())
}
