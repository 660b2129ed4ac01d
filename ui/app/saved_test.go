package app

import (
	"context"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/saved"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/store/storetest"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// savedHarness is a harness on the sample whose store already holds
// "checkout" (view_item, purchase), with the funnel view on three steps.
func savedHarness(t *testing.T) (*harness, *saved.Funnels) {
	s := saved.New(storetest.Temp(t))
	if err := s.Save(context.Background(), "checkout", spec.Funnel{Steps: steps("view_item", "purchase"), Window: spec.DefaultWindow}); err != nil {
		t.Fatal(err)
	}
	return newHarness(t, Options{Saved: s, Steps: steps("view_item", "add_to_cart", "purchase")}), s
}

// savedSteps is how many steps the funnel saved as name has.
func savedSteps(t *testing.T, s *saved.Funnels, name string) int {
	t.Helper()
	f, err := s.Load(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return len(f.Steps)
}

// flat is a dialog's text on one line: borders dropped, wrapped lines
// joined with one space.
func flat(v string) string {
	return strings.Join(strings.Fields(strings.NewReplacer("│", " ", "╭", " ", "╮", " ", "╰", " ", "╯", " ", "─", "").Replace(v)), " ")
}

// answers are the ways to answer a yes/no question, and whether each
// means yes.
var answers = []struct {
	name, keys string
	yes        bool
}{{"y", "y", true}, {"n", "n", false}, {"esc", "<esc>", false}, {"enter, the safe default", "<enter>", false}}

func TestSavingOverAnExistingNameAsksFirst(t *testing.T) {
	for _, a := range answers {
		t.Run(a.name, func(t *testing.T) {
			h, s := savedHarness(t)
			h.typ("scheckout<enter>")
			if !h.m.dialog.Open() || !strings.Contains(flat(h.m.dialog.View()), `"checkout" is saved already. Replace it?`) {
				t.Fatalf("no question: status %q", h.m.status)
			}
			h.typ(a.keys)
			if got, want := savedSteps(t, s, "checkout"), map[bool]int{true: 3, false: 2}[a.yes]; got != want {
				t.Errorf("checkout has %d steps, want %d", got, want)
			}
			if h.m.dialog.Open() {
				t.Error("the question stayed open")
			}
		})
	}
}

func TestSavingANewNameDoesNotAsk(t *testing.T) {
	h, s := savedHarness(t)
	h.typ("sthree<enter>")
	if h.m.dialog.Open() || savedSteps(t, s, "three") != 3 {
		t.Errorf("status %q, dialog open %v", h.m.status, h.m.dialog.Open())
	}
}

func TestOpeningASavedFunnelOverUnsavedEditsAsksToDiscardThem(t *testing.T) {
	for _, a := range answers {
		t.Run(a.name, func(t *testing.T) {
			h, _ := savedHarness(t)
			h.typ("d") // an edit that is not saved
			h.typ("Ocheck<enter>")
			if !strings.Contains(flat(h.m.dialog.View()), `Discard them and open "checkout"?`) {
				t.Fatalf("no question: %q", h.m.dialog.View())
			}
			h.typ(a.keys)
			// d removed view_item; checkout starts with it.
			if got, want := h.m.funnel.Steps[0].Name, map[bool]string{true: "view_item", false: "add_to_cart"}[a.yes]; got != want {
				t.Errorf("step 1 is %s, want %s", got, want)
			}
			if a.yes != strings.Contains(h.m.status, `opened saved funnel "checkout"`) {
				t.Errorf("status %q", h.m.status)
			}
		})
	}
}

func TestOpeningWithoutEditsOrAfterSavingThemDoesNotAsk(t *testing.T) {
	for _, keys := range []string{"", "dsmine<enter>"} {
		h, _ := savedHarness(t)
		h.typ(keys + "Ocheck<enter>")
		if h.m.dialog.Open() || !strings.Contains(h.m.status, `opened saved funnel "checkout"`) {
			t.Errorf("after %q: dialog %q, status %q", keys, h.m.dialog.View(), h.m.status)
		}
	}
}

func TestResetAsksBeforeDroppingTheGlobalFilters(t *testing.T) {
	for _, a := range answers {
		t.Run(a.name, func(t *testing.T) {
			h := newHarness(t, Options{Steps: steps("view_item", "purchase")})
			h.typ("gdevice<enter>mobile<enter>")
			h.typ("R")
			if !strings.Contains(flat(h.m.dialog.View()), "Reset the global filters") {
				t.Fatalf("no question: %q", h.m.dialog.View())
			}
			h.typ(a.keys)
			if reset := len(h.m.funnel.Where) == 0; reset != a.yes {
				t.Errorf("filters %v after %s", h.m.funnel.Where, a.name)
			}
		})
	}
}

func TestResetWithNothingToResetSaysSo(t *testing.T) {
	h := newHarness(t, Options{Steps: steps("view_item", "purchase")})
	h.typ("R")
	if h.m.dialog.Open() || !strings.Contains(h.m.status, "no global filter") {
		t.Errorf("dialog open %v, status %q", h.m.dialog.Open(), h.m.status)
	}
}

func TestTheSavedListRenamesAndDeletes(t *testing.T) {
	h, s := savedHarness(t)
	h.typ("O")
	if v := h.m.dialog.View(); !strings.Contains(v, "ctrl+r rename") || !strings.Contains(v, "ctrl+x delete") {
		t.Fatalf("the list does not show its keys:\n%s", v)
	}
	uitest.Run(h.update, tea.KeyMsg{Type: tea.KeyCtrlR})
	h.typ(strings.Repeat("<backspace>", len("checkout")) + "buyers<enter>")
	if !strings.Contains(h.m.status, `renamed "checkout" to "buyers"`) || savedSteps(t, s, "buyers") != 2 {
		t.Fatalf("status %q", h.m.status)
	}
	if got := h.m.dialog.Shown(); len(got) != 1 || got[0] != "buyers" {
		t.Fatalf("the list shows %v after the rename", got)
	}
	uitest.Run(h.update, tea.KeyMsg{Type: tea.KeyCtrlX})
	h.typ("n")
	if list, _ := s.List(context.Background()); len(list) != 1 {
		t.Fatal("n deleted the funnel")
	}
	h.typ("O")
	uitest.Run(h.update, tea.KeyMsg{Type: tea.KeyCtrlX})
	h.typ("y")
	if list, _ := s.List(context.Background()); len(list) != 0 || !strings.Contains(h.m.status, `deleted saved funnel "buyers"; no saved funnels left`) {
		t.Errorf("left %v, status %q", list, h.m.status)
	}
}

func TestAReadOnlySessionSaysWhyItCannotRenameOrDelete(t *testing.T) {
	st := storetest.Temp(t)
	if err := saved.New(st).Save(context.Background(), "checkout", spec.Funnel{Steps: steps("purchase")}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, keys string }{{"rename", "x<enter>"}, {"delete", "y"}} {
		t.Run(c.name, func(t *testing.T) {
			h := newHarness(t, Options{Saved: saved.ReadOnly(st), Steps: steps("view_item", "purchase")})
			h.typ("O")
			key := map[string]tea.KeyType{"rename": tea.KeyCtrlR, "delete": tea.KeyCtrlX}[c.name]
			uitest.Run(h.update, tea.KeyMsg{Type: key})
			h.typ(c.keys)
			if !h.m.statusErr || !strings.Contains(h.m.status, "cannot "+c.name) || !strings.Contains(h.m.status, "--allow-save") {
				t.Errorf("status %q", h.m.status)
			}
		})
	}
}
