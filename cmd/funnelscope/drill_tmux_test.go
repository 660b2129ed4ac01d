package main_test

import (
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/tmuxtest"
)

// enter on a funnel step shows its drop-outs' paths, across sessions,
// and esc comes back to the funnel, at the smallest size the explorer
// is drawn for and at a large one.
func TestEnterDrillsIntoADropOffAndEscComesBackInTmux(t *testing.T) {
	demoAtEachSize(t, func(t *testing.T, s *tmuxtest.Session) {
		s.WaitFor("first screen", "1 view_item", "4 purchase", "100.0%")
		s.Keys("j", "j", "Enter")
		scr := s.WaitFor("the drop-outs of step 3", "Dropped at step 3 of 4", "reached add_to_cart, not begin_checkout")
		if !strings.Contains(scr, "esc goes back") {
			t.Errorf("the drill does not say how to go back:\n%s", scr)
		}
		s.Keys("Escape")
		s.WaitFor("back on the funnel", "▸ 3 begin_checkout", "from start")
	})
}
