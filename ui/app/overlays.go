package app

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/components/prompt"
)

// dialogWidth is the width of the app's pickers and prompts.
func (m *Model) dialogWidth() int { return min(64, m.w-4) }

func (m *Model) newPicker(o overlay, title string, items []picker.Item) {
	m.overlay = o
	m.picker = picker.New(m.th, title, items)
	m.picker.SetSize(m.dialogWidth(), m.h-chrome)
}

func (m *Model) newPrompt(o overlay, title, hint, value string) {
	m.overlay = o
	m.prompt = prompt.New(m.th, title, hint, value)
	m.prompt.SetWidth(m.dialogWidth())
}

// overlayKey sends a key to the open dialog and acts on its answer.
func (m *Model) overlayKey(k tea.KeyMsg) tea.Cmd {
	switch m.overlay {
	case helpOverlay, commandOverlay:
		m.overlay = noOverlay // any key closes
		return nil
	case saveOverlay, datesOverlay:
		p, r, cmd := m.prompt.Update(k)
		m.prompt = p
		if r == nil {
			return cmd
		}
		o := m.overlay
		m.overlay = noOverlay
		if r.Cancelled {
			return nil
		}
		if o == saveOverlay {
			return m.save(strings.TrimSpace(r.Value))
		}
		return m.dates(r.Value)
	}
	p, r, cmd := m.picker.Update(k)
	m.picker = p
	if r == nil {
		return cmd
	}
	o := m.overlay
	m.overlay = noOverlay
	if r.Cancelled {
		return nil
	}
	switch o {
	case exportOverlay:
		return m.export(r.Value)
	case openOverlay:
		return m.load(r.Value)
	case whereKeyOverlay:
		m.whereKey = r.Value
		return common.ValueItems(m.ctx, appName, r.Value)
	case whereValueOverlay:
		where := append(append([]spec.Cond(nil), m.funnel.Where...), common.ParseValue(m.whereKey, r.Value))
		return m.setGlobals(where, m.funnel.From, m.funnel.To)
	}
	return nil
}

// setGlobals sends new global filters to the funnel view, which folds them
// into the spec and announces it to every view.
func (m *Model) setGlobals(where []spec.Cond, from, to int64) tea.Cmd {
	return m.broadcast(common.GlobalsMsg{Where: where, From: from, To: to})
}

func (m *Model) openWhere() {
	m.newPicker(whereKeyOverlay, "Global filter: pick a property", common.KeyItems(m.ctx))
}

func (m *Model) openWhereValues(v common.ValuesMsg) tea.Cmd {
	if v.Err != nil {
		m.setStatus(v.Err.Error(), true)
		return nil
	}
	m.newPicker(whereValueOverlay, "Global filter: "+common.ValueHint(v.Key), v.Items)
	m.picker.FreeText = true
	return nil
}

func (m *Model) openDates() {
	cur := strings.TrimSpace(formatDay(m.funnel.From) + " " + formatDay(m.funnel.To))
	m.newPrompt(datesOverlay, "Date range: FROM TO (TO excluded; empty = all)",
		"e.g. 2026-09-01 2026-10-01, or one date for FROM only", cur)
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
	return m.setGlobals(m.funnel.Where, from, to)
}

func (m *Model) showCommand() tea.Cmd {
	m.overlay = commandOverlay
	return m.copy(m.views[m.active].Command())
}

// copy puts text on the terminal's clipboard with OSC 52, which works
// locally and over SSH alike (where the terminal supports it).
func (m *Model) copy(text string) tea.Cmd {
	out := m.opts.Output
	return func() tea.Msg {
		fmt.Fprint(out, osc52.New(text).String())
		return nil
	}
}

func (m *Model) openExport() {
	m.newPicker(exportOverlay, "Export "+m.views[m.active].Title()+" as", []picker.Item{
		{Label: "csv", Detail: "comma-separated"}, {Label: "md", Detail: "Markdown table"}})
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
	m.newPrompt(saveOverlay, "Save this funnel as", "a name; an existing name is replaced", "")
	return nil
}

func (m *Model) save(name string) tea.Cmd {
	if name == "" {
		m.setStatus("not saved: a name is needed", true)
		return nil
	}
	data, err := json.Marshal(m.funnel)
	if err == nil {
		err = m.ctx.Saved.SaveView(context.Background(), store.SavedView{Name: name, Kind: "funnel", Spec: data})
	}
	if err != nil {
		m.setStatus(err.Error(), true)
		return nil
	}
	m.setStatus(fmt.Sprintf("saved funnel %q (O opens it)", name), false)
	return nil
}

func (m *Model) openSaved() tea.Cmd {
	if m.ctx.Saved == nil {
		m.setStatus("saved funnels are off in this session", true)
		return nil
	}
	vs, err := m.ctx.Saved.Views(context.Background(), "funnel")
	if err != nil {
		m.setStatus(err.Error(), true)
		return nil
	}
	if len(vs) == 0 {
		m.setStatus("no saved funnels yet: s saves the current one", false)
		return nil
	}
	items := make([]picker.Item, len(vs))
	for i, v := range vs {
		items[i] = picker.Item{Label: v.Name, Detail: v.Updated.Format("2006-01-02 15:04")}
	}
	m.newPicker(openOverlay, "Open a saved funnel", items)
	return nil
}

func (m *Model) load(name string) tea.Cmd {
	vs, err := m.ctx.Saved.Views(context.Background(), "funnel")
	if err != nil {
		m.setStatus(err.Error(), true)
		return nil
	}
	for _, v := range vs {
		if v.Name == name {
			var f spec.Funnel
			if err := json.Unmarshal(v.Spec, &f); err != nil {
				m.setStatus(fmt.Sprintf("saved funnel %q: %v", name, err), true)
				return nil
			}
			m.active = 0
			return m.broadcast(common.LoadFunnelMsg{Funnel: f})
		}
	}
	return nil
}
