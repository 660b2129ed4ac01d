package app

import (
	"context"
	"fmt"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/explorerstate"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
)

// StateStore keeps the explorer's state between sessions; Options.State
// nil keeps it in memory only (serve, read-only databases).
type StateStore interface {
	SaveState(ctx context.Context, s explorerstate.State) error
}

// stateDelay is how long the state must stay unchanged before it is
// written: a burst of keys makes one write. (A variable for tests.)
var stateDelay = 400 * time.Millisecond

// keeper tracks what of the explorer's state is written.
type keeper struct {
	touched bool                // a key or click came: from now on the state is the user's
	written explorerstate.State // the last state sent to be written
	gen     int                 // the latest change's number; a tick of an older one is stale
	pending bool                // a change waits for its tick
}

// stateTick ends the wait after change gen.
type stateTick struct{ gen int }

// stateWritten answers a write.
type stateWritten struct{ err error }

// State is what reopens the current view: the funnel, the tab and each
// view's options.
func (m *Model) State() explorerstate.State {
	if len(m.views) == 0 {
		return m.opts.State.Clone()
	}
	st := explorerstate.State{Funnel: m.funnel, Tab: tabName(m.views[m.active].Title()),
		Views: map[string]map[string]string{}}
	for _, v := range m.views {
		if s, ok := v.(common.Stateful); ok {
			if o := s.State(); len(o) > 0 {
				st.Views[tabName(v.Title())] = o
			}
		}
	}
	return st
}

// Update implements tea.Model: update, then note a change of the state.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case stateTick:
		return m, m.writeState(msg.gen)
	case stateWritten:
		if msg.err != nil {
			m.setStatus("the view was not kept for next time: "+msg.err.Error(), true)
		}
		return m, nil
	case tea.KeyMsg, tea.MouseMsg:
		m.keep.touched = true
	}
	_, cmd := m.update(msg)
	return m, tea.Batch(cmd, m.noteState())
}

// noteState starts the wait for a write when the state changed since the
// last one; nothing is written before the user acts, so merely looking
// at a suggested funnel keeps the state restored before.
func (m *Model) noteState() tea.Cmd {
	if m.opts.StateStore == nil || !m.keep.touched || len(m.views) == 0 {
		return nil
	}
	st := m.State()
	if st.Equal(m.keep.written) {
		return nil
	}
	m.keep.written, m.keep.pending = st, true
	m.keep.gen++
	gen := m.keep.gen
	return tea.Tick(stateDelay, func(time.Time) tea.Msg { return stateTick{gen} })
}

// writeState writes the state, off the UI goroutine, unless a newer
// change is waiting for its own tick.
func (m *Model) writeState(gen int) tea.Cmd {
	if gen != m.keep.gen || !m.keep.pending {
		return nil
	}
	m.keep.pending = false
	s, st := m.opts.StateStore, m.keep.written.Clone()
	return func() tea.Msg { return stateWritten{s.SaveState(context.Background(), st)} }
}

// flushState writes a change still waiting for its tick (on quit).
func (m *Model) flushState() tea.Cmd { return m.writeState(m.keep.gen) }

// restore starts the views on Options.State: each view's options, the
// tab, and the funnel. What names an event or key the data no longer
// has is dropped, and the status line says so. It returns the commands
// that compute the visible view.
func (m *Model) restore() tea.Cmd {
	st := m.opts.State
	var dropped []string
	for _, v := range m.views {
		s, ok := v.(common.Stateful)
		if o := st.Views[tabName(v.Title())]; ok && len(o) > 0 {
			if err := s.Restore(o); err != nil {
				dropped = append(dropped, v.Title()+" "+err.Error())
			}
		}
	}
	for i, v := range m.views {
		if st.Tab != "" && tabName(v.Title()) == st.Tab {
			m.active = i
		}
	}
	f, err := checkFunnel(st.Funnel, m.ctx.Engine)
	if err != nil {
		dropped = append(dropped, "funnel "+err.Error())
	}
	if len(dropped) > 0 {
		m.setStatus("not restored (the data changed): "+strings.Join(dropped, "; "), true)
	}
	if len(f.Steps) == 0 && len(f.Where) == 0 && f.From == 0 && f.To == 0 {
		// The funnel view announces the starting funnel, if any.
		if m.active == 0 {
			return m.views[0].Activate()
		}
		return tea.Batch(m.views[0].Activate(), m.views[m.active].Activate())
	}
	// The funnel view announces the funnel, and the visible view computes
	// when the announcement reaches it (update.go, FunnelMsg).
	return m.broadcast(common.LoadFunnelMsg{Funnel: f})
}

// checkFunnel returns f, or no funnel when f names an event or a key cat
// lacks: a funnel with a step gone would count nobody past it.
func checkFunnel(f spec.Funnel, cat engine.Catalog) (spec.Funnel, error) {
	for _, s := range f.Steps {
		if !cat.HasEvent(s.Name) {
			return spec.Funnel{}, fmt.Errorf("step %q is not in the data", s.Name)
		}
	}
	for _, c := range f.Where {
		if !cat.HasKey(c.Key) {
			return spec.Funnel{}, fmt.Errorf("filter on %q: no such property", c.Key)
		}
	}
	if !f.Segment.IsZero() && !cat.HasKey(f.Segment.Key) {
		return spec.Funnel{}, fmt.Errorf("segment of %q: no such property", f.Segment.Key)
	}
	return f, nil
}
