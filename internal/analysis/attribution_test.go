package analysis

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// refTouch is one touch as the reference sees it.
type refTouch struct {
	value string
	t     int64
}

// refAttribution credits conversions with maps of strings and the formulas
// of docs/semantics.md ("Attribution") written out directly (time-decay from the goal's time).
func refAttribution(evs []rawEvent, a spec.Attribution) (conv int, credit map[string]float64, converters, touches map[string]int) {
	credit, converters, touches = map[string]float64{}, map[string]int{}, map[string]int{}
	lookback := a.Lookback
	if lookback == 0 {
		lookback = 30 * 24 * 3600 * 1e6
	}
	halfLife := float64(a.HalfLife)
	if halfLife == 0 {
		halfLife = 7 * 24 * 3600 * 1e6
	}
	for _, u := range plainUsers(evs) {
		var before []rawEvent
		var goal *rawEvent
		for _, e := range u {
			if !plainKeep(e, a.Where, a.From, a.To) {
				continue
			}
			if plainIsGoal(e, a.Goal) {
				goal = &e
				break
			}
			before = append(before, e)
		}
		if goal == nil {
			continue
		}
		conv++
		var ts []refTouch
		for _, e := range before {
			if v := e.props[a.Touch]; v != "" && (lookback < 0 || goal.t-e.t <= lookback) {
				ts = append(ts, refTouch{v, e.t})
			}
		}
		if len(ts) == 0 {
			credit[NoTouch]++
			converters[NoTouch]++
			continue
		}
		seen := map[string]bool{}
		for _, tc := range ts {
			touches[tc.value]++
			if !seen[tc.value] {
				seen[tc.value] = true
				converters[tc.value]++
			}
		}
		n := len(ts)
		switch a.Model {
		case spec.FirstTouch:
			credit[ts[0].value]++
		case spec.LastTouch:
			credit[ts[n-1].value]++
		case spec.Linear:
			for _, tc := range ts {
				credit[tc.value] += 1 / float64(n)
			}
		case spec.TimeDecay:
			sum := 0.0
			for _, tc := range ts {
				sum += math.Pow(2, -float64(goal.t-tc.t)/halfLife)
			}
			for _, tc := range ts {
				credit[tc.value] += math.Pow(2, -float64(goal.t-tc.t)/halfLife) / sum
			}
		case spec.PositionBased:
			for i, tc := range ts {
				switch {
				case n == 1:
					credit[tc.value]++
				case n == 2:
					credit[tc.value] += 0.5
				case i == 0 || i == n-1:
					credit[tc.value] += 0.4
				default:
					credit[tc.value] += 0.2 / float64(n-2)
				}
			}
		}
	}
	return conv, credit, converters, touches
}

// refTouched counts, per touch value, the users with a kept event carrying
// it before their first goal event (anywhere when they never reach it),
// and how many of those reach the goal.
func refTouched(evs []rawEvent, a spec.Attribution) (users, converted map[string]int) {
	users, converted = map[string]int{}, map[string]int{}
	for _, u := range plainUsers(evs) {
		seen, goal := map[string]bool{}, false
		for _, e := range u {
			if !plainKeep(e, a.Where, a.From, a.To) {
				continue
			}
			if plainIsGoal(e, a.Goal) {
				goal = true
				break
			}
			if v := e.props[a.Touch]; v != "" {
				seen[v] = true
			}
		}
		for v := range seen {
			users[v]++
			if goal {
				converted[v]++
			}
		}
	}
	return users, converted
}

