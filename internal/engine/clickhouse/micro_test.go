package chengine_test

import (
	"context"
	"testing"

	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/spec"
)

func TestMicroFromOneEventPerSessionAndNameAgreesWithTheLocalEngine(t *testing.T) {
	evs := sampleEvents(t, 1500)
	for i := range evs {
		// A third of the users lose their session ids (inactivity cuts
		// those), and some keep ids that interleave (A, B, A).
		switch evs[i].User[len(evs[i].User)-1] % 3 {
		case 0:
			evs[i].Session = ""
		case 1:
			evs[i].Session = []string{"A", "B"}[i%2]
		}
	}
	p := newPair(t, evs)
	first := p.local.Summary().First
	day := int64(24 * 3600e6)
	mobile := []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}
	micro := func(name string, m spec.Micro) query {
		return query{name, func(ctx context.Context, e engine.Engine) (any, error) { return e.Micro(ctx, m) }}
	}
	agree(t, p, []query{
		micro("a purchase", spec.Micro{Goal: spec.Step{Name: "purchase"}}),
		micro("a purchase, sessions cut at 5 minutes", spec.Micro{Goal: spec.Step{Name: "purchase"}, SessionGap: 300e6}),
		micro("a purchase on mobile in a date range", spec.Micro{Goal: spec.Step{Name: "purchase"}, Where: mobile,
			From: first + 5*day, To: first + 40*day}),
		micro("a purchase off desktop", spec.Micro{Goal: spec.Step{Name: "purchase",
			Conds: []spec.Cond{{Key: "device", Op: spec.Ne, Value: "desktop"}}}}),
		micro("an unknown goal", spec.Micro{Goal: spec.Step{Name: "purchse"}}),
		micro("a filter on an unknown property", spec.Micro{Goal: spec.Step{Name: "purchase"},
			Where: []spec.Cond{{Key: "devise", Op: spec.Eq, Value: "x"}}}),
	})
}

func TestMicroCountsEveryEventAndGoalEvent(t *testing.T) {
	at := func(user, name, session string, second int64, props ...ingest.Prop) ingest.Event {
		return ingest.Event{User: user, Name: name, Session: session, Time: 1_750_000_000_000_000 + second*1e6, Props: props}
	}
	big := ingest.Prop{Key: "size", Value: "big"}
	evs := []ingest.Event{
		at("a", "view", "s1", 0), at("a", "view", "s1", 1), at("a", "buy", "s1", 2), at("a", "buy", "s1", 3, big),
		at("a", "view", "s2", 9), at("a", "buy", "s2", 10, big), at("a", "buy", "s2", 11, big),
		at("b", "view", "s3", 0), at("b", "buy", "s3", 1),
	}
	p := newPair(t, evs)
	m := spec.Micro{Goal: spec.Step{Name: "buy", Conds: []spec.Cond{{Key: "size", Op: spec.Eq, Value: "big"}}}}
	r, err := p.ch.Micro(context.Background(), m)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][3]int{}
	for _, ev := range r.Events {
		got[ev.Event] = [3]int{ev.Events, ev.Users, ev.Sessions}
	}
	if r.Conversions != 3 || r.Converters != 1 || r.Sessions != 3 || got["view"] != [3]int{4, 2, 3} || got["buy"] != [3]int{5, 2, 3} {
		t.Errorf("%d conversions by %d users in %d sessions, events %v; want 3 by 1 in 3, view {4 2 3}, buy {5 2 3}",
			r.Conversions, r.Converters, r.Sessions, got)
	}
	agree(t, p, []query{{"big buys", func(ctx context.Context, e engine.Engine) (any, error) { return e.Micro(ctx, m) }}})
}
