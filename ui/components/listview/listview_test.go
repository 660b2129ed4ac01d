package listview

import (
	"context"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/components/job"
	"github.com/funnelscope/funnelscope/ui/components/list"
	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestUpdateKeepsTheFunnelAndHandsKeysOn(t *testing.T) {
	j := job.New[int](uitest.Theme(), "test")
	var f spec.Funnel
	var keys []tea.KeyMsg
	onKey := func(k tea.KeyMsg) tea.Cmd { keys = append(keys, k); return nil }
	refresh := func() { t.Error("refresh called without an answer") }
	Update(common.FunnelMsg{Funnel: spec.Funnel{Steps: uitest.Shop}}, &j, &f, refresh, onKey)
	if len(f.Steps) != len(uitest.Shop) || len(keys) != 0 {
		t.Errorf("after a FunnelMsg: %d steps, %d keys; want %d steps, no key", len(f.Steps), len(keys), len(uitest.Shop))
	}
	Update(uitest.Keys("x")[0], &j, &f, refresh, onKey)
	Update(tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown}, &j, &f, refresh, onKey)
	Update(tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonLeft}, &j, &f, refresh, onKey)
	if len(keys) != 2 || keys[0].String() != "x" || keys[1].String() != "down" {
		t.Errorf("keys handed on %v, want [x down]: the wheel as an arrow, the click not at all", keys)
	}
}

func TestKeyGoesToTheOpenDialogThenTheListThenTheView(t *testing.T) {
	d, l := dialog.New(uitest.Theme()), list.New(uitest.Theme())
	l.SetRows([]string{"a", "b", "c"})
	l.Fit(5)
	fits := 0
	route := func(s string) bool {
		_, handled := Key(uitest.Keys(s)[0], &d, &l, func() { fits++ })
		return handled
	}
	if !route("<down>") || l.Selected() != 1 || fits != 1 {
		t.Errorf("down: selected %d, fits %d; the list should take it and be fitted", l.Selected(), fits)
	}
	if route("x") {
		t.Error("x was taken, want it left to the view")
	}
	d.Pick("?", []picker.Item{{Label: "one"}}, func(string) tea.Cmd { return nil })
	if !route("<down>") || l.Selected() != 1 || fits != 1 {
		t.Errorf("with a dialog open the list moved (selected %d, fits %d)", l.Selected(), fits)
	}
}

func TestComputeRunsWithASpecAndStopsAndRefreshesWithout(t *testing.T) {
	j := job.New[int](uitest.Theme(), "test")
	refreshed := 0
	refresh := func() { refreshed++ }
	seven := func(context.Context) (int, error) { return 7, nil }
	uitest.Exec(func(msg tea.Msg) tea.Cmd { return Update(msg, &j, new(spec.Funnel), refresh, nil) },
		Compute(&j, true, "a", refresh, seven))
	if v, ok := j.Value(); !ok || v != 7 || refreshed != 1 {
		t.Fatalf("with a spec: value %d (%v), %d refreshes; want 7 and one refresh on the answer", v, ok, refreshed)
	}
	if cmd := Compute(&j, false, "a", refresh, seven); cmd != nil {
		t.Error("without a spec Compute started work")
	}
	if _, ok := j.Value(); ok || refreshed != 2 {
		t.Errorf("without a spec: value kept %v, %d refreshes; want it cleared and redrawn", ok, refreshed)
	}
}
