package app

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// timings are the only parts of a screen that differ between runs (times
// to convert are rounded to seconds, so milliseconds are always timings).
var timings = regexp.MustCompile(`<1ms|\b\d+(\.\d+)?(ns|µs|ms)\b`)

// scrub replaces timings and the padding that follows their width.
func scrub(s string) string {
	lines := strings.Split(timings.ReplaceAllString(s, "0ms"), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// TestEveryViewAtBothSizes keeps a golden screen of each view on the test
// sample at 80x24 and 120x40 (go test ./ui/app -update rewrites them;
// review the diff as you would a screenshot). The views come from the
// app's own list, so a new view gets its goldens with -update.
func TestEveryViewAtBothSizes(t *testing.T) {
	var tabNames []string
	for _, v := range newHarness(t, Options{Steps: uitest.Shop}).m.Views() {
		tabNames = append(tabNames, strings.ToLower(v.Title()))
	}
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		for tab, name := range tabNames {
			t.Run(fmt.Sprintf("%s_%dx%d", name, size[0], size[1]), func(t *testing.T) {
				h := newHarness(t, Options{Steps: uitest.Shop})
				h.update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
				h.typ(fmt.Sprint(tab + 1))
				golden.RequireEqual(t, []byte(scrub(h.m.View())))
			})
		}
	}
}

// TestTheProgramRunsInTeatest runs the real Bubble Tea loop (asynchronous
// commands, the renderer): builds a funnel by keys, breaks it down, quits.
func TestTheProgramRunsInTeatest(t *testing.T) {
	h := newHarness(t, Options{})
	tm := teatest.NewTestModel(t, New(h.m.opts), teatest.WithInitialTermSize(120, 40))
	waitFor := func(what string) {
		teatest.WaitFor(t, tm.Output(), func(b []byte) bool { return strings.Contains(string(b), what) },
			teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	}
	waitFor("No steps yet")
	for _, step := range []string{"view_item", "add_to_cart", "purchase"} {
		tm.Type("a")
		waitFor("Add a step")
		tm.Type(step)
		tm.Send(tea.KeyMsg{Type: tea.KeyEnter})
	}
	waitFor("biggest")
	tm.Type("2")
	waitFor("mobile")
	tm.Type("q")
	fm := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*Model)
	if fm.Active() != 1 {
		t.Errorf("final view %d, want breakdown", fm.Active())
	}
	var names []string
	for _, s := range fm.funnel.Steps {
		names = append(names, s.Name)
	}
	if got := strings.Join(names, ","); got != "view_item,add_to_cart,purchase" {
		t.Errorf("funnel %s", got)
	}
}
