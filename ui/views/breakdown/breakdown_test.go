package breakdown

import (
	"fmt"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

var shop = uitest.Shop

var open = uitest.Opener(New)

func segment(t *testing.T, m *Model, value string) float64 {
	t.Helper()
	for _, s := range m.Segments() {
		if s.Value == value {
			return conversion(s)
		}
	}
	t.Fatalf("no segment %q in %v", value, values(m))
	return 0
}

func values(m *Model) []string {
	var out []string
	for _, s := range m.Segments() {
		out = append(out, s.Value)
	}
	return out
}

func TestMobileConvertsLessAndIsMarkedSignificant(t *testing.T) {
	m, _ := open(t, shop, 100, 30)
	if m.Property() != "device" {
		t.Fatalf("default property %q, want device", m.Property())
	}
	mobile, desktop := segment(t, m, "mobile"), segment(t, m, "desktop")
	if mobile >= desktop {
		t.Errorf("mobile converts %.3f, desktop %.3f: the sample plants mobile's drop at checkout", mobile, desktop)
	}
	segs := m.Segments()
	if last := segs[len(segs)-1]; last.Value != "mobile" || !last.Significant {
		t.Errorf("sorted by conversion, the last segment is %q (significant %v), want a significant mobile", last.Value, last.Significant)
	}
	v := m.View()
	for _, want := range []string{"Breakdown by device", "mobile", "desktop", "▼ * p=", "n="} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
}

func TestHintsBeforeThereIsAnythingToBreakDown(t *testing.T) {
	cases := []struct {
		name  string
		steps []spec.Step
		want  string
	}{
		{"no steps asks for a funnel", nil, "Build a funnel of at least two steps"},
		{"one step asks for a funnel", shop[:1], "Build a funnel of at least two steps"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m, _ := open(t, c.steps, 80, 24)
			if m.result() != nil || !strings.Contains(flat(m.View()), c.want) {
				t.Errorf("view:\n%s\nwant a hint %q and no result", m.View(), c.want)
			}
		})
	}
}

func TestPickingAnotherPropertyRecomputes(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	uitest.TypeCaptured(t, update, m, "p", "open the property picker")
	uitest.Type(update, "variant<enter>")
	if m.Capturing() || m.Property() != "variant" {
		t.Fatalf("after picking: capturing %v, property %q", m.Capturing(), m.Property())
	}
	if got := values(m); len(got) != 2 || m.result().f.By != "variant" {
		t.Errorf("segments by variant: %v (spec by %q), want A and B", got, m.result().f.By)
	}
	if !strings.Contains(m.Command(), "--by variant") {
		t.Errorf("command %q lacks --by variant", m.Command())
	}
}

func TestEscapeKeepsTheProperty(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	gen := m.job.Gen()
	uitest.Type(update, "pcountry<esc>")
	if m.Capturing() || m.Property() != "device" || m.job.Gen() != gen {
		t.Errorf("esc: capturing %v, property %q, recomputed %v", m.Capturing(), m.Property(), m.job.Gen() != gen)
	}
}

func TestSortTogglesBetweenConversionAndSize(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	sorted := func(by func(i int) float64) bool {
		for i := 1; i < len(m.order); i++ {
			if by(i) > by(i-1) {
				return false
			}
		}
		return true
	}
	conv := func(i int) float64 { return conversion(m.Segments()[i]) }
	sz := func(i int) float64 { return float64(size(m.Segments()[i])) }
	before := values(m)
	if !sorted(conv) {
		t.Fatalf("default order %v is not by conversion", before)
	}
	uitest.Type(update, "S")
	if !sorted(sz) {
		t.Errorf("after S the order %v is not by size", values(m))
	}
	if strings.Join(values(m), ",") == strings.Join(before, ",") {
		t.Errorf("S kept the order %v: the sample's sizes and conversions rank differently", before)
	}
	uitest.Type(update, "S")
	if !sorted(conv) {
		t.Errorf("S twice: order %v is not by conversion", values(m))
	}
}

func TestTheCursorFollowsItsSegment(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	uitest.Type(update, "<down>")
	want := m.selected().Value
	uitest.Type(update, "S")
	if got := m.selected().Value; got != want {
		t.Errorf("after sorting the cursor is on %q, want %q", got, want)
	}
	if !strings.Contains(m.View(), "device = "+want+", step by step") {
		t.Errorf("view lacks the steps of %q:\n%s", want, m.View())
	}
	uitest.Type(update, "<up><up><up><up><up>")
	if m.list.Selected() != 0 {
		t.Errorf("cursor %d after going up past the top", m.list.Selected())
	}
}

func TestAnAnswerToAnOlderPropertyDoesNotReplaceTheShownSegments(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	shown, old := m.result(), m.job.Gen()
	// Pick another property without running the compute command: its
	// answer is still on its way when the old one arrives.
	for _, k := range uitest.Keys("pvariant<enter>") {
		m.Update(k)
	}
	late := &result{f: spec.Funnel{By: "late"}, all: shown.all}
	uitest.Run(update, common.ResultMsg{View: Name, Gen: old, Value: late})
	uitest.Run(update, common.ResultMsg{View: "Funnel", Gen: m.job.Gen(), Value: late})
	if r, _ := m.job.Value(); r != shown || !m.job.Busy() {
		t.Errorf("an old or foreign answer replaced the result: by %q", r.f.By)
	}
}

