package dialog

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

func typeText(d *Dialog, s string) {
	for _, r := range s {
		d.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
	}
}

type answerMsg string

func record(got *[]string) Handler {
	return func(a string) tea.Cmd {
		*got = append(*got, a)
		return func() tea.Msg { return answerMsg(a) }
	}
}

func TestAPickCallsItsOwnHandlerWithTheChosenItemAndCloses(t *testing.T) {
	d := New(uitest.Theme())
	var got []string
	d.Pick("Event", []picker.Item{{Label: "view_item"}, {Label: "purchase"}}, record(&got))
	if !d.Open() || !strings.Contains(d.View(), "Event") {
		t.Fatalf("the question is not shown: open %v", d.Open())
	}
	typeText(&d, "pur")
	cmd := d.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if d.Open() || len(got) != 1 || got[0] != "purchase" {
		t.Fatalf("after enter: open %v, answers %v", d.Open(), got)
	}
	if cmd == nil || cmd() != answerMsg("purchase") {
		t.Error("the handler's command was not returned")
	}
}

func TestEscClosesWithoutCallingTheHandler(t *testing.T) {
	d := New(uitest.Theme())
	var got []string
	d.Ask("Window", "e.g. 7d", "7d", record(&got))
	if cmd := d.Update(tea.KeyMsg{Type: tea.KeyEsc}); cmd != nil || d.Open() || len(got) != 0 {
		t.Errorf("esc: command %v, open %v, answers %v", cmd != nil, d.Open(), got)
	}
}

func TestAnAskAnswersWithTheEditedText(t *testing.T) {
	d := New(uitest.Theme())
	var got []string
	d.Ask("Window", "", "7", record(&got))
	typeText(&d, "d")
	d.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if len(got) != 1 || got[0] != "7d" {
		t.Errorf("answers %v, want [7d]", got)
	}
}

func TestAHandlerMayAskTheNextQuestion(t *testing.T) {
	d := New(uitest.Theme())
	var got []string
	d.Pick("Property", []picker.Item{{Label: "device"}}, func(k string) tea.Cmd {
		d.Pick(k+" = ?", []picker.Item{{Label: "mobile"}}, record(&got), FreeText())
		return nil
	})
	d.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if !d.Open() || !strings.Contains(d.View(), "device = ?") {
		t.Fatal("the second question did not open")
	}
	typeText(&d, "tablet")
	d.Update(tea.KeyMsg{Type: tea.KeyEnter})
	if len(got) != 1 || got[0] != "tablet" {
		t.Errorf("free text answer %v, want [tablet]", got)
	}
}

func TestAClosedDialogIgnoresKeysAndDrawsNothing(t *testing.T) {
	d := New(uitest.Theme())
	if cmd := d.Update(tea.KeyMsg{Type: tea.KeyEnter}); cmd != nil || d.View() != "" || d.Open() {
		t.Error("a closed dialog reacted")
	}
}

func TestRouteGivesKeysToTheOpenQuestionElseToTheView(t *testing.T) {
	d := New(uitest.Theme())
	var own []string
	view := func(k tea.KeyMsg) tea.Cmd { own = append(own, k.String()); return nil }
	d.Route(uitest.Keys("x")[0], view)
	d.Pick("Event", []picker.Item{{Label: "purchase"}}, func(string) tea.Cmd { return nil })
	d.Route(uitest.Keys("y")[0], view)
	if len(own) != 1 || own[0] != "x" || d.Filter() != "y" {
		t.Errorf("view got %v, dialog filter %q; want x to the view, y to the open picker", own, d.Filter())
	}
}
