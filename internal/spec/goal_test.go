package spec

import "testing"

func TestDefaultGoalIsTheFunnelsLastStepElseTheFallbackWhenTheDataHasIt(t *testing.T) {
	has := func(names ...string) func(string) bool {
		return func(n string) bool {
			for _, x := range names {
				if x == n {
					return true
				}
			}
			return false
		}
	}
	cart := Step{Name: "add_to_cart", Conds: []Cond{{Key: "device", Value: "mobile"}}}
	cases := []struct {
		name   string
		steps  []Step
		events []string
		want   string
		ok     bool
	}{
		{"no funnel falls back to purchase", nil, []string{"purchase"}, "purchase", true},
		{"a one-step funnel has no goal yet", []Step{{Name: "page_view"}}, []string{"purchase"}, "purchase", true},
		{"a longer funnel's goal is its last step", []Step{{Name: "page_view"}, cart}, nil, cart.String(), true},
		{"no funnel and no purchase event: ask", nil, []string{"signup"}, "", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, ok := DefaultGoal(Funnel{Steps: c.steps}, has(c.events...))
			if ok != c.ok || ok && g.String() != c.want {
				t.Errorf("got %q %v, want %q %v", g.String(), ok, c.want, c.ok)
			}
		})
	}
}

func TestDefaultTouchPrefersUTMSource(t *testing.T) {
	cases := map[string][]string{
		"utm_source":   {"utm_campaign", "utm_source"},
		"utm_campaign": {"utm_campaign"},
		"":             {"device"},
	}
	for want, keys := range cases {
		has := func(k string) bool {
			for _, x := range keys {
				if x == k {
					return true
				}
			}
			return false
		}
		if got := DefaultTouch(has); got != want {
			t.Errorf("keys %v: %q, want %q", keys, got, want)
		}
	}
}