func TestANewPropertyShowsItsTitleWithTheSpinnerAndNoOldRows(t *testing.T) {
	m, _ := open(t, shop, 100, 30)
	// Pick without running the compute command: the answer is on its way.
	for _, k := range uitest.Keys("pvariant<enter>") {
		m.Update(k)
	}
	v := m.View()
	if !strings.Contains(v, "Breakdown by variant") || !strings.Contains(v, "computing") {
		t.Errorf("while computing, the view should show the new title and the spinner:\n%s", v)
	}
	for _, stale := range []string{"mobile", "desktop", "device"} {
		if strings.Contains(v, stale) {
			t.Errorf("while variant computes the view still shows %q:\n%s", stale, v)
		}
	}
	if len(values(m)) != 0 || m.list.Len() != 0 {
		t.Errorf("the old segments %v (%d rows) outlive the pick", values(m), m.list.Len())
	}
}

func TestEverySegmentIsReachableByScrollingWhenTheyDoNotFit(t *testing.T) {
	m, update := open(t, shop, 100, 10)
	uitest.Type(update, "pcountry<enter>")
	segs := values(m)
	if len(segs) <= 10-chrome {
		t.Fatalf("setup: %d countries fit in 10 lines", len(segs))
	}
	if v := m.View(); !strings.Contains(v, fmt.Sprintf("rows 1–%d of %d", len(m.list.Window()), len(segs))) {
		t.Errorf("the footer should say which segments show:\n%s", v)
	}
	last := segs[len(segs)-1]
	uitest.Type(update, strings.Repeat("<down>", len(segs)))
	if v := m.View(); !strings.Contains(v, "▸ "+last) {
		t.Errorf("down should scroll to the last segment %s:\n%s", last, v)
	}
	uitest.CheckFits(t, m.View(), 100, 10, "at the last segment")
}

func TestSlashFiltersTheSegmentsAndEscBringsThemBack(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	uitest.TypeCaptured(t, update, m, "/mob", "start a filter that takes every key")
	uitest.Type(update, "<enter>")
	v := m.View()
	if m.Capturing() || m.selected().Value != "mobile" || strings.Contains(v, "desktop") {
		t.Fatalf("filter mob should leave mobile alone:\n%s", v)
	}
	if !strings.Contains(v, "device = mobile, step by step") {
		t.Errorf("the filtered segment's steps should show:\n%s", v)
	}
	uitest.Type(update, "<esc>")
	if v := m.View(); !strings.Contains(v, "desktop") || m.list.Len() != len(values(m)) {
		t.Errorf("esc should bring back every segment:\n%s", v)
	}
}

func TestAFunnelChangeRecomputesOnActivate(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	uitest.Run(update, common.FunnelMsg{Funnel: spec.Funnel{Steps: shop[:2], Window: spec.DefaultWindow}})
	if len(m.result().all.Steps) != 4 {
		t.Fatal("the view recomputed before it was activated")
	}
	uitest.Run(update, uitest.Activate{})
	if len(m.result().all.Steps) != 2 {
		t.Errorf("after Activate the result has %d steps, want 2", len(m.result().all.Steps))
	}
}

func TestExportListsEverySegment(t *testing.T) {
	m, _ := open(t, shop, 100, 30)
	csv, err := m.Export("csv")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"segment,step", "all,view_item", "mobile,view_item", "desktop,view_item", "* p="} {
		if !strings.Contains(csv, want) {
			t.Errorf("csv lacks %q:\n%s", want, csv)
		}
	}
}

func TestTheViewFitsItsBox(t *testing.T) {
	sizes := []struct{ w, h int }{{80, 24}, {80, 20}, {60, 12}, {120, 40}, {200, 60}}
	for _, sz := range sizes {
		for _, keys := range []string{"", "p", "<down><down>"} {
			m, update := open(t, shop, sz.w, sz.h)
			uitest.Type(update, keys)
			uitest.CheckFits(t, m.View(), sz.w, sz.h, fmt.Sprintf("after %q", keys))
		}
	}
}

// flat joins the words of a view, so that wrapped text still matches.
func flat(v string) string { return strings.Join(strings.Fields(v), " ") }

func TestABreakdownByAPropertyStepOneNeverCarriesSaysSo(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	uitest.TypeCaptured(t, update, m, "p", "open the property picker")
	uitest.Type(update, "order_id<enter>")
	if got := values(m); len(got) != 1 || got[0] != "" {
		t.Fatalf("segments by order_id on view_item: %q, want only (none)", got)
	}
	v := m.View()
	if !strings.Contains(v, "No view_item event carries order_id") {
		t.Errorf("a lone (none) segment is not explained:\n%s", v)
	}
	uitest.TypeCaptured(t, update, m, "p", "open the property picker")
	uitest.Type(update, "device<enter>")
	if v := m.View(); strings.Contains(v, "carries") {
		t.Errorf("a breakdown with values still explains (none):\n%s", v)
	}
}
