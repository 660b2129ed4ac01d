package events

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/ui/common"
)

// chrome is the lines around the rows and their footer: title, header,
// blank, legend.
const chrome = 4

// narrow are report.MicroTable's headers short enough for 80 columns.
var narrow = []string{"event", "events", "users", "/user", "sessions", "/session", "/goal", ""}

// fitList gives the list the lines the chrome leaves.
func (m *Model) fitList() { m.list.Fit(m.Height() - chrome) }

// drawTable lays out the result as the CLI's table (report.MicroTable),
// with short headers when the full ones do not fit beside the cursor.
func (m *Model) drawTable() {
	m.head, m.rows = "", nil
	if res := m.Result(); res != nil {
		t := report.MicroTable(res)
		table := common.TextTable(t.Headers, t.Rows, t.RightAlign)
		if lipgloss.Width(table)+2 > m.Width() { // Width is the widest line's
			table = common.TextTable(narrow, t.Rows, t.RightAlign)
		}
		lines := strings.Split(table, "\n")
		m.head, m.rows = lines[0], lines[1:]
	}
	m.fitList()
}

// View implements common.View.
func (m *Model) View() string {
	if m.dialog.Open() {
		return m.dialog.View()
	}
	th := m.ctx.Theme
	res := m.Result()
	lines := []string{m.title()}
	switch {
	case m.job.Err() != nil:
		lines = append(lines, m.Failed("press G to choose another goal")...)
	case res == nil && !m.job.Busy():
		lines = append(lines, "", m.Note("No goal yet. Press G to choose the event to count the others against: "+
			"every event's events, users and sessions, and how many of it come per goal event."))
	case res != nil && len(res.Events) == 0:
		lines = append(lines, "", th.Dim.Render("No events in these filters and dates."))
	case res != nil:
		lines = append(lines, m.list.WithFooter(m.table())...)
		lines = append(lines, "", m.legend())
	}
	return m.Clip(strings.Join(lines, "\n"))
}

// title names the goal and its conversions, as far as the width allows
// beside the compute status.
func (m *Model) title() string {
	th := m.ctx.Theme
	status := m.job.StatusIn(m.ctx, "computed in ")
	s, ok := m.spec()
	if !ok {
		return th.Title.Render(Name) + " " + status
	}
	pieces := []string{th.Title.Render("Events against " + common.Name(s.Goal.String()))}
	if res := m.Result(); res != nil {
		pieces = append(pieces, "· "+common.Count(res.Conversions)+" conversions",
			fmt.Sprintf("by %s of %s users", common.Count(res.Converters), common.Count(res.Users)),
			"in "+common.Count(res.Sessions)+" sessions")
	}
	if m.goal.FollowsFunnel(m.Funnel()) {
		pieces = append(pieces, th.Dim.Render("(last funnel step)"))
	}
	return common.FitPieces(pieces, " ", m.Width()-lipgloss.Width(status)-1) + " " + status
}

// table renders the header and the rows in the list's window, the goal's
// row in the good tone.
func (m *Model) table() []string {
	th := m.ctx.Theme
	res := m.Result()
	lines := []string{"  " + th.Dim.Render(m.head)}
	sel := m.list.Selected()
	for _, i := range m.list.Window() {
		switch {
		case i == sel:
			lines = append(lines, th.Cursor.Render("▸ ")+th.Selected.Render(m.rows[i]))
		case res.Events[i].Goal:
			lines = append(lines, "  "+th.Good.Render(m.rows[i]))
		default:
			lines = append(lines, "  "+m.rows[i])
		}
	}
	return lines
}

// legend explains the columns, then the keys, as far as the width allows
// (help lists the keys anyway).
func (m *Model) legend() string {
	pieces := []string{"per user/session: share of all with it", "per conversion: events per goal event"}
	if strings.Contains(m.head, "/goal") {
		pieces = []string{"/user /session: share of all with it", "/goal: events per goal event"}
	}
	pieces = append(pieces, "+ add step", "G goal", "/ filter")
	return m.ctx.Theme.Dim.Render(common.FitPieces(pieces, " · ", m.Width()))
}
