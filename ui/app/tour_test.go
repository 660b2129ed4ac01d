package app

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// sceneWants is what each scene of the tour must put on screen: the
// insight itself, not only the view it sits in.
var sceneWants = [][]string{
	{"1 Funnel", "◀ biggest", "begin_checkout", "purchase"},
	{"converted in their first session", "later:", "median"},
	{"Breakdown by device", "mobile", "desktop"},
	{"Breakdown by variant", "A", "B"},
	{"Drivers of purchase", "video_play", "newsletter_signup"},
	{"Conversion per day", "incomplete", "band"},
	{"utm_campaign", "tiktok_teens", "users", "convert"},
}

func TestEverySceneOfTheTourShowsItsInsight(t *testing.T) {
	if len(sceneWants) != len(scenes) {
		t.Fatalf("%d scenes, %d with their insight listed here", len(scenes), len(sceneWants))
	}
	for _, size := range [][2]int{{80, 24}, {160, 50}} {
		h := newHarness(t, Options{Steps: uitest.Shop})
		h.update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		if v := h.m.View(); !strings.Contains(v, tourHint) {
			t.Fatalf("%dx%d: the first screen does not invite to the tour:\n%s", size[0], size[1], v)
		}
		for i, wants := range sceneWants {
			t.Run(fmt.Sprintf("scene %d at %dx%d", i+1, size[0], size[1]), func(t *testing.T) {
				h.typ("]")
				v := h.m.View()
				for _, w := range append(wants, fmt.Sprintf("tour %d/%d", i+1, len(scenes))) {
					if !strings.Contains(v, w) {
						t.Errorf("the screen lacks %q:\n%s", w, v)
					}
				}
				lines := strings.Split(v, "\n")
				if status := lines[len(lines)-1]; !strings.Contains(status, h.m.sceneLine(i)) {
					t.Errorf("the explanation is cut: %q", status)
				}
			})
		}
	}
}

func TestTheExplanationOfEverySceneFitsIn80Columns(t *testing.T) {
	h := newHarness(t, Options{Steps: uitest.Shop})
	h.update(tea.WindowSizeMsg{Width: 80, Height: 24})
	for i := range scenes {
		if w := lipgloss.Width(h.m.sceneLine(i)); w > 80 {
			t.Errorf("scene %d: %d columns: %q", i+1, w, h.m.sceneLine(i))
		}
	}
}

func TestTheTourStopsAtBothEnds(t *testing.T) {
	h := newHarness(t, Options{Steps: uitest.Shop})
	tests := []struct {
		name, keys string
		scene      int
		status     string
	}{
		{"[ before the tour starts it", "[", 0, "tour 1/"},
		{"[ on the first scene stays there", "[", 0, "tour 1/"},
		{"] walks to the last scene", strings.Repeat("]", len(scenes)-1), len(scenes) - 1, fmt.Sprintf("tour %d/", len(scenes))},
		{"] on the last scene says the tour is over", "]", len(scenes) - 1, "the tour is over"},
		{"[ goes back from there", "[", len(scenes) - 2, fmt.Sprintf("tour %d/", len(scenes)-1)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h.typ(tt.keys)
			if h.m.scene != tt.scene || !strings.HasPrefix(h.m.status, tt.status) {
				t.Errorf("scene %d, status %q; want scene %d, %q", h.m.scene, h.m.status, tt.scene, tt.status)
			}
		})
	}
}

func TestTheTourOnOtherDataSaysItNeedsTheSample(t *testing.T) {
	eng := longNamesEngine(t)
	h := newHarness(t, Options{Load: func(context.Context, func(Progress)) (engine.Engine, error) { return eng, nil }})
	if strings.Contains(h.m.View(), tourHint) {
		t.Error("data without the sample's events invites to the tour")
	}
	h.typ("]")
	if h.m.scene != -1 || !strings.Contains(h.m.status, tourNeedsSample) {
		t.Errorf("scene %d, status %q", h.m.scene, h.m.status)
	}
}

func TestTheTourLandsOnItsSettingsWhateverTheUserChanged(t *testing.T) {
	h := newHarness(t, Options{Steps: uitest.Shop})
	h.typ("5ll") // trends per week (the default), per segment
	h.typ(strings.Repeat("]", 6))
	if v := h.m.View(); !strings.Contains(v, "Conversion per day") || !strings.Contains(v, "l lines: overall") {
		t.Errorf("the trends scene is not per day, overall:\n%s", v)
	}
}

func TestTheTourAsksBeforeDiscardingUnsavedEdits(t *testing.T) {
	for _, a := range answers {
		t.Run(a.name, func(t *testing.T) {
			// A copy: d edits the steps in place. d removes view_item, an
			// edit that is not saved.
			h := newHarness(t, Options{Steps: slices.Clone(uitest.Shop)})
			h.typ("d")
			h.typ("]")
			if !strings.Contains(flat(h.m.dialog.View()), "Discard them for tour step 1?") {
				t.Fatalf("no question: %q", h.m.dialog.View())
			}
			h.typ(a.keys)
			// The first scene's funnel starts at view_item.
			if got, want := h.m.funnel.Steps[0].Name, map[bool]string{true: "view_item", false: "add_to_cart"}[a.yes]; got != want {
				t.Errorf("step 1 is %s, want %s", got, want)
			}
			if a.yes != (h.m.scene == 0) {
				t.Errorf("scene %d after %s", h.m.scene, a.name)
			}
		})
	}
}

func TestTheTourDoesNotAskAgainForItsOwnFunnels(t *testing.T) {
	h := newHarness(t, Options{Steps: uitest.Shop})
	h.typ("]]]")
	if h.m.dialog.Open() || h.m.scene != 2 {
		t.Errorf("scene %d, a question open %v: the tour's own funnels are not edits", h.m.scene, h.m.dialog.Open())
	}
}
