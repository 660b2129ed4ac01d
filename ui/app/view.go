package app

import (
	"fmt"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/textsafe"
	"github.com/funnelscope/funnelscope/ui/common"
)

// View implements tea.Model. Whatever a view forgot to escape, no control
// sequence from the data reaches the terminal (locally or over SSH): the
// frame passes through textsafe.Screen, which keeps only lipgloss's styles
// and the layout's newlines.
func (m *Model) View() string { return textsafe.Screen(m.frame()) }

func (m *Model) frame() string {
	switch {
	case m.loading:
		return m.loadingView()
	case m.loadErr != nil:
		return m.th.StatusError.Render("funnelscope could not open "+m.opts.DBName) + "\n\n" +
			lipgloss.NewStyle().Width(max(20, m.w-2)).Render(m.loadErr.Error()) + "\n\n" + m.th.Dim.Render("q quits")
	case len(m.views) == 0:
		return m.emptyView()
	case m.w < minWidth || m.h < minHeight:
		return m.tooSmallView()
	}
	body := m.views[m.active].View()
	switch m.overlay {
	case helpOverlay:
		body = m.th.Overlay.Render(m.th.Title.Render("Keys") + "\n" + m.help.FullHelpView(m.helpColumns()) +
			"\n\n" + m.th.Dim.Render("any key closes"))
	case commandOverlay:
		body = m.commandView()
	}
	if m.dialog.Open() {
		body = m.dialog.View()
	}
	body = lipgloss.NewStyle().Height(max(1, m.h-chrome)).MaxHeight(max(1, m.h-chrome)).Render(body)
	return m.header() + "\n" + m.tabs() + "\n" + body + "\n" + m.statusLine()
}

// commandView is the command overlay. Its lines are cut by the command
// itself, never by the box: a box-wrapped line would not paste.
func (m *Model) commandView() string {
	box := min(m.w-4, 100)
	text := m.commandText(box - m.th.Overlay.GetHorizontalPadding())
	return m.th.Overlay.Width(box).Render(m.th.Title.Render("The same view as a command (copied to your clipboard with OSC 52)") +
		"\n\n" + text + "\n\n" + m.th.Dim.Render("any key closes"))
}

// Below minWidth x minHeight no view has room for its chart and its table:
// the app says how big to make the terminal rather than draw a broken
// screen. 80x24 is what every view is drawn and tested for.
const minWidth, minHeight = 60, 15

func (m *Model) tooSmallView() string {
	msg := fmt.Sprintf("terminal too small: 80x24 or more (now %dx%d)", m.w, m.h)
	return lipgloss.NewStyle().Width(max(1, m.w)).Render(m.th.Warn.Render(msg) + "\n" + m.th.Dim.Render("q quits"))
}

func (m *Model) helpColumns() [][]key.Binding {
	ks := m.allKeys()
	per := (len(ks) + 2) / 3
	var cols [][]key.Binding
	for i := 0; i < len(ks); i += per {
		cols = append(cols, ks[i:min(len(ks), i+per)])
	}
	return cols
}

// header names the data and the active filters; on narrow terminals it
// drops the product name and shortens the dates rather than cut the end.
// Under filters the totals are the whole data's, so it adds how many units
// the funnel has at step 1 under them, when that fits.
func (m *Model) header() string {
	line := m.headerLine(m.stepOne)
	if lipgloss.Width(line) > m.w {
		line = m.headerLine("")
	}
	return lipgloss.NewStyle().MaxWidth(m.w).Render(line)
}

// headerLine is the header with count (may be "") after the filters; with
// no filters the count is left out, as the totals already answer it.
func (m *Model) headerLine(count string) string {
	first, last := m.summary.First, m.summary.Last
	sep := m.th.HeaderDim.Render(" · ")
	facts := []string{m.opts.DBName, common.Count(m.summary.Events) + " events",
		common.Count(m.summary.Users) + " users", day(first) + " → " + day(last)}
	var filters []string
	for _, c := range m.funnel.Where {
		filters = append(filters, textsafe.Display(c.String()))
	}
	if m.funnel.From != 0 || m.funnel.To != 0 {
		filters = append(filters, "dates "+formatDay(m.funnel.From)+".."+formatDay(m.funnel.To))
	}
	if s := m.funnel.Segment; !s.IsZero() {
		filters = append(filters, "segment "+textsafe.Display(s.String()))
	}
	where := ""
	if len(filters) > 0 {
		where = sep + m.th.Warn.Render("where "+strings.Join(filters, " & "))
		if count != "" {
			where += m.th.Warn.Render(": " + count)
		}
	}
	line := m.th.Header.Render("funnelscope") + sep + strings.Join(facts, sep) + where
	if lipgloss.Width(line) > m.w {
		facts[3] = day(first)[5:] + "→" + day(last)[5:]
		line = strings.Join(facts, sep) + where
	}
	// Active filters matter more than the data's size: drop facts from
	// the end until the filters fit.
	for n := len(facts) - 1; lipgloss.Width(line) > m.w && where != "" && n >= 1; n-- {
		line = strings.Join(facts[:n], sep) + where
	}
	return line
}

func day(us int64) string { return time.UnixMicro(us).UTC().Format("2006-01-02") }

func (m *Model) statusLine() string {
	if m.status != "" {
		st := m.th.Status
		if m.statusErr {
			st = m.th.StatusError
		}
		return lipgloss.NewStyle().MaxWidth(m.w).Render(st.Render(textsafe.Display(m.status)))
	}
	return lipgloss.NewStyle().MaxWidth(m.w).Render(m.keysLine())
}

func (m *Model) loadingView() string {
	p := m.progress
	line := m.spin.View() + " opening " + m.opts.DBName
	if p.Stage != "" {
		line = m.spin.View() + " " + p.Stage
		if p.Total > 0 {
			line += fmt.Sprintf("  %.0f%%", 100*float64(p.Done)/float64(p.Total))
		} else if p.Done > 0 {
			line += "  " + common.Count(int(p.Done))
		}
	}
	return m.th.Header.Render("funnelscope") + "\n\n" + line + "\n\n" + m.th.Dim.Render("ctrl+c quits")
}

func (m *Model) emptyView() string {
	return m.th.Header.Render("funnelscope") + "  " + m.opts.DBName + "\n\n" +
		"This database has no events yet. Import an export, then open it again:\n\n" +
		"  funnelscope --db " + m.opts.DBName + " import events.csv\n" +
		"  funnelscope open export.ndjson.gz      (import and open in one go)\n\n" +
		"Or try the workshop sample:  funnelscope demo\n\n" + m.th.Dim.Render("q quits")
}