func TestAttributionMatchesTheBruteForceReference(t *testing.T) {
	goalTrials(23, 4000, func(r *rand.Rand, trial int, evs []rawEvent, l *snapshot.Log) {
		goal, where, from, to := randomScope(r)
		a := spec.Attribution{Goal: goal, Touch: "src", Model: spec.Model(r.IntN(5)), Where: where, From: from, To: to,
			Lookback: int64(10 * r.IntN(10)), HalfLife: int64(1 + r.IntN(50))}
		switch r.IntN(4) {
		case 0:
			a.Lookback = spec.NoLookback
		case 1:
			a.Lookback = 0 // the default, 30 days: everything here
		}
		got, err := Attribution(l, a)
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		conv, credit, converters, touches := refAttribution(evs, a)
		users, usersConv := refTouched(evs, a)
		rows := len(converters)
		for v := range users {
			if converters[v] == 0 {
				rows++ // touched users, none converting: listed with no credit
			}
		}
		if got.Converters != conv || len(got.Credits) != rows {
			t.Fatalf("trial %d %+v: %d converters %+v, reference %d %v %v\nevents %+v",
				trial, a, got.Converters, got.Credits, conv, credit, converters, evs)
		}
		sum := 0.0
		for i, c := range got.Credits {
			sum += c.Credit
			if math.Abs(c.Credit-credit[c.Touch]) > 1e-9 || c.Converters != converters[c.Touch] ||
				c.Touches != touches[c.Touch] || c.None != (c.Touch == NoTouch) ||
				(!c.None && (c.Users != users[c.Touch] || c.UsersConverted != usersConv[c.Touch])) {
				t.Fatalf("trial %d %+v: %+v, reference credit %v converters %d touches %d users %d (%d converting)\nevents %+v",
					trial, a, c, credit[c.Touch], converters[c.Touch], touches[c.Touch], users[c.Touch], usersConv[c.Touch], evs)
			}
			if i > 0 {
				p := got.Credits[i-1]
				if p.Credit < c.Credit || (p.Credit == c.Credit && p.Touch > c.Touch) {
					t.Fatalf("trial %d: %+v listed before %+v", trial, p, c)
				}
			}
		}
		if math.Abs(sum-float64(conv)) > 1e-9 {
			t.Fatalf("trial %d: credits sum to %v, want %d converters", trial, sum, conv)
		}
	})
}

// attributionExample is one log for every model (times in µs).
func attributionExample() []rawEvent {
	const d = 24 * 3600 * 1e6
	ev := func(user, name string, t int64, src string) rawEvent {
		e := rawEvent{user: user, name: name, t: t, props: map[string]string{}}
		if src != "" {
			e.props["src"] = src
		}
		return e
	}
	return []rawEvent{
		// Three touches over 15 days.
		ev("u1", "ad", 0, "google"), ev("u1", "page", 1*d, "facebook"), ev("u1", "page", 8*d, "google"),
		ev("u1", "goal", 15*d, ""), ev("u1", "page", 16*d, "tiktok"), // after the goal: not a touch
		// No touch at all.
		ev("u2", "page", 0, ""), ev("u2", "goal", 1*d, ""),
		// Never converts: credits nothing.
		ev("u3", "ad", 0, "tiktok"),
		// Beyond the 30-day lookback.
		ev("u4", "ad", 0, "google"), ev("u4", "goal", 31*d, ""),
		// At the same time as the goal: before it in sequence counts, after does not.
		ev("u5", "ad", 5*d, "bing"), ev("u5", "goal", 5*d, ""), ev("u5", "ad", 5*d, "yahoo"),
		// Exactly 30 days before: inside the lookback.
		ev("u6", "ad", 0, "facebook"), ev("u6", "goal", 30*d, ""),
	}
}

