package app

import (
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/views/funnel"
)

// funnelSteps is the funnel view's funnel, as names.
func funnelSteps(h *harness) string {
	return strings.Join(stepNames(h.m.views[0].(*funnel.Model).Funnel().Steps), " ")
}

func TestTheExplorerStartsOnTheSuggestedFunnelLabelledAsSuch(t *testing.T) {
	h := newHarness(t, Options{Suggest: true})
	got := funnelSteps(h)
	if !strings.HasSuffix(got, "purchase") || !strings.Contains(got, "add_to_cart") {
		t.Errorf("started on %q, want the sample's checkout ending at purchase", got)
	}
	v := h.m.View()
	if !strings.Contains(v, suggestedNote) || !strings.Contains(v, "add_to_cart") {
		t.Errorf("the first screen neither shows nor labels the suggestion:\n%s", v)
	}
	h.typ("j")
	if strings.Contains(h.m.View(), suggestedNote) {
		t.Error("the label outlives the first key")
	}
}

func TestGivenStepsOrNoAskingStartWithoutASuggestion(t *testing.T) {
	for name, o := range map[string]Options{
		"steps given": {Suggest: true, Steps: steps("view_item", "purchase")},
		"not asked":   {},
	} {
		h := newHarness(t, o)
		if got, want := funnelSteps(h), strings.Join(stepNames(o.Steps), " "); got != want {
			t.Errorf("%s: started on %q, want %q", name, got, want)
		}
		if strings.Contains(h.m.View(), suggestedNote) {
			t.Errorf("%s: a funnel nobody suggested is labelled a suggestion", name)
		}
	}
}

func stepNames(s []spec.Step) []string {
	var out []string
	for _, x := range s {
		out = append(out, x.Name)
	}
	return out
}
