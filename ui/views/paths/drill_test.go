package paths

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// drill hands msg to the view as the app does: to Update, then Activate.
func drill(update func(tea.Msg) tea.Cmd, msg common.DrillMsg) {
	uitest.Run(update, msg)
	uitest.Run(update, uitest.Activate{})
}

func TestADropOutDrillShowsTheUsersOfTheFunnelsDroppedColumn(t *testing.T) {
	m, update := newView(t, 100, 30)
	withFunnel(t, update)
	drill(update, common.DrillMsg{To: Name, AfterStep: 1})
	res := m.result()
	f, err := m.ctx.Engine.Funnel(context.Background(), m.funnel)
	if err != nil {
		t.Fatal(err)
	}
	if res.AfterStep != 1 || res.Users != f.Steps[1].Dropped {
		t.Fatalf("after the drill: after step %d, %d users; the funnel drops %d at step 2", res.AfterStep, res.Users, f.Steps[1].Dropped)
	}
	if v := m.View(); !strings.Contains(v, "Dropped at step 2 of 3") || !strings.Contains(m.Command(), "--after-step 1") {
		t.Errorf("command %q, view:\n%s", m.Command(), v)
	}
}

func TestADrillForAnotherViewChangesNothing(t *testing.T) {
	m, update := newView(t, 100, 30)
	withFunnel(t, update)
	before := m.DrillState()
	seg := spec.Segment{Key: "device", Value: "mobile"}
	drill(update, common.DrillMsg{To: "Funnel", Segment: &seg, AfterStep: 1})
	if m.DrillState() != before {
		t.Errorf("state %+v, want %+v", m.DrillState(), before)
	}
}

func TestADriverDrillAnchorsOnItsEventAndSplitsByTheGoal(t *testing.T) {
	m, update := newView(t, 100, 30)
	anchor, goal := spec.Step{Name: "video_play"}, spec.Step{Name: "purchase"}
	drill(update, common.DrillMsg{To: Name, Anchor: &anchor, Goal: &goal})
	if r := m.result(); r.Anchor != "video_play" || r.Goal != "purchase" || !m.split || r.Converters == nil {
		t.Fatalf("anchor %q, goal %q, split %v", r.Anchor, r.Goal, m.split)
	}
}

func TestEnterOnANodeReanchorsThereAndRestoreGoesBack(t *testing.T) {
	m, update := newView(t, 100, 30)
	withFunnel(t, update)
	before := m.DrillState()
	var drills []common.DrillMsg
	capture := func(msg tea.Msg) tea.Cmd {
		if dm, ok := msg.(common.DrillMsg); ok {
			drills = append(drills, dm)
		}
		return update(msg)
	}
	uitest.Type(capture, "<down>")
	node := m.tree.rows[m.tree.cursor()].name
	if node == analysis.EndNode {
		uitest.Type(capture, "<down>")
		node = m.tree.rows[m.tree.cursor()].name
	}
	uitest.Type(capture, "<enter>")
	uitest.Run(update, uitest.Activate{})
	if len(drills) != 1 || m.result().Anchor != node {
		t.Fatalf("enter on %q: drills %+v, anchor now %q", node, drills, m.result().Anchor)
	}
	uitest.Exec(update, m.RestoreDrill(before))
	uitest.Run(update, uitest.Activate{})
	if m.result().Anchor != "view_item" {
		t.Errorf("after going back the anchor is %q, want view_item", m.result().Anchor)
	}
}

func TestEnterOnTheEndNodeSaysItIsNoEvent(t *testing.T) {
	m, update := newView(t, 100, 30)
	withFunnel(t, update)
	openAll(m, update)
	end := -1
	for i, r := range m.tree.rows {
		if r.name == analysis.EndNode {
			end = i
			break
		}
	}
	if end < 0 {
		t.Skip("no (end) node in the sample's tree")
	}
	m.tree.list.Select(end)
	var status []string
	uitest.Type(func(msg tea.Msg) tea.Cmd {
		switch msg := msg.(type) {
		case common.StatusMsg:
			status = append(status, msg.Text)
			return nil
		case common.DrillMsg:
			t.Errorf("enter on (end) drilled: %+v", msg)
			return nil
		}
		return update(msg)
	}, "<enter>")
	if len(status) != 1 || !strings.Contains(status[0], "is not an event") {
		t.Errorf("status %q", status)
	}
}