func TestAttributionModelsOnAHandMadeLog(t *testing.T) {
	l := plainLog(attributionExample())
	// u1's time-decay weights: 15, 14 and 7 days before the goal, half-life 7 days.
	w1, w2, w3 := math.Exp2(-15.0/7), math.Exp2(-2), math.Exp2(-1)
	s := w1 + w2 + w3
	cases := []struct {
		model spec.Model
		want  []Credit
	}{
		// First and last: bing, facebook and google tie at 1, listed by name.
		// tiktok touched u3, who never converts, and u1 only after the goal:
		// one user touched, no credit. google touched u4 beyond the lookback:
		// two users touched, one converter credited.
		{spec.FirstTouch, []Credit{{NoTouch, true, 2, 2, 0, 0, 0}, {"bing", false, 1, 1, 1, 1, 1}, {"facebook", false, 1, 2, 2, 2, 2}, {"google", false, 1, 1, 2, 2, 2}, {"tiktok", false, 0, 0, 0, 1, 0}}},
		{spec.LastTouch, []Credit{{NoTouch, true, 2, 2, 0, 0, 0}, {"bing", false, 1, 1, 1, 1, 1}, {"facebook", false, 1, 2, 2, 2, 2}, {"google", false, 1, 1, 2, 2, 2}, {"tiktok", false, 0, 0, 0, 1, 0}}},
		{spec.Linear, []Credit{{NoTouch, true, 2, 2, 0, 0, 0}, {"facebook", false, 1 + 1.0/3, 2, 2, 2, 2}, {"bing", false, 1, 1, 1, 1, 1}, {"google", false, 2.0 / 3, 1, 2, 2, 2}, {"tiktok", false, 0, 0, 0, 1, 0}}},
		{spec.TimeDecay, []Credit{{NoTouch, true, 2, 2, 0, 0, 0}, {"facebook", false, 1 + w2/s, 2, 2, 2, 2}, {"bing", false, 1, 1, 1, 1, 1}, {"google", false, (w1 + w3) / s, 1, 2, 2, 2}, {"tiktok", false, 0, 0, 0, 1, 0}}},
		{spec.PositionBased, []Credit{{NoTouch, true, 2, 2, 0, 0, 0}, {"facebook", false, 1.2, 2, 2, 2, 2}, {"bing", false, 1, 1, 1, 1, 1}, {"google", false, 0.8, 1, 2, 2, 2}, {"tiktok", false, 0, 0, 0, 1, 0}}},
	}
	for _, c := range cases {
		got, err := Attribution(l, spec.Attribution{Goal: spec.Step{Name: "goal"}, Touch: "src", Model: c.model})
		if err != nil {
			t.Fatal(err)
		}
		if got.Converters != 5 {
			t.Errorf("%v: %d converters, want 5", c.model, got.Converters)
		}
		if len(got.Credits) != len(c.want) {
			t.Fatalf("%v: got %+v, want %+v", c.model, got.Credits, c.want)
		}
		for i, w := range c.want {
			g := got.Credits[i]
			if g.Touch != w.Touch || g.None != w.None || math.Abs(g.Credit-w.Credit) > 1e-12 ||
				g.Converters != w.Converters || g.Touches != w.Touches || g.Users != w.Users || g.UsersConverted != w.UsersConverted {
				t.Errorf("%v: credit %d is %+v, want %+v", c.model, i, g, w)
			}
		}
	}
}

func TestAttributionSplitsOneJourneyExactlyPerModel(t *testing.T) {
	// One converter, touches a, b, a, c at days 0, 7, 14, 21, goal at day 28.
	const d = 24 * 3600 * 1e6
	var evs []rawEvent
	for i, v := range []string{"a", "b", "a", "c"} {
		evs = append(evs, rawEvent{user: "u", name: "visit", t: int64(7*i) * d, props: map[string]string{"src": v}})
	}
	evs = append(evs, rawEvent{user: "u", name: "goal", t: 28 * d})
	l := plainLog(evs)
	// Time-decay with a 7-day half-life: weights 1/16, 1/8, 1/4, 1/2 (sum 15/16).
	want := map[spec.Model]map[string]float64{
		spec.FirstTouch:    {"a": 1},
		spec.LastTouch:     {"c": 1},
		spec.Linear:        {"a": 0.5, "b": 0.25, "c": 0.25},
		spec.TimeDecay:     {"a": 5.0 / 15, "b": 2.0 / 15, "c": 8.0 / 15},
		spec.PositionBased: {"a": 0.5, "b": 0.1, "c": 0.4},
	}
	for m, w := range want {
		got, err := Attribution(l, spec.Attribution{Goal: spec.Step{Name: "goal"}, Touch: "src", Model: m})
		if err != nil {
			t.Fatal(err)
		}
		sum := 0.0
		for _, c := range got.Credits {
			sum += c.Credit
			if math.Abs(c.Credit-w[c.Touch]) > 1e-12 {
				t.Errorf("%v: %s gets %v, want %v", m, c.Touch, c.Credit, w[c.Touch])
			}
		}
		if math.Abs(sum-1) > 1e-12 {
			t.Errorf("%v: credits sum to %v", m, sum)
		}
	}
	// Two touches split 50/50 under position-based.
	l2 := plainLog(append(evs[2:4:4], evs[4]))
	got, err := Attribution(l2, spec.Attribution{Goal: spec.Step{Name: "goal"}, Touch: "src", Model: spec.PositionBased})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Credits) != 2 || got.Credits[0].Credit != 0.5 || got.Credits[1].Credit != 0.5 {
		t.Errorf("two touches: %+v, want 50/50", got.Credits)
	}
}

