package funnel

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// drillsOf types keys into d's view and returns the drills asked for.
func drillsOf(d *driver, keys string) []common.DrillMsg {
	var out []common.DrillMsg
	update := func(msg tea.Msg) tea.Cmd {
		if dm, ok := msg.(common.DrillMsg); ok {
			out = append(out, dm)
			return nil
		}
		return d.update(msg)
	}
	uitest.Type(update, keys)
	return out
}

func TestEnterOnAStepShowsThePathsOfThoseWhoDroppedThere(t *testing.T) {
	d := newDriver(t, "view_item", "add_to_cart", "purchase")
	got := drillsOf(d, "jj<enter>")
	if len(got) != 1 || got[0].To != "Paths" || got[0].AfterStep != 2 {
		t.Fatalf("enter on step 3 asked for %+v; want the Paths of the drop-outs after step 2", got)
	}
	dropped := common.Count(d.m.Current().Steps[2].Dropped)
	if !strings.Contains(got[0].Status, "paths of the "+dropped+" who dropped at step 3") {
		t.Errorf("status %q does not say whose paths they are (%s dropped)", got[0].Status, dropped)
	}
}

func TestEnterOnTheFirstStepSaysItHasNoDropOuts(t *testing.T) {
	d := newDriver(t, "view_item", "purchase")
	if got := drillsOf(d, "<enter>"); len(got) != 0 {
		t.Fatalf("enter on step 1 drilled: %+v", got)
	}
	if len(d.statuses) == 0 || !strings.Contains(d.statuses[len(d.statuses)-1], "step 1 has no drop-outs") {
		t.Errorf("statuses %q", d.statuses)
	}
}

func TestASegmentDrillFiltersTheFunnelAndGoingBackDropsIt(t *testing.T) {
	d := newDriver(t, "view_item", "purchase")
	before := d.m.DrillState()
	seg := spec.Segment{Key: "device", Value: "mobile"}
	uitest.Run(d.update, common.DrillMsg{To: Name, Segment: &seg})
	last := d.announced[len(d.announced)-1]
	if last.Segment != seg || d.m.Funnel().Segment != seg {
		t.Fatalf("after the drill the funnel's segment is %+v (announced %+v)", d.m.Funnel().Segment, last.Segment)
	}
	mobile := d.m.Current().Steps[0].Count
	uitest.Exec(d.update, d.m.RestoreDrill(before))
	if !d.m.Funnel().Segment.IsZero() || d.announced[len(d.announced)-1].Segment != (spec.Segment{}) {
		t.Fatalf("going back left the segment %+v", d.m.Funnel().Segment)
	}
	if all := d.m.Current().Steps[0].Count; all <= mobile {
		t.Errorf("step 1: %d users for everyone, %d for mobile alone", all, mobile)
	}
}

func TestASegmentMsgClearsTheSegment(t *testing.T) {
	d := newDriver(t, "view_item", "purchase")
	uitest.Run(d.update, common.SegmentMsg{Segment: spec.Segment{Key: "device", Value: "desktop"}})
	uitest.Run(d.update, common.SegmentMsg{})
	if !d.m.Funnel().Segment.IsZero() {
		t.Errorf("segment %+v after a zero SegmentMsg", d.m.Funnel().Segment)
	}
}
