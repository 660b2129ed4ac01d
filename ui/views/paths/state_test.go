package paths

import (
	"maps"
	"testing"

	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestThePathsOptionsComeBackAsTheyWereKept(t *testing.T) {
	for _, st := range []map[string]string{
		{},
		{"anchor": "add_to_cart", "goal": "purchase[value!=0]", "direction": "backward"},
		{"after-step": "2"},
	} {
		m := New(uitest.Context(t))
		if err := m.Restore(st); err != nil {
			t.Errorf("Restore(%v): %v", st, err)
			continue
		}
		if got := m.State(); !maps.Equal(got, st) {
			t.Errorf("Restore(%v) then State() = %v", st, got)
		}
	}
}

func TestPathsOptionsThatCannotApplyChangeNothing(t *testing.T) {
	for _, st := range []map[string]string{
		{"anchor": "no_such_event"},
		{"anchor": "add_to_cart", "goal": "no_such_event"},
		{"anchor": "add_to_cart", "direction": "sideways"},
		{"after-step": "two"},
	} {
		m := New(uitest.Context(t))
		if err := m.Restore(st); err == nil {
			t.Errorf("Restore(%v) was accepted", st)
		}
		if got := m.State(); len(got) != 0 {
			t.Errorf("Restore(%v) refused but left %v", st, got)
		}
	}
}
