package chengine

import (
	"context"
	"fmt"
	"reflect"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// Drivers run in SQL. A driver counts users, and its median reads the
// time from a user's first X to their first goal event
// (docs/semantics.md, "Drivers"). So the server counts, per name other
// than the goal's, the users with a kept event of it before their first
// goal event in (time, seq) order (or at all, without one), the
// converters among them, and lists the converters' times to the goal:
// only those counts and times (at most one per converter and name) cross
// the network, and analysis.DriversFromCounts turns them into the local
// engine's figures.

// knownDrivers reports whether d sets only the fields driversSQL reads:
// an option added later streams every kept event instead.
func knownDrivers(d spec.Drivers) bool {
	k := spec.Drivers{Goal: plainStep(d.Goal), MinUsers: d.MinUsers, Where: d.Where, From: d.From, To: d.To}
	return reflect.DeepEqual(k, d)
}

// sqlDrivers answers d on the server, or reports false when d must
// stream every kept event: an option this engine does not know, or a
// name the local engine refuses (an unknown goal or property) in its own
// words.
func (e *Engine) sqlDrivers(ctx context.Context, d spec.Drivers) (*analysis.DriversResult, bool, error) {
	if !knownDrivers(d) || !e.accepts(d.Goal, d.Where) {
		return nil, false, nil
	}
	goal := stepMatch(plainStep(d.Goal), tableCols)
	keep := selection{where: d.Where, from: d.From, to: d.To}.keep(tableCols)
	var users, conv int
	err := rows(ctx, e.q, fmt.Sprintf("SELECT count(), countIf(g > 0) FROM (SELECT user, countIf(%s) AS g FROM events WHERE %s GROUP BY user) FORMAT RowBinary",
		goal, keep), func(r *rowReader) error {
		var v [2]uint64
		err := r.uint64s(v[:])
		users, conv = int(v[0]), int(v[1])
		return err
	})
	if err != nil {
		return nil, true, fmt.Errorf("count users and converters: %w", err)
	}
	var cs []analysis.DriverCounts
	err = rows(ctx, e.q, driversSQL(d, goal, keep), func(r *rowReader) error {
		c, err := readDriver(r)
		cs = append(cs, c)
		return err
	})
	if err != nil {
		return nil, true, fmt.Errorf("count drivers: %w", err)
	}
	return analysis.DriversFromCounts(d, users, conv, cs), true, nil
}

// readDriver reads one row of driversSQL.
func readDriver(r *rowReader) (c analysis.DriverCounts, err error) {
	if c.Event, err = r.string(); err != nil {
		return c, err
	}
	var v [2]uint64
	if err = r.uint64s(v[:]); err != nil {
		return c, err
	}
	c.With, c.WithConverted = int(v[0]), int(v[1])
	c.ToGoal, err = r.int64s()
	return c, err
}

// driversSQL is, per candidate name, the users who did it before their
// first goal event (every user without one), the converters among them,
// and the converters' µs from their first of it to their first goal
// event. Each user's first goal event, (time, seq), is joined to their
// kept events of other names: scalar aggregates per user and name then
// say whether one came before it, and when the first did (it is the
// first before the goal whenever any is). GLOBAL, as in witnessesAlone,
// for Distributed tables; aggregates over tuples are avoided (on 18.16
// they made this six times slower).
func driversSQL(d spec.Drivers, goal, keep string) string {
	return fmt.Sprintf(`SELECT name, count(), countIf(conv), groupArrayIf(tg - t, conv)
FROM (
  SELECT user, name, min(time_us) AS t, any(c) AS conv, any(gt) AS tg,
    countIf(c = 0 OR time_us < gt OR (time_us = gt AND seq < gs)) AS before
  FROM (SELECT user, name, time_us, seq FROM events WHERE %[3]s AND name != %[1]s)
  GLOBAL ANY LEFT JOIN (
    SELECT user, 1 AS c, g.1 AS gt, g.2 AS gs
    FROM (SELECT user, min((time_us, seq)) AS g FROM events WHERE %[3]s AND %[2]s GROUP BY user)
  ) USING user
  GROUP BY user, name
) WHERE before > 0
GROUP BY name FORMAT RowBinary`, clickhouse.Quote(d.Goal.Name), goal, keep)
}

// accepts reports whether the local engine accepts goal and where: the
// goal's name is stored, and every condition's key. When it would refuse
// them, only streaming gives its error, in its own words.
func (e *Engine) accepts(goal spec.Step, where []spec.Cond) bool {
	return e.HasEvent(goal.Name) && e.hasKeys(goal.Conds) && e.hasKeys(where)
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
