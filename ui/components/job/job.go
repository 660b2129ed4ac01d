// Package job is a view's background computation: the generation that
// drops late answers, the busy flag and spinner, and how long the last
// answer took. It must not know what is computed: the view passes the work
// in and takes the value out.
package job

import (
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// Job is one view's computation. A view embeds it by value and hands it
// every common.ResultMsg and spinner.TickMsg it gets.
type Job struct {
	th   *theme.Theme
	name string
	gen  int
	busy bool
	took time.Duration
	spin spinner.Model
	// One computation runs at a time. A Start while one runs waits in
	// pending, replacing any spec already waiting: a burst of keys (J J J,
	// or fifty people in a workshop room) computes the first spec and the
	// last, not every one between, and never piles up on the cores.
	running bool
	pending func() (any, error)
}

// New returns an idle job whose results are tagged with name (the view's
// title).
func New(th *theme.Theme, name string) Job {
	sp := spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(th.Cursor))
	return Job{th: th, name: name, spin: sp}
}

// Start runs f off the UI goroutine as the job's newest generation: any
// answer still on its way for an older one will be dropped. While an older
// computation still runs, f waits for it (see Accept). The command also
// starts the spinner.
func (j *Job) Start(f func() (any, error)) tea.Cmd {
	j.gen++
	j.busy = true
	if j.running {
		j.pending = f
		return nil
	}
	return j.launch(f)
}

func (j *Job) launch(f func() (any, error)) tea.Cmd {
	j.running = true
	return tea.Batch(common.Compute(j.name, j.gen, f), j.spin.Tick)
}

// Stop abandons the computation under way, if any: its answer will be
// dropped and the job is no longer busy. A view calls it when its spec
// leaves nothing to compute.
func (j *Job) Stop() {
	j.gen++
	j.busy = false
	j.pending = nil
}

// Accept says whether msg answers the job's latest Start; if so the job
// is done and records how long it took, and the view takes msg.Value or
// msg.Err. Answers for other views and older generations are refused.
// Any answer of this job ends the computation under way, so the returned
// command starts the one waiting, if any: the view must return it.
func (j *Job) Accept(msg common.ResultMsg) (bool, tea.Cmd) {
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
	j.busy, j.took = false, msg.Took
	return true, next
}

// Tick advances the spinner while the job is busy; once it is done the
// tick is dropped, which ends the spinner's loop.
func (j *Job) Tick(msg spinner.TickMsg) tea.Cmd {
	if !j.busy {
		return nil
	}
	var cmd tea.Cmd
	j.spin, cmd = j.spin.Update(msg)
	return cmd
}

// Busy is true from Start until its answer is accepted (or Stop).
func (j *Job) Busy() bool { return j.busy }

// Took is how long the last accepted answer took to compute.
func (j *Job) Took() time.Duration { return j.took }

// Gen is the generation of the latest Start or Stop.
func (j *Job) Gen() int { return j.gen }

// Spinner is the spinner's frame while busy, else "".
func (j *Job) Spinner() string {
	if !j.busy {
		return ""
	}
	return j.spin.View()
}

// Status is the job's part of a heading: the spinner and "computing…"
// while busy; else, when done (the view has a result to show), label and
// the time it took, dimmed ("computed in 12ms" for label "computed in ");
// else "".
func (j *Job) Status(done bool, label string) string {
	switch {
	case j.busy:
		return j.spin.View() + " computing…"
	case done:
		return j.th.Dim.Render(label + common.Millis(j.took))
	}
	return ""
}
