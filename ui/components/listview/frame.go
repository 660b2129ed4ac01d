package listview

import (
	"slices"

	"github.com/charmbracelet/bubbles/key"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/components/job"
	"github.com/funnelscope/funnelscope/ui/components/list"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// Parts are the fields and methods of a view that its Frame works on.
// The pointers are into the view itself, which is always used through a
// pointer, so the frame sees what the view's own methods change.
type Parts[T any] struct {
	Name   string        // the view's title and the tag of its results
	Keys   []key.Binding // the view's own bindings, for help
	Job    *job.Job[T]   // NewFrame makes the job, the list and the dialog
	List   *list.Model
	Dialog *dialog.Dialog

	Refresh func()                   // redraws what the view derives from Job's value
	Fit     func()                   // sizes List after it moved or filtered; nil: nothing to size
	Click   func(tea.Msg) bool       // the view's own clicks; true when one was taken
	Key     func(tea.KeyMsg) tea.Cmd // the view's own bindings
	Resize  func()                   // lays the view out again after SetSize
}

// Frame is what every list view (breakdown, drivers, attribution, events,
// trends) repeats around its own rows and bindings: its size, the funnel
// it reads, its title and help, the answers that depend only on its list
// and dialog, and the routing of messages (Update, Key). A view embeds
// one, made by NewFrame in its New, and keeps only what is its own.
type Frame[T any] struct {
	p      Parts[T]
	th     *theme.Theme
	w, h   int
	funnel spec.Funnel // the latest funnel from the funnel view
	asked  bool        // AskOnce has asked
}

// NewFrame returns the frame of the view whose parts are p, drawn with
// th: it makes the view's job, list and dialog.
func NewFrame[T any](th *theme.Theme, p Parts[T]) Frame[T] {
	*p.Job = job.New[T](th, p.Name)
	*p.List = list.New(th)
	*p.Dialog = dialog.New(th)
	return Frame[T]{p: p, th: th}
}

// Width is the view's width, as SetSize last set it.
func (f *Frame[T]) Width() int { return f.w }

// Height is the view's height, as SetSize last set it.
func (f *Frame[T]) Height() int { return f.h }

// Funnel is the latest funnel from the funnel view (common.FunnelMsg).
func (f *Frame[T]) Funnel() spec.Funnel { return f.funnel }

// Failed is the lines that say the job's latest error, wrapped to the
// view's width, and hint, what to press to try otherwise; nil while the
// job has no error.
func (f *Frame[T]) Failed(hint string) []string {
	err := f.p.Job.Err()
	if err == nil {
		return nil
	}
	return []string{f.th.StatusError.Render(common.Wrap(err.Error(), f.w)), f.th.Dim.Render(hint)}
}

// Note is text dimmed and wrapped to the view's width: what a view says
// where it has nothing to draw yet, and how to get something.
func (f *Frame[T]) Note(text string) string { return f.th.Dim.Render(common.Wrap(text, f.w)) }

// Clip cuts body to the view's size: a view never draws past it, even
// when a long name or a small terminal would.
func (f *Frame[T]) Clip(body string) string {
	return lipgloss.NewStyle().MaxWidth(f.w).MaxHeight(f.h).Render(body)
}

// Title implements common.View.
func (f *Frame[T]) Title() string { return f.p.Name }

// Keys implements common.View: the view's bindings, then the list's.
func (f *Frame[T]) Keys() []key.Binding { return slices.Concat(f.p.Keys, list.Keys()) }

// SetSize implements common.View: the dialog takes the whole view, then
// the view lays out its own parts.
func (f *Frame[T]) SetSize(w, h int) {
	f.w, f.h = w, h
	f.p.Dialog.SetSize(w, h)
	f.p.Resize()
}

// Filtered implements common.Filtered: esc clears the list's filter
// before it goes back.
func (f *Frame[T]) Filtered() bool { return f.p.List.Filter() != "" }

// Capturing implements common.View: while the dialog is open or the
// list's filter is typed, every key is text.
func (f *Frame[T]) Capturing() bool { return f.p.Dialog.Open() || f.p.List.Filtering() }

// Update implements common.View's routing: the view's own clicks first,
// then Update above with Key as the key handler.
func (f *Frame[T]) Update(msg tea.Msg) tea.Cmd {
	if f.p.Click(msg) {
		return nil
	}
	return Update(msg, f.p.Job, &f.funnel, f.p.Refresh, f.Key)
}

// Key hands k to the open dialog, else to the list, else to the view's
// own bindings.
func (f *Frame[T]) Key(k tea.KeyMsg) tea.Cmd {
	fit := f.p.Fit
	if fit == nil {
		fit = func() {}
	}
	if cmd, handled := Key(k, f.p.Dialog, f.p.List, fit); handled {
		return cmd
	}
	return f.p.Key(k)
}

// Compute is Compute above on the frame's job, redrawn by Refresh.
func (f *Frame[T]) Compute(ok bool, key string, work job.Work[T]) tea.Cmd {
	return Compute(f.p.Job, ok, key, f.p.Refresh, work)
}

// Click is Click above on the frame's dialog and list.
func (f *Frame[T]) Click(msg tea.Msg, ready bool, top, lines int) bool {
	return Click(msg, f.p.Dialog, f.p.List, ready, top, lines)
}

// AskOnce is Activate for a view that needs a choice made (a goal, a
// touch property): the first time it is shown while that is missing, and
// no dialog is open, ask opens the picker (and computes); after that, or
// with nothing missing, compute: a picker the user dismissed does not
// open again each time they come back.
func (f *Frame[T]) AskOnce(missing bool, ask, compute func() tea.Cmd) tea.Cmd {
	if missing && !f.asked && !f.p.Dialog.Open() {
		f.asked = true
		return ask()
	}
	return compute()
}
