package chengine

import (
	"context"
	"fmt"
	"reflect"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// The micro-conversion summary is counts only: per name its events, users
// and sessions, and overall the users, sessions, goal events and
// converters (docs/semantics.md, "Micro-conversion summary"). So it runs
// in SQL: two GROUP BYs over the kept events, sessions being the export
// ids when every event has one, otherwise labelled's labels (cut over all
// of a user's events, as snapshot.Log.Sessions cuts them). Only the
// counts cross the network; analysis.MicroFromCounts adds the shares and
// the order, as analysis.Micro does.

// knownMicro reports whether m sets only the fields sqlMicro reads.
func knownMicro(m spec.Micro) bool {
	k := spec.Micro{Goal: plainStep(m.Goal), SessionGap: m.SessionGap, Where: m.Where, From: m.From, To: m.To}
	return reflect.DeepEqual(k, m)
}

// sqlMicro answers m on the server, or reports false when m must stream
// every kept event: an option this engine does not know, or a name the
// local engine refuses (an unknown goal or property) in its own words.
func (e *Engine) sqlMicro(ctx context.Context, m spec.Micro) (*analysis.MicroResult, bool, error) {
	if !knownMicro(m) || !e.accepts(m.Goal, m.Where) {
		return nil, false, nil
	}
	src := selection{where: m.Where, from: m.From, to: m.To, sessions: true, gap: m.SessionGap, idsOnly: e.cat.noIDs == 0}.sessionRows()
	goal := stepMatch(plainStep(m.Goal), tableCols)
	res := &analysis.MicroResult{Goal: m.Goal.String()}
	// Per user first, then summed: one small set of sessions per user is
	// much faster than one set of (user, session) pairs per name.
	err := rows(ctx, e.q, fmt.Sprintf(`SELECT count(), sum(ss), sum(g), countIf(g > 0)
FROM (SELECT user, uniqExact(session) AS ss, countIf(%s) AS g FROM (%s) GROUP BY user) FORMAT RowBinary`,
		goal, src), func(r *rowReader) error {
		var v [4]uint64
		err := r.uint64s(v[:])
		res.Users, res.Sessions, res.Conversions, res.Converters = int(v[0]), int(v[1]), int(v[2]), int(v[3])
		return err
	})
	if err != nil {
		return nil, true, fmt.Errorf("count users and sessions: %w", err)
	}
	err = rows(ctx, e.q, fmt.Sprintf(`SELECT name, sum(n), count(), sum(ss)
FROM (SELECT user, name, count() AS n, uniqExact(session) AS ss FROM (%s) GROUP BY user, name) GROUP BY name FORMAT RowBinary`, src),
		func(r *rowReader) error {
			name, err := r.string()
			var v [3]uint64 // events, users, sessions
			if err == nil {
				err = r.uint64s(v[:])
			}
			res.Events = append(res.Events, analysis.MicroEvent{Event: name, Events: int(v[0]), Users: int(v[1]),
				Sessions: int(v[2]), Goal: name == m.Goal.Name})
			return err
		})
	if err != nil {
		return nil, true, fmt.Errorf("count events per name: %w", err)
	}
	return analysis.MicroFromCounts(res), true, nil
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
