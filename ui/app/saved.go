package app

import (
	"context"
	"fmt"
	"slices"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/keys"
	"github.com/funnelscope/funnelscope/ui/views/funnel"
)

// savedMsg answers a saved-funnel command run off the UI goroutine (the
// store may wait on a lock): a status line, a question to ask, the list
// to pick from, or the funnel to load.
type savedMsg struct {
	status string
	err    error
	list   []spec.SavedEntry
	funnel *spec.Funnel
	// confirm is a question to ask before going on with yes.
	confirm string
	yes     func() tea.Cmd
	// edits, when set, is the funnel view's Edits that the saved funnel
	// matches: from then on O asks before discarding later edits.
	edits *int
}

// savedCmd runs f against the saved funnels off the UI goroutine.
func (m *Model) savedCmd(f func(ctx context.Context, s common.SavedFunnels) savedMsg) tea.Cmd {
	s := m.ctx.Saved
	return func() tea.Msg { return f(context.Background(), s) }
}

func (m *Model) openSave() tea.Cmd {
	if m.ctx.Saved == nil {
		m.setStatus("saving is off in this session", true)
		return nil
	}
	if len(m.funnel.Steps) == 0 {
		m.setStatus("nothing to save: add funnel steps first", true)
		return nil
	}
	m.dialog.Ask("Save this funnel as", "a name; an existing name asks before it is replaced", "", func(name string) tea.Cmd {
		return m.save(strings.TrimSpace(name))
	})
	return nil
}

// save stores the funnel as name, asking first when a funnel of that name
// exists.
func (m *Model) save(name string) tea.Cmd {
	if name == "" {
		m.setStatus("not saved: a name is needed", true)
		return nil
	}
	store := m.store(name, m.funnel, m.funnelEdits())
	return m.savedCmd(func(ctx context.Context, s common.SavedFunnels) savedMsg {
		list, err := s.List(ctx)
		if err != nil {
			return savedMsg{err: err}
		}
		if slices.ContainsFunc(list, func(e spec.SavedEntry) bool { return e.Name == name }) {
			return savedMsg{confirm: fmt.Sprintf("A funnel called %q is saved already. Replace it?", name), yes: func() tea.Cmd { return store }}
		}
		return store().(savedMsg)
	})
}

// store is the command that saves f as name, made when the user asked, so
// that edits while a question waits are not saved unseen.
func (m *Model) store(name string, f spec.Funnel, edits int) tea.Cmd {
	return m.savedCmd(func(ctx context.Context, s common.SavedFunnels) savedMsg {
		if err := s.Save(ctx, name, f); err != nil {
			return savedMsg{err: err}
		}
		return savedMsg{status: fmt.Sprintf("saved funnel %q (O opens it)", name), edits: &edits}
	})
}

func (m *Model) openSaved() tea.Cmd {
	if m.ctx.Saved == nil {
		m.setStatus("saved funnels are off in this session", true)
		return nil
	}
	return m.savedCmd(func(ctx context.Context, s common.SavedFunnels) savedMsg {
		return listed(ctx, s, "")
	})
}

// listed is the list of saved funnels to pick from after status (the
// status alone once none is left).
func listed(ctx context.Context, s common.SavedFunnels, status string) savedMsg {
	list, err := s.List(ctx)
	if err == nil && len(list) == 0 {
		return savedMsg{status: strings.TrimPrefix(status+"; no saved funnels left", "; ")}
	}
	return savedMsg{status: status, list: list, err: err}
}

// savedAnswer shows what a saved-funnel command found.
func (m *Model) savedAnswer(msg savedMsg) tea.Cmd {
	if msg.err != nil {
		m.setStatus(msg.err.Error(), true)
		return nil
	}
	if msg.status != "" {
		m.setStatus(msg.status, false)
	}
	if msg.edits != nil {
		m.savedEdits = *msg.edits
	}
	switch {
	case msg.confirm != "":
		m.dialog.Confirm(msg.confirm, msg.yes)
	case msg.funnel != nil:
		m.active = 0
		cmd := m.broadcast(common.LoadFunnelMsg{Funnel: *msg.funnel})
		m.savedEdits = m.funnelEdits()
		return cmd
	case msg.list != nil:
		m.pickSaved(msg.list)
	}
	return nil
}

// pickSaved opens the list of saved funnels: enter opens one, and two
// control keys (typing filters) rename or delete the highlighted one.
func (m *Model) pickSaved(list []spec.SavedEntry) {
	items := make([]picker.Item, len(list))
	for i, v := range list {
		items[i] = picker.Item{Label: v.Name, Detail: v.Updated.Format("2006-01-02 15:04")}
	}
	m.dialog.Pick("Open a saved funnel", items, m.load,
		dialog.Action(keys.RenameSaved, m.askRename), dialog.Action(keys.DeleteSaved, m.askDelete))
}

// load opens the funnel saved as name, asking first when it would
// discard edits that are not saved.
func (m *Model) load(name string) tea.Cmd {
	fetch := func() tea.Cmd {
		return m.savedCmd(func(ctx context.Context, s common.SavedFunnels) savedMsg {
			f, err := s.Load(ctx, name)
			if err != nil {
				return savedMsg{err: err}
			}
			return savedMsg{funnel: &f, status: fmt.Sprintf("opened saved funnel %q", name)}
		})
	}
	if m.unsaved() {
		m.dialog.Confirm(fmt.Sprintf("The funnel has edits that are not saved. Discard them and open %q?", name), fetch)
		return nil
	}
	return fetch()
}

func (m *Model) askRename(name string) tea.Cmd {
	m.dialog.Ask(fmt.Sprintf("Rename the saved funnel %q to", name), "a name not taken yet", name, func(to string) tea.Cmd {
		to = strings.TrimSpace(to)
		return m.savedCmd(func(ctx context.Context, s common.SavedFunnels) savedMsg {
			if err := s.Rename(ctx, name, to); err != nil {
				return savedMsg{err: fmt.Errorf("cannot rename %q: %w", name, err)}
			}
			return listed(ctx, s, fmt.Sprintf("renamed %q to %q", name, to))
		})
	})
	return nil
}

func (m *Model) askDelete(name string) tea.Cmd {
	m.dialog.Confirm(fmt.Sprintf("Delete the saved funnel %q? This cannot be undone.", name), func() tea.Cmd {
		return m.savedCmd(func(ctx context.Context, s common.SavedFunnels) savedMsg {
			if err := s.Delete(ctx, name); err != nil {
				return savedMsg{err: fmt.Errorf("cannot delete %q: %w", name, err)}
			}
			return listed(ctx, s, fmt.Sprintf("deleted saved funnel %q", name))
		})
	})
	return nil
}

// unsaved is true when the funnel view holds steps edited since the
// funnel was last saved or opened.
func (m *Model) unsaved() bool {
	f := m.funnelView()
	return f != nil && len(f.Funnel().Steps) > 0 && f.Edits() != m.savedEdits
}

// funnelEdits is the funnel view's Edits (0 before the views exist).
func (m *Model) funnelEdits() int {
	if f := m.funnelView(); f != nil {
		return f.Edits()
	}
	return 0
}

// funnelView is the view that owns the funnel (nil before the views
// exist).
func (m *Model) funnelView() *funnel.Model {
	for _, v := range m.views {
		if f, ok := v.(*funnel.Model); ok {
			return f
		}
	}
	return nil
}
