package dialog

import (
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestAConfirmRunsOnYesOnlyAndEnterMeansNo(t *testing.T) {
	cases := []struct {
		name string
		key  tea.KeyMsg
		yes  bool
	}{
		{"y says yes", tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("y")}, true},
		{"Y says yes", tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("Y")}, true},
		{"n says no", tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("n")}, false},
		{"esc says no", tea.KeyMsg{Type: tea.KeyEsc}, false},
		{"enter takes the safe default, no", tea.KeyMsg{Type: tea.KeyEnter}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := New(uitest.Theme())
			yes := 0
			d.Confirm("Replace the saved funnel \"a\"?", func() tea.Cmd { yes++; return nil })
			d.Update(c.key)
			if d.Open() {
				t.Error("the question is still open")
			}
			if (yes == 1) != c.yes {
				t.Errorf("yes ran %d times", yes)
			}
		})
	}
}

func TestAConfirmWaitsThroughOtherKeysAndShowsItsAnswers(t *testing.T) {
	d := New(uitest.Theme())
	d.Confirm("Discard the unsaved edits?", func() tea.Cmd { t.Error("yes ran"); return nil })
	typeText(&d, "xq ")
	if !d.Open() {
		t.Fatal("a key that is not an answer closed the question")
	}
	v := d.View()
	for _, want := range []string{"Discard the unsaved edits?", "y yes", "n/enter no", "esc cancel"} {
		if !strings.Contains(v, want) {
			t.Errorf("the question lacks %q:\n%s", want, v)
		}
	}
}

func TestAnActionKeyHandsTheHighlightedItemToItsOwnHandler(t *testing.T) {
	del := key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "delete"))
	items := []picker.Item{{Label: "checkout"}, {Label: "signup"}}
	var picked, deleted []string
	d := New(uitest.Theme())
	d.Pick("Open a saved funnel", items, record(&picked), Action(del, record(&deleted)))
	if !strings.Contains(d.View(), "ctrl+x delete") {
		t.Errorf("the footer does not show the action:\n%s", d.View())
	}
	typeText(&d, "sig")
	d.Update(tea.KeyMsg{Type: tea.KeyCtrlX})
	if d.Open() || len(picked) != 0 || strings.Join(deleted, ",") != "signup" {
		t.Errorf("open %v, picked %v, deleted %v", d.Open(), picked, deleted)
	}
}

func TestAnActionKeyWithNothingHighlightedDoesNothing(t *testing.T) {
	del := key.NewBinding(key.WithKeys("ctrl+x"), key.WithHelp("ctrl+x", "delete"))
	var deleted []string
	d := New(uitest.Theme())
	d.Pick("Open", []picker.Item{{Label: "checkout"}}, nil, Action(del, record(&deleted)))
	typeText(&d, "zzz")
	d.Update(tea.KeyMsg{Type: tea.KeyCtrlX})
	if !d.Open() || len(deleted) != 0 {
		t.Errorf("open %v, deleted %v", d.Open(), deleted)
	}
}
