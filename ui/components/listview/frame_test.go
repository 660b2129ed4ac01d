package listview

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/components/job"
	"github.com/funnelscope/funnelscope/ui/components/list"
	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/keys"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// view is the fields a list view hands its Frame, and what reached the
// view's own hooks.
type view struct {
	Frame[int]
	job    job.Job[int]
	list   list.Model
	dialog dialog.Dialog

	clicks, own []string
	resized     int
}

func newView() *view {
	v := &view{}
	v.Frame = NewFrame(uitest.Theme(), Parts[int]{Name: "Test", Keys: []key.Binding{keys.Goal},
		Job: &v.job, List: &v.list, Dialog: &v.dialog,
		Refresh: func() {}, Fit: func() { v.list.Fit(5) },
		Click: func(msg tea.Msg) bool {
			c, ok := msg.(tea.MouseMsg)
			if ok && c.Button == tea.MouseButtonLeft {
				v.clicks = append(v.clicks, "left")
			}
			return ok && c.Button == tea.MouseButtonLeft
		},
		Key:    func(k tea.KeyMsg) tea.Cmd { v.own = append(v.own, k.String()); return nil },
		Resize: func() { v.resized++ }})
	v.list.SetRows([]string{"apple", "banana", "cherry"})
	v.list.Fit(5)
	return v
}

func TestFrameRoutesClicksThenTheDialogThenTheListThenTheView(t *testing.T) {
	v := newView()
	v.Update(tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonLeft})
	for _, k := range uitest.Keys("<down>x") {
		v.Update(k)
	}
	if len(v.clicks) != 1 || v.list.Selected() != 1 || len(v.own) != 1 || v.own[0] != "x" {
		t.Fatalf("clicks %v, selected %d, own keys %v; want one click, the list down one, x to the view", v.clicks, v.list.Selected(), v.own)
	}
	v.dialog.Pick("?", []picker.Item{{Label: "one"}}, func(string) tea.Cmd { return nil })
	v.Update(uitest.Keys("x")[0])
	if len(v.own) != 1 || !v.Capturing() {
		t.Errorf("with a dialog open: own keys %v, capturing %v; want the dialog to take x", v.own, v.Capturing())
	}
}

func TestFrameSaysWhenTheListIsFilteredOrTyped(t *testing.T) {
	v := newView()
	if v.Filtered() || v.Capturing() {
		t.Fatal("filtered or capturing before any key")
	}
	for _, k := range uitest.Keys("/ban") {
		v.Update(k)
	}
	if !v.Filtered() || !v.Capturing() || v.list.Len() != 1 {
		t.Errorf("typing a filter: filtered %v, capturing %v, %d rows; want both and one row", v.Filtered(), v.Capturing(), v.list.Len())
	}
	v.Update(uitest.Keys("<enter>")[0])
	if !v.Filtered() || v.Capturing() {
		t.Errorf("after enter: filtered %v, capturing %v; want the filter kept and the keys given back", v.Filtered(), v.Capturing())
	}
}

func TestFrameHelpSizeAndTitleAreTheViewsThenTheLists(t *testing.T) {
	v := newView()
	v.SetSize(80, 24)
	help := v.Keys()
	own := 1
	if v.Title() != "Test" || v.Width() != 80 || v.Height() != 24 || v.resized != 1 || len(help) != own+len(list.Keys()) || help[0].Help() != keys.Goal.Help() || help[own].Help() != list.Keys()[0].Help() {
		t.Errorf("title %q, size %dx%d (%d layouts), %d bindings; want Test, 80x24 laid out once, the view's then the list's",
			v.Title(), v.Width(), v.Height(), v.resized, len(help))
	}
}

func TestAskOnceAsksTheFirstTimeOnlyAndNotOverADialog(t *testing.T) {
	v := newView()
	var asked, computed int
	ask := func() tea.Cmd { asked++; return nil }
	compute := func() tea.Cmd { computed++; return nil }
	v.dialog.Pick("?", []picker.Item{{Label: "one"}}, func(string) tea.Cmd { return nil })
	v.AskOnce(true, ask, compute)
	v.dialog.Update(uitest.Keys("<esc>")[0])
	v.AskOnce(true, ask, compute)
	v.AskOnce(true, ask, compute)
	v.AskOnce(false, ask, compute)
	if asked != 1 || computed != 3 {
		t.Errorf("asked %d, computed %d; want one ask (not over the open dialog), then computes", asked, computed)
	}
}

func TestFrameKeepsTheFunnelAndClipsToItsSize(t *testing.T) {
	v := newView()
	v.Update(common.FunnelMsg{Funnel: spec.Funnel{Steps: uitest.Shop}})
	v.SetSize(5, 2)
	got := v.Clip("abcdefgh\nij\nkl")
	if len(v.Funnel().Steps) != len(uitest.Shop) || got != "abcde\nij   " {
		t.Errorf("funnel of %d steps, clipped %q; want %d steps and the first two lines, five wide", len(v.Funnel().Steps), got, len(uitest.Shop))
	}
}

func TestFailedSaysTheJobsErrorAndTheHintOnlyAfterAnError(t *testing.T) {
	v := newView()
	v.SetSize(80, 24)
	if got := v.Failed("press G"); got != nil {
		t.Fatalf("without an error: %q", got)
	}
	boom := func(context.Context) (int, error) { return 0, errors.New("no such event") }
	uitest.Exec(v.Update, v.Compute(true, "a", boom))
	got := strings.Join(v.Failed("press G"), "\n")
	if !strings.Contains(got, "no such event") || !strings.Contains(got, "press G") {
		t.Errorf("after an error: %q, want the error and the hint", got)
	}
}

func TestNoteWrapsToTheViewsWidth(t *testing.T) {
	v := newView()
	v.SetSize(10, 5)
	if got := v.Note("press p to pick a property"); strings.Count(got, "\n") < 2 {
		t.Errorf("%q: want it wrapped to 10 columns, three lines or more", got)
	}
}
