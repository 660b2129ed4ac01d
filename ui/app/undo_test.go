package app

import "testing"

func TestTheStatusLineSaysWhatUUndid(t *testing.T) {
	h := newHarness(t, Options{Steps: steps("view_item", "add_to_cart", "purchase")})
	h.typ("d")
	if len(h.m.funnel.Steps) != 2 {
		t.Fatalf("d left %d steps", len(h.m.funnel.Steps))
	}
	h.typ("u")
	if h.m.status != "undid: remove step view_item" || len(h.m.funnel.Steps) != 3 {
		t.Errorf("status %q, %d steps", h.m.status, len(h.m.funnel.Steps))
	}
	h.typ("u")
	if h.m.status != "nothing to undo" {
		t.Errorf("status %q", h.m.status)
	}
}
