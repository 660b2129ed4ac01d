package app

import (
	"fmt"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/ui/uitest"
	"github.com/funnelscope/funnelscope/ui/views/funnel"
	"github.com/funnelscope/funnelscope/ui/views/paths"
)

func (h *harness) tab() string { return h.m.Views()[h.m.Active()].Title() }

func TestEnterOnAStepDrillsIntoItsDropOutsAndEscComesBack(t *testing.T) {
	h := newHarness(t, Options{Steps: uitest.Shop})
	pathsCmd := h.m.Views()[h.m.viewIndex(paths.Name)].Command()
	h.typ("jj<enter>")
	if h.tab() != paths.Name {
		t.Fatalf("enter on step 3 shows %s, want Paths", h.tab())
	}
	v := h.m.View()
	for _, want := range []string{"Dropped at step 3 of 4", "who dropped at step 3", "esc goes back"} {
		if !strings.Contains(v, want) {
			t.Errorf("the drill's screen lacks %q:\n%s", want, v)
		}
	}
	h.typ("<esc>")
	if h.tab() != funnel.Name || h.m.Views()[0].(*funnel.Model).Cursor() != 2 {
		t.Fatalf("esc shows %s, want the Funnel on step 3", h.tab())
	}
	if got := h.m.Views()[h.m.viewIndex(paths.Name)].Command(); got != pathsCmd {
		t.Errorf("after esc the paths view shows %q, want what it showed before the drill, %q", got, pathsCmd)
	}
}

func TestASegmentDrillShowsInTheHeaderAndEscOrRClearIt(t *testing.T) {
	h := newHarness(t, Options{Steps: uitest.Shop})
	h.typ("2<enter>")
	if h.tab() != funnel.Name || !strings.Contains(h.m.View(), "segment device=") {
		t.Fatalf("enter on a segment shows %s:\n%s", h.tab(), h.m.View())
	}
	h.typ("<esc>")
	if h.tab() != "Breakdown" || !h.m.funnel.Segment.IsZero() || strings.Contains(h.m.View(), "segment device=") {
		t.Fatalf("esc shows %s with segment %+v", h.tab(), h.m.funnel.Segment)
	}
	h.typ("<enter>R")
	if !h.m.funnel.Segment.IsZero() || strings.Contains(h.m.View(), "segment device=") {
		t.Errorf("R left the segment %+v", h.m.funnel.Segment)
	}
}

func TestEscWithoutADrillOrWithAPickerOpenDoesNotGoBack(t *testing.T) {
	h := newHarness(t, Options{Steps: uitest.Shop})
	h.typ("<esc>")
	if h.tab() != funnel.Name || h.quit {
		t.Fatalf("esc with nothing to go back to: tab %s, quit %v", h.tab(), h.quit)
	}
	h.typ("jj<enter>1a<esc>")
	if h.tab() != funnel.Name || !h.m.canGoBack() {
		t.Errorf("esc closing the picker went back too: tab %s, back stack %d", h.tab(), len(h.m.back.entries))
	}
}

func TestEscClearsAListsFilterBeforeItGoesBack(t *testing.T) {
	for tab := 1; tab < 7; tab++ {
		h := newHarness(t, Options{Steps: uitest.Shop})
		h.typ("jj<enter>") // a drill: the back stack holds the funnel
		h.typ(fmt.Sprint(tab + 1))
		v := h.m.Views()[tab]
		t.Run(v.Title(), func(t *testing.T) {
			h.typ("/a<enter>")
			if !filtered(v) {
				t.Fatalf("/a<enter> left no filter on %s", v.Title())
			}
			h.typ("<esc>")
			if filtered(v) || h.tab() != v.Title() {
				t.Fatalf("the first esc shows %s, filtered %v: want %s with its filter cleared", h.tab(), filtered(v), v.Title())
			}
			h.typ("<esc>")
			if h.tab() != funnel.Name {
				t.Errorf("the second esc shows %s, want the funnel the drill started from", h.tab())
			}
		})
	}
}

func TestAStepClickedInABreakdownDrillsIntoTheSegmentsDropOutsAndEscUndoesIt(t *testing.T) {
	h := newHarness(t, Options{Steps: uitest.Shop})
	h.typ("2")
	y := uitest.LineOf(h.m.View(), "3  begin_checkout", 0)
	if y < 0 {
		t.Fatalf("no step table on the breakdown:\n%s", h.m.View())
	}
	h.clickAt(3, y)
	h.typ("<enter>")
	v := h.m.View()
	if h.tab() != paths.Name || !strings.Contains(v, "Dropped at step 3 of 4") || !strings.Contains(v, "segment device=") {
		t.Fatalf("enter on a clicked step shows %s:\n%s", h.tab(), v)
	}
	h.typ("<esc>")
	if h.tab() != "Breakdown" || !h.m.funnel.Segment.IsZero() {
		t.Errorf("esc shows %s with segment %+v, want the breakdown without one", h.tab(), h.m.funnel.Segment)
	}
}
