package chengine

import (
	"context"
	"fmt"
	"math"
	"reflect"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// The micro-conversion summary counts users and sessions per name, which
// one event per user, session and name gives, and events per name, which
// a GROUP BY gives (docs/semantics.md, "Micro-conversion summary"). So
// the server sends, per user, session and name, the first kept event
// (and the first goal event, for the converters), the local engine
// summarises those rows, and the event and goal-event counts are then
// set from the server's own count.

// knownMicro reports whether m sets only the fields microSQL reads.
func knownMicro(m spec.Micro) bool {
	k := spec.Micro{Goal: plainStep(m.Goal), SessionGap: m.SessionGap, Where: m.Where, From: m.From, To: m.To}
	return reflect.DeepEqual(k, m)
}

// microCounts are the server's per-name counts of kept events and of
// those matching the goal.
type microCounts struct {
	events      map[string]int
	conversions int
}

// compactMicro answers m from microSQL's rows, or reports false when m
// must stream every kept event: an option this engine does not know, or
// a filter on an unknown property (which the local engine refuses).
func (e *Engine) compactMicro(ctx context.Context, m spec.Micro) (*analysis.MicroResult, bool, error) {
	if !knownMicro(m) || !e.hasKeys(m.Where) {
		return nil, false, nil
	}
	sel := selection{where: m.Where, from: m.From, to: m.To, sessions: true, gap: m.SessionGap, idsOnly: e.cat.noIDs == 0}
	local := spec.Micro{Goal: m.Goal, SessionGap: m.SessionGap}
	r, err := answer(ctx, e, sel.microSQL(m.Goal), false, func(l *engine.Local) (*analysis.MicroResult, error) {
		return l.Micro(ctx, local)
	})
	if err != nil {
		return nil, true, err
	}
	c, err := e.microCounts(ctx, sel, m.Goal)
	if err != nil {
		return nil, true, err
	}
	r.Conversions = c.conversions
	for i := range r.Events {
		ev := &r.Events[i]
		ev.Events, ev.PerConversion = c.events[ev.Event], math.NaN()
		if c.conversions > 0 {
			ev.PerConversion = float64(ev.Events) / float64(c.conversions)
		}
	}
	return r, true, nil
}

// hasKeys reports whether every condition's key is a stored property.
func (e *Engine) hasKeys(where []spec.Cond) bool {
	for _, cd := range where {
		if !e.HasKey(cd.Key) {
			return false
		}
	}
	return true
}

// microSQL streams, per user, session and name, the first kept event and
// the first goal event, as load reads them, in import order. Sessions are
// the export ids when every event has one, otherwise labelled's labels
// (cut over all of a user's events). Only the goal's name keeps its
// properties, and only when its conditions read them.
func (s selection) microSQL(goal spec.Step) string {
	src := fmt.Sprintf("SELECT user, time_us, name, session, prop_keys, prop_values, seq FROM events WHERE %s", s.keep(tableCols))
	if !s.idsOnly {
		s.names = nil
		src = s.labelledRows("", "kept")
	}
	ev := fmt.Sprintf("(time_us, seq, %s)", goalProps(goal))
	return fmt.Sprintf(`SELECT user, f.1 AS time_us, name, session, f.3 AS prop_keys, f.4 AS prop_values
FROM (
  SELECT user, name, session, argMin(%[1]s, (time_us, seq)) AS fe, argMinIf(%[1]s, (time_us, seq), %[2]s) AS ge, countIf(%[2]s) AS goals
  FROM (%[3]s) GROUP BY user, name, session
) ARRAY JOIN if(goals > 0 AND ge.2 != fe.2, [fe, ge], [fe]) AS f
ORDER BY f.2 FORMAT RowBinary`, ev, stepMatch(plainStep(goal), tableCols), src)
}

// microCounts reads the events per name, and the goal events, that the
// selection keeps.
func (e *Engine) microCounts(ctx context.Context, s selection, goal spec.Step) (microCounts, error) {
	c := microCounts{events: map[string]int{}}
	sql := fmt.Sprintf("SELECT name, count(), countIf(%s) FROM events WHERE %s GROUP BY name FORMAT RowBinary",
		stepMatch(plainStep(goal), tableCols), s.keep(tableCols))
	err := rows(ctx, e.q, sql, func(r *rowReader) error {
		name, err := r.string()
		var n [2]uint64 // events, goal events
		if err == nil {
			err = r.uint64s(n[:])
		}
		c.events[name] = int(n[0])
		c.conversions += int(n[1])
		return err
	})
	if err != nil {
		return c, fmt.Errorf("count events per name: %w", err)
	}
	return c, nil
}
