package app

import (
	"fmt"
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

// confirmReset asks before R drops the global filters and dates: they
// may have taken a while to pick.
func (m *Model) confirmReset() tea.Cmd {
	if !m.hasGlobals() {
		m.setStatus("no global filter or date range to reset", false)
		return nil
	}
	m.dialog.Confirm("Reset the global filters and the date range?", func() tea.Cmd { return m.setGlobals(nil, 0, 0) })
	return nil
}

// hasGlobals says whether the funnel has global filters or a date range,
// what R resets.
func (m *Model) hasGlobals() bool {
	return len(m.funnel.Where) > 0 || m.funnel.From != 0 || m.funnel.To != 0
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
