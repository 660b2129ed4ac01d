package app

import (
	"strings"
	"testing"
)

func TestDatesOutsideTheDataSayWhereTheDataIs(t *testing.T) {
	h := newHarness(t, Options{Steps: steps("view_item", "purchase")})
	h.typ("D2001-01-01 2001-02-01<enter>")
	want := "no events between 2001-01-01 and 2001-02-01: the data spans " + day(h.m.summary.First) + " → " + day(h.m.summary.Last)
	if h.m.status != want || h.m.funnel.From == 0 {
		t.Errorf("status %q (from %d), want %q and the range applied", h.m.status, h.m.funnel.From, want)
	}
	h.typ("D" + day(h.m.summary.First) + "<enter>")
	if strings.Contains(h.m.status, "no events") {
		t.Errorf("a range over the data: status %q", h.m.status)
	}
}
