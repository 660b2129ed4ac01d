package app

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/views/funnel"
)

// setGlobals sends new global filters to the funnel view, which folds them
// into the spec and announces it to every view.
func (m *Model) setGlobals(where []spec.Cond, from, to int64) tea.Cmd {
	return m.broadcast(common.GlobalsMsg{Where: where, From: from, To: to})
}

func (m *Model) openWhere() {
	m.dialog.Pick("Global filter: pick a property", picker.KeyItems(m.ctx.Engine), func(k string) tea.Cmd {
		return picker.LoadValues(m.ctx.Engine, appName, k)
	})
}

func (m *Model) openWhereValues(v picker.ValuesMsg) {
	if v.Err != nil {
		m.setStatus(v.Err.Error(), true)
		return
	}
	m.dialog.Pick("Global filter: "+common.ValueHint(v.Key), v.Items, func(val string) tea.Cmd {
		where := append(append([]spec.Cond(nil), m.funnel.Where...), common.ParseValue(v.Key, val))
		return m.setGlobals(where, m.funnel.From, m.funnel.To)
	}, dialog.FreeText())
}

func (m *Model) openDates() {
	cur := strings.TrimSpace(formatDay(m.funnel.From) + " " + formatDay(m.funnel.To))
	m.dialog.Ask("Date range: FROM TO (TO excluded; empty = all)",
		"e.g. 2026-09-01 2026-10-01, or one date for FROM only", cur, m.dates)
}

// formatDay shows a date bound as the commands read it ("" when open).
func formatDay(us int64) string {
	if us == 0 {
		return ""
	}
	return spec.FormatInstant(us, nil)
}

func parseDay(s string) (int64, error) {
	for _, layout := range []string{"2006-01-02", time.RFC3339, "2006-01-02T15:04"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UnixMicro(), nil
		}
	}
	return 0, fmt.Errorf("date %q: use YYYY-MM-DD or RFC 3339", s)
}

func (m *Model) dates(s string) tea.Cmd {
	f := strings.Fields(s)
	var from, to int64
	var err error
	if len(f) > 2 {
		err = fmt.Errorf("date range: give FROM and optionally TO, got %d dates", len(f))
	}
	if err == nil && len(f) > 0 {
		from, err = parseDay(f[0])
	}
	if err == nil && len(f) > 1 {
		to, err = parseDay(f[1])
		if err == nil && to <= from {
			err = fmt.Errorf("date range: TO must come after FROM")
		}
	}
	if err != nil {
		m.setStatus(err.Error(), true)
		return nil
	}
	// The range still applies (the user may mean it), but every view
	// would be empty without saying why.
	if why := funnel.OutsideData(from, to, m.summary, m.w); why != "" {
		m.setStatus(why, true)
	}
	return m.setGlobals(m.funnel.Where, from, to)
}

func (m *Model) openExport() {
	m.dialog.Pick("Export "+m.views[m.active].Title()+" as", []picker.Item{
		{Label: "csv", Detail: "comma-separated"}, {Label: "md", Detail: "Markdown table"}}, m.export)
}

func (m *Model) export(format string) tea.Cmd {
	v := m.views[m.active]
	text, err := v.Export(format)
	if err != nil {
		m.setStatus(err.Error(), true)
		return nil
	}
	if !m.opts.Local {
		m.setStatus(fmt.Sprintf("%s copied to your clipboard as %s (OSC 52)", v.Title(), format), false)
		return m.copy(text)
	}
	name := fmt.Sprintf("funnelscope-%s-%s.%s", strings.ToLower(v.Title()), time.Now().Format("20060102-150405"), format)
	if err := writeNew(name, text); err != nil {
		m.setStatus(err.Error(), true)
		return nil
	}
	m.setStatus("exported to "+name, false)
	return nil
}

// writeNew writes a file that must not exist yet, whole or not at all.
func writeNew(name, text string) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("export: %w", err)
	}
	return nil
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
	m.dialog.Ask("Save this funnel as", "a name; an existing name is replaced", "", func(name string) tea.Cmd {
		return m.save(strings.TrimSpace(name))
	})
	return nil
}

// savedMsg answers a saved-funnel command run off the UI goroutine (the
// store may wait on a lock): a status line, the list to pick from, or the
// funnel to load.
type savedMsg struct {
	status string
	err    error
	list   []spec.SavedEntry
	funnel *spec.Funnel
}

// savedCmd runs f against the saved funnels off the UI goroutine.
func (m *Model) savedCmd(f func(ctx context.Context, s common.SavedFunnels) savedMsg) tea.Cmd {
	s := m.ctx.Saved
	return func() tea.Msg { return f(context.Background(), s) }
}

func (m *Model) save(name string) tea.Cmd {
	if name == "" {
		m.setStatus("not saved: a name is needed", true)
		return nil
	}
	f := m.funnel
	return m.savedCmd(func(ctx context.Context, s common.SavedFunnels) savedMsg {
		if err := s.Save(ctx, name, f); err != nil {
			return savedMsg{err: err}
		}
		return savedMsg{status: fmt.Sprintf("saved funnel %q (O opens it)", name)}
	})
}

func (m *Model) openSaved() tea.Cmd {
	if m.ctx.Saved == nil {
		m.setStatus("saved funnels are off in this session", true)
		return nil
	}
	return m.savedCmd(func(ctx context.Context, s common.SavedFunnels) savedMsg {
		list, err := s.List(ctx)
		if err == nil && len(list) == 0 {
			return savedMsg{status: "no saved funnels yet: s saves the current one"}
		}
		return savedMsg{list: list, err: err}
	})
}

// savedAnswer shows what a saved-funnel command found.
func (m *Model) savedAnswer(msg savedMsg) tea.Cmd {
	switch {
	case msg.err != nil:
		m.setStatus(msg.err.Error(), true)
	case msg.funnel != nil:
		m.active = 0
		return m.broadcast(common.LoadFunnelMsg{Funnel: *msg.funnel})
	case msg.list != nil:
		items := make([]picker.Item, len(msg.list))
		for i, v := range msg.list {
			items[i] = picker.Item{Label: v.Name, Detail: v.Updated.Format("2006-01-02 15:04")}
		}
		m.dialog.Pick("Open a saved funnel", items, m.load)
	default:
		m.setStatus(msg.status, false)
	}
	return nil
}

func (m *Model) load(name string) tea.Cmd {
	return m.savedCmd(func(ctx context.Context, s common.SavedFunnels) savedMsg {
		f, err := s.Load(ctx, name)
		if err != nil {
			return savedMsg{err: err}
		}
		return savedMsg{funnel: &f}
	})
}
