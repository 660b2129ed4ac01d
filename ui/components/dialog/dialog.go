// Package dialog asks one question at a time, a choice from a list
// (picker) or a line of text (prompt), with the code that handles the
// answer given where the question is asked, so a view needs no mode enum
// and no switch over which question was open. It does not know what is
// asked: callers pass the items and the handler.
package dialog

import (
	tea "github.com/charmbracelet/bubbletea"
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
}

// Option adjusts a picker question.
type Option func(*picker.Model)

// FreeText lets enter answer with the typed text when no item matches.
func FreeText() Option { return func(p *picker.Model) { p.FreeText = true } }

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
	d.picker = picker.NewIn(d.th, title, items, d.w, d.h)
	for _, o := range opts {
		o(&d.picker)
	}
	d.kind, d.then = picking, then
}

// Ask asks for a line of text, starting from value; then receives it.
func (d *Dialog) Ask(title, hint, value string, then Handler) {
	d.prompt = prompt.New(d.th, title, hint, value)
	d.prompt.SetWidth(width(d.w))
	d.kind, d.then = asking, then
}

// Open is true while a question waits for its answer: it takes every key.
func (d *Dialog) Open() bool { return d.kind != closed }

// Close drops the open question without an answer.
func (d *Dialog) Close() { d.kind, d.then = closed, nil }

// Update hands msg to the open question. On an answer the dialog closes
// first, then calls the handler, which may open the next question.
func (d *Dialog) Update(msg tea.Msg) tea.Cmd {
	var answer string
	var done, cancelled bool
	var cmd tea.Cmd
	switch d.kind {
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

// View draws the open question ("" when closed).
func (d *Dialog) View() string {
	switch d.kind {
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
