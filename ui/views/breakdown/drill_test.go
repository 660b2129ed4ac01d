package breakdown

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// typed types keys into the view and returns the drills and statuses its
// commands produce.
func typed(update func(tea.Msg) tea.Cmd, keys string) (drills []common.DrillMsg, status []string) {
	uitest.Type(func(msg tea.Msg) tea.Cmd {
		switch msg := msg.(type) {
		case common.DrillMsg:
			drills = append(drills, msg)
			return nil
		case common.StatusMsg:
			status = append(status, msg.Text)
			return nil
		}
		return update(msg)
	}, keys)
	return drills, status
}

func TestEnterOnASegmentFiltersTheFunnelToIt(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	want := m.Segments()[1].Value
	drills, _ := typed(update, "<down><enter>")
	if len(drills) != 1 || drills[0].To != "Funnel" || drills[0].Segment == nil ||
		*drills[0].Segment != (spec.Segment{Key: "device", Value: want}) {
		t.Fatalf("enter on %q asked for %+v", want, drills)
	}
	if !strings.Contains(drills[0].Status, "R clears the segment") {
		t.Errorf("status %q does not say how to clear it", drills[0].Status)
	}
}

func TestEnterOnOtherSaysItIsSeveralValues(t *testing.T) {
	m, update := open(t, shop, 100, 30)
	uitest.Run(update, common.FunnelMsg{Funnel: spec.Funnel{Steps: shop, Window: spec.DefaultWindow, Top: 1}})
	uitest.Run(update, uitest.Activate{})
	segs := m.Segments()
	if segs[len(segs)-1].Value != analysis.OtherSegment {
		t.Fatalf("segments %v: want (other) last with --top 1", values(m))
	}
	drills, status := typed(update, "<end><enter>")
	if len(drills) != 0 || len(status) != 1 || !strings.Contains(status[0], "(other) gathers several values") {
		t.Errorf("enter on (other): drills %+v, status %q", drills, status)
	}
}
