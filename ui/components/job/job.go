// Package job is a view's background computation: it starts the work only
// when the spec changed, drops late answers, keeps the latest value and
// error, and draws the spinner and "computed in" status. It must not know
// what is computed: the view passes the work in and reads the value out.
package job

import (
	"context"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// Work computes one answer. ctx is cancelled when a newer spec replaces
// this one (its answer would be dropped anyway), so an engine that can
// stop early (a remote query) does.
type Work[T any] func(ctx context.Context) (T, error)

// Job is one view's computation of values of type T. A view embeds it by
// value and hands every message to Handle.
type Job[T any] struct {
	th   *theme.Theme
	name string
	gen  int
	busy bool
	took time.Duration
	spin spinner.Model

	key string // identity of the spec last asked for ("" after Stop)
	val T
	has bool
	err error

	// One computation runs at a time. A Run while one runs waits in
	// pending, replacing any spec already waiting: a burst of keys (J J J,
	// or fifty people in a workshop room) computes the first spec and the
	// last, not every one between, and never piles up on the cores.
	running bool
	pending Work[T]
	cancel  context.CancelFunc
}

// New returns an idle job whose results are tagged with name (the view's
// title, unique among views).
func New[T any](th *theme.Theme, name string) Job[T] {
	sp := spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(th.Cursor))
	return Job[T]{th: th, name: name, spin: sp}
}

// Run computes f for the spec named key, unless key is the spec already
// computed or being computed: views call it whenever the spec may have
// changed (on activation, after a key) and the job decides. A key is any
// string that identifies the spec, usually its command line.
func (j *Job[T]) Run(key string, f Work[T]) tea.Cmd {
	if key == j.key && (j.busy || j.has || j.err != nil) {
		return nil
	}
	return j.rerun(key, f)
}

// rerun computes f for key even when key was computed already.
func (j *Job[T]) rerun(key string, f Work[T]) tea.Cmd {
	j.key = key
	j.gen++
	j.busy = true
	if j.running {
		if j.cancel != nil {
			j.cancel() // the running answer is stale now
		}
		j.pending = f
		return nil
	}
	return j.launch(f)
}

func (j *Job[T]) launch(f Work[T]) tea.Cmd {
	j.running = true
	ctx, cancel := context.WithCancel(context.Background())
	j.cancel = cancel
	work := func() (any, error) {
		defer cancel()
		return f(ctx)
	}
	return tea.Batch(compute(j.name, j.gen, work), j.spin.Tick)
}

// Stop forgets the spec and its value: there is nothing to compute (the
// funnel is too short, a goal is missing). An answer under way is dropped.
func (j *Job[T]) Stop() {
	j.gen++
	j.busy, j.pending, j.key = false, nil, ""
	var zero T
	j.val, j.has, j.err = zero, false, nil
	if j.cancel != nil {
		j.cancel()
	}
}

// Handle takes the job's messages: its answers (common.ResultMsg) and its
// spinner's ticks. answered is true when msg was the answer to the latest
// spec: Value and Err have just changed, and the view may refresh what it
// derives from them. The view must return cmd (the spinner's next tick, or
// the spec that waited for this answer).
func (j *Job[T]) Handle(msg tea.Msg) (answered bool, cmd tea.Cmd) {
	switch msg := msg.(type) {
	case common.ResultMsg:
		return j.accept(msg)
	case spinner.TickMsg:
		if !j.busy {
			return false, nil // ends the spinner's loop
		}
		j.spin, cmd = j.spin.Update(msg)
		return false, cmd
	}
	return false, nil
}

func (j *Job[T]) accept(msg common.ResultMsg) (bool, tea.Cmd) {
	if msg.View != j.name {
		return false, nil
	}
	j.running = false
	var next tea.Cmd
	if f := j.pending; f != nil {
		j.pending = nil
		next = j.launch(f)
	}
	if msg.Gen != j.gen {
		return false, next
	}
	j.busy, j.took, j.err = false, msg.Took, msg.Err
	if msg.Err == nil {
		j.val, j.has = msg.Value.(T), true
	}
	return true, next
}

// Value is the latest computed value; ok is false before the first one
// (or after Stop). After an error it stays the last good value.
func (j *Job[T]) Value() (v T, ok bool) { return j.val, j.has }

// Latest is Value without ok: the views' results are pointers, nil
// before the first answer.
func (j *Job[T]) Latest() T { return j.val }

// Err is the error of the latest answer, nil when it succeeded.
func (j *Job[T]) Err() error { return j.err }

// Key is the spec last asked for ("" after Stop).
func (j *Job[T]) Key() string { return j.key }

// Busy is true from Run until its answer arrives (or Stop).
func (j *Job[T]) Busy() bool { return j.busy }

// Took is how long the last accepted answer took to compute.
func (j *Job[T]) Took() time.Duration { return j.took }

// Gen is the generation of the latest Run or Stop.
func (j *Job[T]) Gen() int { return j.gen }

// Spinner is the spinner's frame while busy, else "".
func (j *Job[T]) Spinner() string {
	if !j.busy {
		return ""
	}
	return j.spin.View()
}

// StatusIn is Status in the session ctx: in presenter mode the time a
// result took is left out (a room reads the figures, not the timings).
func (j *Job[T]) StatusIn(ctx *common.Context, label string) string {
	if ctx.Presenter && !j.busy {
		return ""
	}
	return j.Status(label)
}

// Status is the job's part of a heading: the spinner and "computing…"
// while busy; else, once a value is shown, label and the time it took,
// dimmed ("computed in 12ms" for label "computed in "); else "".
func (j *Job[T]) Status(label string) string {
	switch {
	case j.busy:
		return j.spin.View() + " computing…"
	case j.has:
		return j.th.Dim.Render(label + millis(j.took))
	}
	return ""
}
