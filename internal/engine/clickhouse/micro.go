package chengine

import (
	"cmp"
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// The micro-conversion summary is counts only: per name its events, users
// and sessions, and overall the users, sessions, goal events and
// converters (docs/semantics.md, "Micro-conversion summary"). So it runs
// in SQL: two GROUP BYs over the kept events, sessions being the export
// ids when every event has one, otherwise labelled's labels (cut over all
// of a user's events, as snapshot.Log.Sessions cuts them). Only the
// counts cross the network; the shares and the order are analysis.Micro's.

// knownMicro reports whether m sets only the fields sqlMicro reads.
func knownMicro(m spec.Micro) bool {
	k := spec.Micro{Goal: plainStep(m.Goal), SessionGap: m.SessionGap, Where: m.Where, From: m.From, To: m.To}
	return reflect.DeepEqual(k, m)
}

// microTotals are the summary's overall counts.
type microTotals struct{ users, sessions, conversions, converters int }

// sqlMicro answers m on the server, or reports false when m must stream
// every kept event: an option this engine does not know, or a name the
// local engine refuses (an unknown goal or property) in its own words.
func (e *Engine) sqlMicro(ctx context.Context, m spec.Micro) (*analysis.MicroResult, bool, error) {
	if !knownMicro(m) || !e.HasEvent(m.Goal.Name) || !e.hasKeys(m.Goal.Conds) || !e.hasKeys(m.Where) {
		return nil, false, nil
	}
	src := selection{where: m.Where, from: m.From, to: m.To, sessions: true, gap: m.SessionGap, idsOnly: e.cat.noIDs == 0}.sessionRows()
	goal := stepMatch(plainStep(m.Goal), tableCols)
	var t microTotals
	// Per user first, then summed: one small set of sessions per user is
	// much faster than one set of (user, session) pairs per name.
	err := rows(ctx, e.q, fmt.Sprintf(`SELECT count(), sum(ss), sum(g), countIf(g > 0)
FROM (SELECT user, uniqExact(session) AS ss, countIf(%s) AS g FROM (%s) GROUP BY user) FORMAT RowBinary`,
		goal, src), func(r *rowReader) error {
		var v [4]uint64
		err := r.uint64s(v[:])
		t = microTotals{int(v[0]), int(v[1]), int(v[2]), int(v[3])}
		return err
	})
	if err != nil {
		return nil, true, fmt.Errorf("count users and sessions: %w", err)
	}
	res := &analysis.MicroResult{Goal: m.Goal.String(), Users: t.users, Sessions: t.sessions, Conversions: t.conversions, Converters: t.converters}
	err = rows(ctx, e.q, fmt.Sprintf(`SELECT name, sum(n), count(), sum(ss)
FROM (SELECT user, name, count() AS n, uniqExact(session) AS ss FROM (%s) GROUP BY user, name) GROUP BY name FORMAT RowBinary`, src),
		func(r *rowReader) error {
			name, err := r.string()
			var v [3]uint64 // events, users, sessions
			if err == nil {
				err = r.uint64s(v[:])
			}
			res.Events = append(res.Events, microEvent(name, v, t, name == m.Goal.Name))
			return err
		})
	if err != nil {
		return nil, true, fmt.Errorf("count events per name: %w", err)
	}
	slices.SortFunc(res.Events, func(a, b analysis.MicroEvent) int {
		if c := cmp.Compare(b.Users, a.Users); c != 0 {
			return c
		}
		return cmp.Compare(a.Event, b.Event)
	})
	return res, true, nil
}

// microEvent is one name's row from its events, users and sessions.
func microEvent(name string, v [3]uint64, t microTotals, goal bool) analysis.MicroEvent {
	m := analysis.MicroEvent{Event: name, Events: int(v[0]), Users: int(v[1]), Sessions: int(v[2]),
		PerConversion: math.NaN(), Goal: goal}
	m.PerUser, m.PerSession = share(m.Users, t.users), share(m.Sessions, t.sessions)
	if t.conversions > 0 {
		m.PerConversion = float64(m.Events) / float64(t.conversions)
	}
	return m
}

// share is k/n, 0 when n is 0 (as the analysis package's rates).
func share(k, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}

// sessionRows is the SQL of the kept events with their sessions: the
// table's own rows when every event has an export session id, otherwise
// labelled's (whose sessions are cut over all of a user's events).
func (s selection) sessionRows() string {
	if s.idsOnly {
		return "SELECT user, name, session, prop_keys, prop_values FROM events WHERE " + s.keep(tableCols)
	}
	s.names = nil
	return s.labelledRows("", "kept")
}
