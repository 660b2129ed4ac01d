package attribution

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/dustin/go-humanize"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/bars"
)

// chrome is the lines around the bars and their footer: title, model,
// blank, header, blank, total, keys.
const chrome = 7

// fitList gives the list the lines the chrome leaves.
func (m *Model) fitList() { m.list.Fit(max(1, m.Height()-chrome)) }

// explain says how each model splits one conversion.
var explain = map[spec.Model]string{
	spec.FirstTouch:    "all credit to the first touch",
	spec.LastTouch:     "all credit to the last touch before the goal",
	spec.Linear:        "equal shares to every touch",
	spec.TimeDecay:     "weight halves every %s before the goal",
	spec.PositionBased: "40% first, 40% last, 20% split between",
}

// View implements common.View.
func (m *Model) View() string {
	if m.dialog.Open() {
		return m.dialog.View()
	}
	lines := []string{m.title()}
	switch {
	case m.job.Err() != nil:
		lines = append(lines, m.Failed("press G for another goal, t for another touch property")...)
	case m.result() == nil && !m.job.Busy():
		lines = append(lines, "", m.Note("Press G to choose the goal event and t the touch property "+
			"(utm_source, utm_campaign, ...) whose values share the credit for each conversion."))
	case m.result() != nil:
		lines = append(lines, m.modelLine(), "")
		lines = append(lines, m.chart()...)
		lines = append(lines, "", m.total(), m.legend())
	}
	return m.Clip(strings.Join(lines, "\n"))
}

// title gives the total credited (the converters), goal, touch and model.
func (m *Model) title() string {
	th := m.ctx.Theme
	a, ok := m.spec()
	if !ok {
		return th.Title.Render("Attribution")
	}
	t := ""
	if r := m.Result(); r != nil {
		t = th.Title.Render(fmt.Sprintf("%s %s conversions", common.Count(r.Converters), common.Name(r.Goal))) +
			" credited to " + th.Title.Render(common.Name(r.Touch)) + " · " + th.Title.Render(r.Model.String()) + " model "
	} else {
		t = th.Title.Render("Attribution of "+common.Name(a.Goal.String())+" to "+common.Name(a.Touch)) + " "
	}
	t += m.job.StatusIn(m.ctx, "in ")
	return t
}

// modelLine explains the model shown and the lookback.
func (m *Model) modelLine() string {
	r := m.result()
	window, half := report.AttributionWindow(r.a)
	lookback := "no lookback limit"
	if window > 0 {
		lookback = "touches up to " + spec.FormatDuration(window) + " before"
	}
	text := explain[r.res.Model]
	if r.res.Model == spec.TimeDecay {
		text = fmt.Sprintf(text, spec.FormatDuration(half))
	}
	return m.ctx.Theme.Dim.Render(r.res.Model.String() + ": " + text + " · " + lookback)
}

// chart draws one bar per touch value in the list's window, with its
// credit, share of the credit, converters touched, users touched and
// their conversion as the note, and
// the list's footer when some values are out of the window or filtered.
func (m *Model) chart() []string {
	th := m.ctx.Theme
	r := m.Result()
	// Labels and bars are sized over every value, so that scrolling or
	// filtering moves no column and rescales no bar.
	labelW, full := 0, 0.0
	for _, c := range r.Credits {
		labelW, full = max(labelW, lipgloss.Width(common.Name(c.Touch))), max(full, c.Credit)
	}
	sel := m.list.Selected()
	var bs []bars.Bar
	for _, i := range m.list.Window() {
		c := r.Credits[i]
		label := "  " + common.Fit(common.Name(c.Touch), labelW)
		if i == sel {
			label = th.Cursor.Render("▸ ") + th.Selected.Render(common.Fit(common.Name(c.Touch), labelW))
		}
		b := bars.Bar{Label: label, Value: c.Credit, Note: note(r, c)}
		if c.None {
			b.Tone = bars.Alt
		}
		bs = append(bs, b)
	}
	header := fmt.Sprintf("%8s %6s %18s %8s %7s", "credit", "share", "converters touched", "users", "convert")
	// Past 100 columns longer bars only spread the notes away from the
	// labels.
	width := max(10, min(m.Width()-1, 100))
	chart := bars.Render(th, bs, nil, width, full).View()
	// The notes are padded alike, so they end the lines together: the
	// header ends there too.
	head := "  " + common.Name(r.Touch)
	if pad := lipgloss.Width(chart) - lipgloss.Width(head) - lipgloss.Width(header); pad > 0 {
		head += strings.Repeat(" ", pad) + header
	}
	return m.list.WithFooter([]string{th.Dim.Render(head), chart})
}

// note is a bar's figures in fixed columns, so the notes line up: the
// credit, then the users the value touched and the share of them who
// convert, which shows a value bringing many users and no buyers
// (docs/semantics.md, "Attribution").
func note(r *analysis.AttributionResult, c analysis.Credit) string {
	users, conv := "", ""
	if !c.None { // converters without a touch touched nobody
		users, conv = common.Count(c.Users), report.Percent(c.UserConversion())
	}
	return fmt.Sprintf("%8.1f %6s %11s %6s %8s %7s", c.Credit, report.Percent(report.CreditShare(r, c.Credit)),
		common.Count(c.Converters), report.Percent(report.CreditShare(r, float64(c.Converters))), users, conv)
}

// total shows that the credits add up to the converters: each converter
// hands out exactly one credit whatever the model.
func (m *Model) total() string {
	r := m.Result()
	sum := 0.0
	for _, c := range r.Credits {
		sum += c.Credit
	}
	return m.ctx.Theme.Dim.Render(fmt.Sprintf("total credit %s = %s converters · (none): converters without a touch",
		humanize.CommafWithDigits(sum, 1), common.Count(r.Converters)))
}

// legend lists the keys, as far as the width allows.
func (m *Model) legend() string {
	names := spec.ModelNames()
	for i, n := range names {
		if spec.Model(i) == m.model {
			names[i] = m.ctx.Theme.Key.Render(n)
		}
	}
	return common.FitPieces([]string{"m model (" + strings.Join(names, " → ") + ")", "t touch", "G goal"}, " · ", m.Width())
}
