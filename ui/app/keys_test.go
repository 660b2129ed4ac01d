package app

import (
	"fmt"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	"github.com/funnelscope/funnelscope/ui/keys"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// reachable is every binding a key press can meet on view tab: the ones
// the app lists (globals and the view's own) and the ones the app handles
// without listing them.
func reachable(h *harness, tab int) []key.Binding {
	h.typ(fmt.Sprint(tab + 1))
	return append(h.m.allKeys(), keys.PrevTab)
}

// collisions names each key that two different bindings of bs answer.
func collisions(bs []key.Binding) []string {
	owner := map[string]key.Help{}
	var out []string
	for _, b := range bs {
		for _, k := range b.Keys() {
			if o, ok := owner[k]; ok && o != b.Help() {
				out = append(out, fmt.Sprintf("%q is both %q (%s) and %q (%s)", k, o.Desc, o.Key, b.Help().Desc, b.Help().Key))
			}
			owner[k] = b.Help()
		}
	}
	return out
}

func TestNoTwoBindingsOfOneViewShareAKey(t *testing.T) {
	h := newHarness(t, Options{Steps: uitest.Shop})
	for tab, v := range h.m.Views() {
		t.Run(v.Title(), func(t *testing.T) {
			for _, c := range collisions(reachable(h, tab)) {
				t.Error(c)
			}
		})
	}
}

func TestTheHelpListsEveryKeyOnce(t *testing.T) {
	h := newHarness(t, Options{Steps: uitest.Shop})
	for tab, v := range h.m.Views() {
		t.Run(v.Title(), func(t *testing.T) {
			h.typ(fmt.Sprint(tab + 1))
			seen := map[string]bool{}
			for _, col := range h.m.helpColumns() {
				for _, b := range col {
					if k := b.Help().Key; seen[k] {
						t.Errorf("the help lists %q twice", k)
					} else {
						seen[k] = true
					}
				}
			}
		})
	}
}

func TestCollisionsFindsTwoBindingsOnOneKey(t *testing.T) {
	tests := []struct {
		name string
		bs   []key.Binding
		want int
	}{
		{"distinct keys", []key.Binding{keys.Save, keys.Export}, 0},
		{"one binding listed twice", []key.Binding{keys.Up, keys.Up}, 0},
		{"two bindings on +", []key.Binding{keys.AddToFun, keys.Deeper}, 1},
		{"keys that differ only in case", []key.Binding{keys.Goal, keys.Where, keys.Direction, keys.Anchor}, 0},
		{"anchor and add step share a", []key.Binding{keys.Anchor, keys.AddStep}, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := collisions(tt.bs); len(got) != tt.want {
				t.Errorf("collisions %v, want %d", got, tt.want)
			}
		})
	}
}
