package drivers

import (
	"fmt"
	"math"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/bars"
)

// fullLift is the lift of a full bar. Bars are log-scaled, because lifts
// run from 1.1x to 30x and a linear bar would hide every modest driver
// behind the first strong one; at or above fullLift they are full (the
// number beside says how far), and an infinite lift is full in another
// tone.
const fullLift = 10

// chrome is the lines around the rows and their footer: title, header,
// blank, three of detail, legend.
const chrome = 7

// fitList gives the list the lines the chrome leaves.
func (m *Model) fitList() { m.list.Fit(m.Height() - chrome) }

// View implements common.View.
func (m *Model) View() string {
	if m.dialog.Open() {
		return m.dialog.View()
	}
	th := m.ctx.Theme
	r := m.result()
	var lines []string
	lines = append(lines, m.title())
	switch {
	case m.job.Err() != nil:
		lines = append(lines, m.Failed("press G to choose another goal")...)
	case r == nil && !m.job.Busy():
		lines = append(lines, "", m.Note("No goal yet. Press G to choose the event whose drivers to rank: "+
			"for every other event, how often the users who did it before the goal reach it, against those who did not."))
	case r != nil && len(m.rows) == 0:
		lines = append(lines, "", th.Dim.Render("No other events before "+common.Name(r.res.Goal)+"."))
	case r != nil:
		lines = append(lines, m.list.WithFooter(m.table())...)
		lines = append(lines, "", m.detail(), m.legend())
	}
	out := strings.Join(lines, "\n")
	return m.Clip(out)
}

// title names the goal, how many users reach it and the compute status.
func (m *Model) title() string {
	th := m.ctx.Theme
	d, ok := m.spec()
	if !ok {
		return th.Title.Render("Drivers")
	}
	head := th.Title.Render("Drivers of "+common.Name(d.Goal.String())) + " "
	note := ""
	if m.goal.FollowsFunnel(m.Funnel()) {
		note = th.Dim.Render("(last funnel step) ")
	}
	facts := ""
	if res := m.result(); res != nil {
		r := res.res
		facts = fmt.Sprintf("· %s of %s users convert (%s) ", common.Count(r.Converters), common.Count(r.Users),
			report.PercentOf(r.Converters, r.Users))
	}
	status := m.job.StatusIn(m.ctx, "in ")
	// On a narrow terminal the note goes first, so the figures and the
	// timing are never cut.
	if lipgloss.Width(head+note+facts+status) > m.Width() {
		note = ""
	}
	return head + note + facts + status
}

// columns sizes the table for the width: the event name and the bar share
// what the fixed columns leave; wide terminals also get the interval.
type columns struct {
	event, bar int
	ci         bool
}

// fixedWidth is the width of the marker and every fixed column with its
// leading space: users 6, P(G|X) 7, P(G|¬X) 7, lift 6, p 6, sig 3, to goal 7.
const fixedWidth = 2 + 7 + 8 + 8 + 1 + 7 + 7 + 4 + 8

func (m *Model) columns() columns {
	c := columns{ci: m.Width() >= 110 && !m.ctx.Presenter} // no interval for a room
	rest := m.Width() - fixedWidth
	if c.ci {
		rest -= 12
	}
	longest := 5
	for _, d := range m.rows {
		longest = max(longest, lipgloss.Width(common.Name(d.Event)))
	}
	c.event = min(longest, 24, max(8, rest-6))
	c.bar = max(6, rest-c.event)
	return c
}

// table renders the header and the rows in the list's window.
func (m *Model) table() []string {
	th := m.ctx.Theme
	c := m.columns()
	head := "  " + common.Fit("event", c.event) + right("users", 7) + right("P(G|X)", 8)
	if c.ci {
		head += " " + common.Fit("95% CI", 11)
	}
	pHead, goalHead := "p", "to goal"
	if m.ctx.Presenter { // a room reads the lifts, not the p-values or timings
		pHead, goalHead = "", ""
	}
	head += right("P(G|¬X)", 8) + " " + common.Fit("lift (log)", c.bar) + right("lift", 7) + right(pHead, 7) + "    " + right(goalHead, 8)
	lines := []string{th.Dim.Render(head)}

	chart := m.liftBars(c.bar)
	sel := m.list.Selected()
	for _, i := range m.list.Window() {
		bar := ""
		if i < len(chart) {
			bar = chart[i]
		}
		lines = append(lines, m.row(m.rows[i], i == sel, c, bar))
	}
	return lines
}

// liftBars draws every row's lift bar, kept until the rows or the width
// change: drawing the chart is most of what a frame would otherwise cost.
// Each bar is scaled to the same full lift, so rows draw alike whichever
// of them are on screen.
func (m *Model) liftBars(width int) []string {
	if m.barLines != nil && m.barWidth == width {
		return m.barLines
	}
	bs := make([]bars.Bar, len(m.rows))
	for i, d := range m.rows {
		bs[i] = liftBar(d)
	}
	lines := strings.Split(bars.Render(m.ctx.Theme, bs, nil, width+3, 1).View(), "\n")
	for i := range lines {
		// bars.Render puts a label column and a space first: the labels
		// are empty, so drop the space.
		lines[i] = strings.TrimPrefix(lines[i], " ")
	}
	m.barLines, m.barWidth = lines, width
	return lines
}

