// Package dialog asks one question at a time, a choice from a list
// (picker), a line of text (prompt) or yes/no (confirm), with the code that handles the
// answer given where the question is asked, so a view needs no mode enum
// and no switch over which question was open. It does not know what is
// asked: callers pass the items and the handler.
package dialog

import (
	"strings"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/textsafe"
	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/components/prompt"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// Handler acts on an answer; its command is returned to the caller's
// Update.
type Handler func(answer string) tea.Cmd

type kind int

const (
	closed kind = iota
	picking
	asking
	confirming
)

// Dialog is at most one open question. The zero value is closed; New
// gives it a theme.
type Dialog struct {
	th     *theme.Theme
	w, h   int
	kind   kind
	picker picker.Model
	prompt prompt.Model
	then   Handler

	actions  []action // a picker's keys besides enter (Action)
	question string   // what Confirm asks
}

// action is a key that acts on the picker's highlighted item.
type action struct {
	key  key.Binding
	then Handler
}

// Option adjusts a picker question.
type Option func(*Dialog)

// FreeText lets enter answer with the typed text when no item matches.
func FreeText() Option { return func(d *Dialog) { d.picker.FreeText = true } }

// Action lets k answer a picker with the highlighted item, to then
// instead of the question's handler (rename or delete an item, say). The
// picker's footer shows k's help. Typing filters the picker, so k should
// be a key nobody types in a name (ctrl+…).
func Action(k key.Binding, then Handler) Option {
	return func(d *Dialog) {
		d.actions = append(d.actions, action{k, then})
		d.picker.Hint = strings.TrimSpace(d.picker.Hint + "  " + k.Help().Key + " " + k.Help().Desc)
	}
}

// New returns a closed dialog drawn with th.
func New(th *theme.Theme) Dialog { return Dialog{th: th, w: 80, h: 24} }

// SetSize gives the dialog the box it covers (a view, or the app's body).
func (d *Dialog) SetSize(w, h int) {
	d.w, d.h = w, h
	d.picker.FitIn(w, h)
	d.prompt.SetWidth(width(w))
}

// width is the dialogs' width in a box w wide: at most 60 columns,
// leaving two each side on narrower boxes.
func width(w int) int { return min(60, w-4) }

// Pick asks to choose one of items; then receives the chosen item's
// value. Esc closes the dialog without calling then.
func (d *Dialog) Pick(title string, items []picker.Item, then Handler, opts ...Option) {
	d.picker, d.actions = picker.NewIn(d.th, title, items, d.w, d.h), nil
	for _, o := range opts {
		o(d)
	}
	d.kind, d.then = picking, then
}

// Ask asks for a line of text, starting from value; then receives it.
func (d *Dialog) Ask(title, hint, value string, then Handler) {
	d.prompt = prompt.New(d.th, title, hint, value)
	d.prompt.SetWidth(width(d.w))
	d.kind, d.then = asking, then
}

// Confirm asks a yes/no question; yes runs on y. n, esc and enter (the
// safe default) answer no and close the dialog without calling it.
func (d *Dialog) Confirm(question string, yes func() tea.Cmd) {
	d.question = question
	d.kind, d.then = confirming, func(string) tea.Cmd { return yes() }
}

// Open is true while a question waits for its answer: it takes every key.
func (d *Dialog) Open() bool { return d.kind != closed }

// Close drops the open question without an answer.
func (d *Dialog) Close() { d.kind, d.then = closed, nil }

// Route gives k to the open question, else to own (the view's keys):
// while a question waits, no key reaches the view under it.
func (d *Dialog) Route(k tea.KeyMsg, own func(tea.KeyMsg) tea.Cmd) tea.Cmd {
	if d.Open() {
		return d.Update(k)
	}
	return own(k)
}

// Update hands msg to the open question. On an answer the dialog closes
// first, then calls the handler, which may open the next question.
func (d *Dialog) Update(msg tea.Msg) tea.Cmd {
	if cmd, ok := d.act(msg); ok {
		return cmd
	}
	var answer string
	var done, cancelled bool
	var cmd tea.Cmd
	switch d.kind {
	case confirming:
		done, cancelled = confirmed(msg)
	case picking:
		var r *picker.Result
		d.picker, r, cmd = d.picker.Update(msg)
		if r != nil {
			answer, done, cancelled = r.Value, true, r.Cancelled
		}
	case asking:
		var r *prompt.Result
		d.prompt, r, cmd = d.prompt.Update(msg)
		if r != nil {
			answer, done, cancelled = r.Value, true, r.Cancelled
		}
	}
	if !done {
		return cmd
	}
	then := d.then
	d.Close()
	if cancelled || then == nil {
		return nil
	}
	return then(answer)
}

// act runs the picker's Action that msg's key is bound to, if any, on
// the highlighted item; with no item highlighted the key does nothing.
func (d *Dialog) act(msg tea.Msg) (tea.Cmd, bool) {
	k, ok := msg.(tea.KeyMsg)
	if !ok || d.kind != picking {
		return nil, false
	}
	for _, a := range d.actions {
		if key.Matches(k, a.key) {
			v, ok := d.picker.Current()
			if !ok {
				return nil, true
			}
			d.Close()
			return a.then(v), true
		}
	}
	return nil, false
}

// confirmed reads a key of a yes/no question: done once answered,
// cancelled unless the answer is yes. Other keys wait.
func confirmed(msg tea.Msg) (done, cancelled bool) {
	k, ok := msg.(tea.KeyMsg)
	if !ok {
		return false, false
	}
	switch k.String() {
	case "y", "Y":
		return true, false
	case "n", "N", "esc", "enter":
		return true, true
	}
	return false, false
}

// View draws the open question ("" when closed).
func (d *Dialog) View() string {
	switch d.kind {
	case confirming:
		body := d.th.Title.Render(textsafe.Display(d.question)) + "\n" + d.th.Dim.Render("y yes   n/enter no   esc cancel")
		return d.th.Overlay.Width(width(d.w) - 2).Render(body)
	case picking:
		return d.picker.View()
	case asking:
		return d.prompt.View()
	}
	return ""
}

// Shown lists the labels the open picker shows, best match first (for
// tests; nil when no picker is open).
func (d *Dialog) Shown() []string {
	if d.kind != picking {
		return nil
	}
	return d.picker.Shown()
}

// Filter is the text typed into the open picker so far.
func (d *Dialog) Filter() string {
	if d.kind != picking {
		return ""
	}
	return d.picker.Filter()
}