func TestAttributionNamesTheClosestPropertyWhenUnknown(t *testing.T) {
	l := plainLog(attributionExample())
	_, err := Attribution(l, spec.Attribution{Goal: spec.Step{Name: "goal"}, Touch: "srcc"})
	if err == nil || err.Error() != `touch: no property named "srcc"; did you mean src?` {
		t.Errorf("got %v", err)
	}
	if _, err := Attribution(l, spec.Attribution{Goal: spec.Step{Name: "gaol"}, Touch: "src"}); err == nil {
		t.Error("want an error for an unknown goal")
	}
}

func TestAttributionGivesTiktokTeensAlmostNoCreditInTheWorkshopSample(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 20,000 users")
	}
	for _, m := range []spec.Model{spec.FirstTouch, spec.LastTouch, spec.Linear, spec.TimeDecay, spec.PositionBased} {
		got, err := Attribution(workshop(), spec.Attribution{Goal: spec.Step{Name: "purchase"}, Touch: "utm_campaign", Model: m})
		if err != nil {
			t.Fatal(err)
		}
		sum, tiktok, others := 0.0, 0.0, 0
		for _, c := range got.Credits {
			sum += c.Credit
			switch {
			case c.Touch == "tiktok_teens":
				tiktok = c.Credit
			case !c.None && c.Credit > 10*max(tiktok, 1):
				others++
			}
		}
		if math.Abs(sum-float64(got.Converters)) > 1e-9 {
			t.Errorf("%v: credits sum to %v, want %d converters", m, sum, got.Converters)
		}
		if tiktok > 0.005*float64(got.Converters) || others < 2 {
			t.Errorf("%v: tiktok_teens gets %.2f of %d conversions (%d campaigns get 10x more): %+v",
				m, tiktok, got.Converters, others, got.Credits)
		}
	}
}

func BenchmarkAttribution(b *testing.B) {
	l := benchLog()
	key, _ := l.KeyID("utm_campaign")
	if _, err := l.Prop(key); err != nil { // decoded once, as after the first run
		b.Fatal(err)
	}
	for _, m := range []spec.Model{spec.LastTouch, spec.TimeDecay} {
		b.Run(m.String(), func(b *testing.B) {
			for b.Loop() {
				a := spec.Attribution{Goal: spec.Step{Name: "purchase"}, Touch: "utm_campaign", Model: m}
				if _, err := Attribution(l, a); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// The sample plants 41% of the ad clicks on tiktok_teens; counted in
// users rather than clicks, it is about a quarter of the users touched.
func TestAttributionShowsTiktokTeensManyUsersTouchedAndAlmostNoBuyers(t *testing.T) {
	if testing.Short() {
		t.Skip("generates 20,000 users")
	}
	got, err := Attribution(workshop(), spec.Attribution{Goal: spec.Step{Name: "purchase"}, Touch: "utm_campaign"})
	if err != nil {
		t.Fatal(err)
	}
	var tiktok Credit
	touched := 0
	for _, c := range got.Credits {
		touched += c.Users
		if c.Touch == "tiktok_teens" {
			tiktok = c
		}
	}
	share := float64(tiktok.Users) / float64(touched)
	t.Logf("tiktok_teens: %d of %d user touches (%.3f), %.4f convert", tiktok.Users, touched, share, tiktok.UserConversion())
	if share < 0.2 || tiktok.UserConversion() > 0.01 {
		t.Errorf("tiktok_teens touches %.3f of the touched users (want >= 0.2) and %.4f of them buy (want <= 0.01)",
			share, tiktok.UserConversion())
	}
}