// liftBar is a driver's bar: |log10 lift| up to fullLift, in the hot tone
// when the event goes with converting less.
func liftBar(d analysis.Driver) bars.Bar {
	switch {
	case math.IsNaN(d.Lift) || d.Lift <= 0:
		return bars.Bar{}
	case math.IsInf(d.Lift, 1):
		return bars.Bar{Value: 1, Tone: bars.Alt}
	}
	b := bars.Bar{Value: min(1, math.Abs(math.Log10(d.Lift))/math.Log10(fullLift))}
	if d.Lift < 1 {
		b.Tone = bars.Hot
	}
	return b
}

func (m *Model) row(d analysis.Driver, selected bool, c columns, bar string) string {
	th := m.ctx.Theme
	name := common.Fit(common.Name(d.Event), c.event)
	mark := "  "
	switch {
	case selected:
		mark, name = th.Cursor.Render("▸ "), th.Selected.Render(name)
	case d.LowSupport:
		name = th.Dim.Render(name)
	}
	s := mark + name + right(common.Count(d.With), 7) + right(report.Percent(d.PWith), 8)
	if c.ci {
		s += " " + common.Fit(report.CI(d.CIWith), 11)
	}
	p, sig, goal := report.PValueNarrow(d.PValue), m.sigMark(d), toGoal(d)
	if m.ctx.Presenter { // no p-values, nor the stars that grade them; the median is a timing
		p, sig, goal = "", "   ", ""
	}
	s += right(report.Percent(d.PWithout), 8) + " " + common.Fit(bar, c.bar) + right(report.LiftNarrow(d.Lift), 7) +
		right(p, 7) + " " + sig + right(goal, 8)
	return s
}

// sigMark is three columns: stars for p < .05/.01/.001, coloured by the
// direction of the lift, or "few" when too few users did the event for
// the stars to mean much.
func (m *Model) sigMark(d analysis.Driver) string {
	th := m.ctx.Theme
	if d.LowSupport {
		return th.Dim.Render("few")
	}
	s := common.Fit(stars(d.PValue), 3)
	switch {
	case stars(d.PValue) == "":
		return s
	case d.Lift < 1:
		return th.Bad.Render(s)
	}
	return th.Good.Render(s)
}

// stars grades a p-value.
func stars(p float64) string {
	switch {
	case p < 0.001:
		return "***"
	case p < 0.01:
		return "**"
	case p < 0.05:
		return "*"
	}
	return ""
}

// detail spells out the selected driver, intervals included, in at most
// three lines.
func (m *Model) detail() string {
	i, r := m.list.Selected(), m.result()
	if i < 0 || r == nil {
		return ""
	}
	d, goal := m.rows[i], common.Name(r.res.Goal)
	if m.ctx.Presenter { // the rates a room can read, without intervals or p-values
		return common.Wrap(fmt.Sprintf("%s: %s of the users who did it convert, %s of those who did not (lift %s).",
			common.Name(d.Event), report.Percent(d.PWith), report.Percent(d.PWithout), report.LiftNarrow(d.Lift)), m.Width())
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s of %s users who did it convert (%s, 95%% CI %s) vs %s of %s who did not (%s, %s). ",
		common.Name(d.Event), common.Count(d.WithConverted), common.Count(d.With), report.Percent(d.PWith), report.CI(d.CIWith),
		common.Count(d.WithoutConverted), common.Count(d.Without), report.Percent(d.PWithout), report.CI(d.CIWithout))
	switch {
	case math.IsInf(d.Lift, 1):
		fmt.Fprintf(&b, "Lift ∞: only path, nobody reaches %s without it. ", goal)
	default:
		fmt.Fprintf(&b, "Lift %s, p %s%s. ", report.LiftNarrow(d.Lift), report.PValue(d.PValue), verdict(d.PValue))
	}
	if d.WithConverted > 0 {
		fmt.Fprintf(&b, "Median %s from the first %s to %s.", toGoal(d), common.Name(d.Event), goal)
	}
	if d.LowSupport {
		fmt.Fprintf(&b, " Few users (< %d): mostly noise.", r.res.MinUsers)
	}
	lines := strings.Split(common.Wrap(b.String(), m.Width()), "\n")
	return strings.Join(lines[:min(3, len(lines))], "\n")
}

func verdict(p float64) string {
	if p < 0.05 {
		return " (significant at 5%)"
	}
	return " (not significant)"
}

// legend explains the bar and the marks, then the keys, as far as the
// width allows (help lists the keys anyway).
func (m *Model) legend() string {
	by := "lift"
	if m.byUsers {
		by = "users"
	}
	parts := []string{fmt.Sprintf("bar: log lift, full ≥%dx, hot <1", fullLift), "* p<.05 ** <.01 *** <.001",
		"∞ only path", "sorted by " + by, "+ add step", "G goal", "S sort"}
	if m.ctx.Presenter {
		parts = append(parts[:1], parts[2:]...)
	}
	return m.ctx.Theme.Dim.Render(common.FitPieces(parts, " · ", m.Width()))
}

// toGoal is the median time from the first event to the goal in at most
// seven columns ("-" when no user with the event converts).
func toGoal(d analysis.Driver) string {
	if d.WithConverted == 0 {
		return "-"
	}
	return report.Duration(d.MedianSeconds)
}

// right aligns s to the right of n columns.
func right(s string, n int) string {
	if w := lipgloss.Width(s); w < n {
		return strings.Repeat(" ", n-w) + s
	}
	return s
}
