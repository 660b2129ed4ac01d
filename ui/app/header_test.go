package app

import (
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/views/funnel"
)

func TestUnderFiltersTheHeaderCountsTheFunnelsUnitsAtStepOne(t *testing.T) {
	h := newHarness(t, Options{Steps: steps("view_item", "purchase")})
	head := func() string { return strings.Split(h.m.View(), "\n")[0] }
	if strings.Contains(head(), "at step 1") {
		t.Errorf("without filters the header's totals are the funnel's base: %q", head())
	}
	h.typ("gdevice<enter>mobile<enter>")
	res := h.m.views[0].(*funnel.Model).Result()
	want := "where device=mobile: " + common.Count(res.Steps[0].Count) + " users at step 1"
	if res.Steps[0].Count >= h.m.summary.Users || !strings.Contains(head(), want) {
		t.Errorf("header %q, want %q (of %d users in all)", head(), want, h.m.summary.Users)
	}
	// A new funnel drops the count until its own result comes.
	h.update(common.FunnelMsg{Funnel: spec.Funnel{Steps: steps("view_item", "add_to_cart"), Where: h.m.funnel.Where}})
	if strings.Contains(head(), "at step 1") {
		t.Errorf("the header keeps the old funnel's count: %q", head())
	}
}
