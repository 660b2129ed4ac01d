// Package listview is what the views built on a job, a list and a dialog
// share (breakdown, drivers, attribution, events, trends): the Frame each
// of them embeds, and the routing it runs on (Update, Key, Compute,
// Click): the job takes its answers, the funnel view's spec is kept for
// the next Activate, and a key goes to the open dialog, else to the list,
// else to the view's own bindings. It does not know what the rows are.
package listview

import (
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/components/job"
	"github.com/funnelscope/funnelscope/ui/components/list"
)

// Update is such a view's Update: j takes its answers and refresh then
// redraws what the view derives from j's value; a common.FunnelMsg
// replaces *funnel without recomputing (the app calls Activate on the
// visible view after each one, and on the others when they are next
// shown); a key goes to onKey, and so does a turn of the mouse wheel, as
// the arrow it stands for. The view returns the command.
func Update[T any](msg tea.Msg, j *job.Job[T], funnel *spec.Funnel, refresh func(), onKey func(tea.KeyMsg) tea.Cmd) tea.Cmd {
	answered, cmd := j.Handle(msg)
	if answered {
		refresh()
	}
	switch msg := msg.(type) {
	case common.FunnelMsg:
		*funnel = msg.Funnel
	case tea.KeyMsg:
		return tea.Batch(cmd, onKey(msg))
	case tea.MouseMsg:
		if k, ok := list.WheelKey(msg); ok {
			return tea.Batch(cmd, onKey(k))
		}
	}
	return cmd
}

// Key hands k to the open dialog, else to the list, calling fit when the
// list took it (it may have moved or filtered the rows). handled is false
// when neither took k: it is for the view's own bindings.
func Key(k tea.KeyMsg, d *dialog.Dialog, l *list.Model, fit func()) (cmd tea.Cmd, handled bool) {
	if d.Open() {
		return d.Update(k), true
	}
	if handled, cmd := l.Update(k); handled {
		fit()
		return cmd, true
	}
	return nil, false
}

// Compute is such a view's compute: with a spec (ok) j runs work for it
// under key, unless j has it already; without one there is nothing to
// show, so j stops and refresh redraws from the value Stop cleared, as no
// answer will reach Update to do it.
func Compute[T any](j *job.Job[T], ok bool, key string, refresh func(), work job.Work[T]) tea.Cmd {
	if !ok {
		j.Stop()
		refresh()
		return nil
	}
	return j.Run(key, work)
}

// Click selects the row of l a left click lands on, top being the line
// of the view's drawing where l's window starts and lines the lines each
// row takes; false while d is open, when ready is false (no rows drawn),
// or for a click elsewhere.
func Click(msg tea.Msg, d *dialog.Dialog, l *list.Model, ready bool, top, lines int) bool {
	c, ok := msg.(tea.MouseMsg)
	return ok && ready && !d.Open() && l.ClickTall(c, top, lines)
}
