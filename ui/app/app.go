// Package app is the root model of the TUI: it loads the snapshot, routes
// keys and messages between the views, and draws the header, the tab bar,
// the status line and help. It computes nothing itself.
package app

import (
	"context"
	"io"
	"os"

	"github.com/charmbracelet/bubbles/help"
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/explorerstate"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/textsafe"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/keys"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// Progress is a step of loading reported while the TUI waits.
type Progress struct {
	Stage       string
	Done, Total int64 // bytes or events; Total 0 when unknown
}

// Options configure one TUI session.
type Options struct {
	DBName string
	// DBArg names the database as a pasted command must: the --db value
	// the user gave, the cache database of open, or the database as the
	// operator of serve gave it. Empty leaves --db out of the command.
	DBArg string
	// Load produces the engine that answers every view (the local
	// snapshot, or a remote one); it runs off the UI goroutine and may
	// report progress (importing files, reading the snapshot).
	Load func(ctx context.Context, report func(Progress)) (engine.Engine, error)
	// Saved keeps named funnels; nil turns saving off.
	Saved common.SavedFunnels
	// Local is true when the TUI runs on the user's own machine: exports
	// are written to files. Over SSH they are copied with OSC 52 instead.
	Local    bool
	Renderer *lipgloss.Renderer
	// NoColor draws without colours: the caller's NO_COLOR (the local
	// environment, or an SSH client's).
	NoColor bool
	// Output receives OSC 52 clipboard sequences (default os.Stdout).
	Output io.Writer
	// Steps is the funnel to start with (may be empty).
	Steps []spec.Step
	// Suggest starts, when Steps is empty, on the funnel the engine
	// suggests from the data, labelled as a suggestion.
	Suggest bool
	// State is the view to open on (its funnel, when it has one, wins
	// over Steps): the ui command's flags, or the state kept in the
	// database. What names events or keys the data lacks is dropped.
	State explorerstate.State
	// StateStore keeps the state for next time; nil keeps it in memory.
	StateStore StateStore
}

// overlay says which app-level screen covers the view (questions that
// take an answer are in the dialog instead).
type overlay int

const (
	noOverlay overlay = iota
	helpOverlay
	commandOverlay
)

// Model is the root model.
type Model struct {
	opts   Options
	ctx    *common.Context
	th     *theme.Theme
	w, h   int
	views  []common.View
	active int

	loading  bool
	progress Progress
	loadErr  error
	progCh   chan Progress
	spin     spinner.Model
	help     help.Model

	summary engine.Summary // the data's size and span, read once at load
	funnel  spec.Funnel
	stepOne string // "N users at step 1" of funnel's latest result, "" until it comes
	overlay overlay
	dialog  dialog.Dialog

	status    string
	statusErr bool
	cancel    context.CancelFunc
	back      backStack // drill-downs that esc undoes (backstack.go)
	keep      keeper    // what of the state is written (state.go)

	// savedEdits is the funnel view's Edits when its funnel was last
	// saved or opened (saved.go): O asks before discarding later ones.
	savedEdits int

	scene int // the tour's scene on show (tour.go), -1 before the tour
}

// New returns the root model; Init starts loading.
func New(o Options) *Model {
	if o.Output == nil {
		o.Output = os.Stdout
	}
	th := theme.New(o.Renderer, o.NoColor)
	h := help.New()
	h.Styles.ShortKey, h.Styles.FullKey = th.Key, th.Key
	h.Styles.ShortDesc, h.Styles.FullDesc = th.Dim, th.Dim
	return &Model{opts: o, th: th, loading: true, help: h, w: 80, h: 24, dialog: dialog.New(th), scene: -1,
		spin: spinner.New(spinner.WithSpinner(spinner.Dot), spinner.WithStyle(th.Cursor))}
}

// loadedMsg ends loading.
type loadedMsg struct {
	eng       engine.Engine
	err       error
	suggested []spec.Step // the engine's suggestion, when asked for
}

// progressMsg is one loading report; nil channel reads end the listening.
type progressMsg Progress

// Init implements tea.Model.
func (m *Model) Init() tea.Cmd {
	ctx, cancel := context.WithCancel(context.Background())
	m.cancel = cancel
	m.progCh = make(chan Progress, 16)
	ch, load, want := m.progCh, m.opts.Load, m.opts.Suggest && len(m.opts.Steps) == 0
	run := func() tea.Msg {
		e, err := load(ctx, func(p Progress) {
			select {
			case ch <- p:
			default: // the UI is behind: drop this report, a newer one follows
			}
		})
		close(ch) // ends listen
		msg := loadedMsg{eng: e, err: err}
		if want && err == nil {
			msg.suggested = suggest(ctx, e)
		}
		return msg
	}
	return tea.Batch(run, m.listen(), m.spin.Tick, tea.SetWindowTitle("funnelscope "+textsafe.Display(m.opts.DBName)))
}

func (m *Model) listen() tea.Cmd {
	ch := m.progCh
	return func() tea.Msg {
		p, ok := <-ch
		if !ok {
			return nil
		}
		return progressMsg(p)
	}
}

// Views returns the views (for tests).
func (m *Model) Views() []common.View { return m.views }

// Active is the index of the visible view.
func (m *Model) Active() int { return m.active }

func (m *Model) setStatus(text string, isErr bool) {
	m.status, m.statusErr = text, isErr
}

func (m *Model) allKeys() []key.Binding {
	if len(m.views) == 0 {
		return []key.Binding{keys.Quit}
	}
	// Help and view switching first: the status line shows what fits.
	out := []key.Binding{keys.Help, keys.NextTab}
	out = append(out, m.views[m.active].Keys()...)
	return append(out, keys.Drill, keys.Back, m.tabKeys(), keys.Where, keys.Dates, keys.ClearAll,
		keys.Command, keys.Export, keys.Save, keys.Open, keys.TourNext, keys.TourPrev, keys.Presenter, keys.Quit)
}
