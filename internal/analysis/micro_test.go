package analysis

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// refMicro counts with maps of strings. Sessions are cut over all of a
// user's events (filtered or not), as everywhere else: events with the same
// export session id are one session; events without an id start a new one
// after more than gap of inactivity since the previous event without an id.
func refMicro(evs []rawEvent, m spec.Micro) (users, sessions, conversions, converters int, rows map[string]*MicroEvent) {
	rows = map[string]*MicroEvent{}
	type sessKey struct{ user, n int }
	allSess := map[sessKey]bool{}
	nameSess := map[string]map[sessKey]bool{}
	for ui, u := range plainUsers(evs) {
		n, next := 0, 0
		byID := map[string]int{}
		gapSess, lastNoID := 0, int64(0)
		kept, conv := false, false
		nameUser := map[string]bool{}
		for _, e := range u {
			if e.session != "" {
				if byID[e.session] == 0 {
					next++
					byID[e.session] = next
				}
				n = byID[e.session]
			} else {
				if gapSess == 0 || e.t-lastNoID > m.SessionGap {
					next++
					gapSess = next
				}
				n, lastNoID = gapSess, e.t
			}
			if !plainKeep(e, m.Where, m.From, m.To) {
				continue
			}
			kept = true
			k := sessKey{ui, n}
			allSess[k] = true
			r := rows[e.name]
			if r == nil {
				r = &MicroEvent{Event: e.name}
				rows[e.name] = r
				nameSess[e.name] = map[sessKey]bool{}
			}
			r.Events++
			if !nameUser[e.name] {
				nameUser[e.name] = true
				r.Users++
			}
			if !nameSess[e.name][k] {
				nameSess[e.name][k] = true
				r.Sessions++
			}
			if plainIsGoal(e, m.Goal) {
				conversions++
				conv = true
			}
		}
		if kept {
			users++
		}
		if conv {
			converters++
		}
	}
	return users, len(allSess), conversions, converters, rows
}

func TestMicroMatchesTheBruteForceReference(t *testing.T) {
	goalTrials(31, 4000, func(r *rand.Rand, trial int, evs []rawEvent, l *snapshot.Log) {
		goal, where, from, to := randomScope(r)
		m := spec.Micro{Goal: goal, SessionGap: int64(5 + 10*r.IntN(4)), Where: where, From: from, To: to}
		got, err := Micro(l, m)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		users, sessions, conversions, converters, rows := refMicro(evs, m)
		if got.Users != users || got.Sessions != sessions || got.Conversions != conversions ||
			got.Converters != converters || len(got.Events) != len(rows) {
			t.Fatalf("trial %d: %+v, reference users %d sessions %d conversions %d converters %d rows %d\nevents %+v",
				trial, got, users, sessions, conversions, converters, len(rows), evs)
		}
		for i, g := range got.Events {
			w := rows[g.Event]
			if w == nil || g.Events != w.Events || g.Users != w.Users || g.Sessions != w.Sessions ||
				g.PerUser != float64(w.Users)/float64(users) || g.PerSession != float64(w.Sessions)/float64(sessions) ||
				(conversions > 0 && g.PerConversion != float64(w.Events)/float64(conversions)) || g.Goal != (g.Event == "goal") {
				t.Fatalf("trial %d: %+v, reference %+v\nevents %+v", trial, g, w, evs)
			}
			if conversions == 0 && !math.IsNaN(g.PerConversion) {
				t.Fatalf("trial %d: %+v: want NaN per conversion without conversions", trial, g)
			}
			if i > 0 {
				p := got.Events[i-1]
				if p.Users < g.Users || (p.Users == g.Users && p.Event > g.Event) {
					t.Fatalf("trial %d: %+v listed before %+v", trial, p, g)
				}
			}
		}
	})
}

func TestMicroCountsEventsUsersSessionsAndEventsPerConversion(t *testing.T) {
	l := logOf([]ev{
		{"u1", "view", 0}, {"u1", "view", 1}, {"u1", "buy", 2}, {"u1", "view", 100}, // two sessions
		{"u2", "view", 0}, {"u2", "buy", 5}, {"u2", "buy", 6},
		{"u3", "signup", 0},
	})
	got, err := Micro(l, spec.Micro{Goal: spec.Step{Name: "buy"}})
	if err != nil {
		t.Fatal(err)
	}
	if got.Users != 3 || got.Sessions != 4 || got.Conversions != 3 || got.Converters != 2 {
		t.Fatalf("got %+v, want 3 users, 4 sessions, 3 conversions, 2 converters", got)
	}
	want := []MicroEvent{
		{Event: "buy", Events: 3, Users: 2, Sessions: 2, PerUser: 2.0 / 3, PerSession: 0.5, PerConversion: 1, Goal: true},
		{Event: "view", Events: 4, Users: 2, Sessions: 3, PerUser: 2.0 / 3, PerSession: 0.75, PerConversion: 4.0 / 3},
		{Event: "signup", Events: 1, Users: 1, Sessions: 1, PerUser: 1.0 / 3, PerSession: 0.25, PerConversion: 1.0 / 3},
	}
	if len(got.Events) != len(want) {
		t.Fatalf("got %+v", got.Events)
	}
	for i, w := range want {
		if g := got.Events[i]; g != w {
			t.Errorf("row %d: got %+v, want %+v", i, g, w)
		}
	}
}
