package goal

import (
	"testing"

	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestDefault(t *testing.T) {
	l := uitest.Log(t)
	cart := spec.Step{Name: "add_to_cart", Conds: []spec.Cond{{Key: "device", Value: "mobile"}}}
	cases := []struct {
		name  string
		steps []spec.Step
		want  string
	}{
		{"no funnel falls back to purchase", nil, "purchase"},
		{"a one-step funnel has no goal yet", []spec.Step{{Name: "page_view"}}, "purchase"},
		{"a longer funnel's goal is its last step", []spec.Step{{Name: "page_view"}, cart}, cart.String()},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			g, ok := Default(l, spec.Funnel{Steps: c.steps})
			if !ok || g.String() != c.want {
				t.Errorf("got %q %v, want %q", g.String(), ok, c.want)
			}
		})
	}
	if got := Touch(l); got != "utm_source" {
		t.Errorf("Touch = %q, want utm_source", got)
	}
}
