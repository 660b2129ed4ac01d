package funnel

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/bars"
)

// View implements common.View. Drawing the charts takes milliseconds, so
// the browsing screen is kept until something it shows changes.
func (m *Model) View() string {
	if m.dialog.Open() {
		return m.render()
	}
	key := fmt.Sprintf("%d/%d/%d/%d/%v/%p/%p/%s/%v", m.w, m.h, m.cursor, m.job.Gen(), m.job.Busy(), m.Result(), m.job.Err(), m.job.Spinner(), m.ctx.Presenter)
	if key != m.viewKey {
		m.viewKey, m.viewOut = key, m.render()
	}
	return m.viewOut
}

func (m *Model) render() string {
	if m.ctx.Presenter && !m.dialog.Open() {
		if out := m.presenter(); out != "" {
			return out
		}
	}
	leftW := m.leftWidth()
	rightW := max(20, m.w-leftW-2)
	left := lipgloss.NewStyle().Width(leftW).MaxWidth(leftW).Render(m.stepsPanel(leftW))
	// The dialog opens beside the steps panel, not over the whole view:
	// sized to the whole width, its right side (the event counts) was cut.
	m.dialog.SetSize(rightW, m.h)
	right := m.dialog.View()
	if !m.dialog.Open() {
		right = m.resultPanel(rightW)
	}
	right = lipgloss.NewStyle().MaxWidth(rightW).Render(right)
	body := lipgloss.JoinHorizontal(lipgloss.Top, left, "  ", right)
	if !m.dialog.Open() && m.Result() != nil {
		rest := m.h - lipgloss.Height(body) // lines under the panels
		if t := m.table(m.w); rest > lipgloss.Height(t) {
			body += "\n\n" + t
			rest -= lipgloss.Height(t) + 1
			if h := m.histogram(m.w, rest); h != "" { // every line left: each is a bucket fewer to merge
				body += "\n" + h
			}
		}
	}
	return lipgloss.NewStyle().MaxHeight(m.h).MaxWidth(m.w).Render(body)
}

func (m *Model) stepsPanel(w int) string {
	th := m.ctx.Theme
	var b strings.Builder
	b.WriteString(th.Title.Render("Steps") + th.Dim.Render("  a add · f filter") + "\n")
	if len(m.f.Steps) == 0 {
		b.WriteString(th.Dim.Render("No steps yet.\nPress a to add the first step\nof your funnel.") + "\n")
	}
	for i, s := range m.f.Steps {
		line := fmt.Sprintf("%d %s", i+1, common.Name(s.String()))
		line = common.Cut(line, w-2)
		if i == m.cursor {
			b.WriteString(th.Selected.Render("▸ "+line) + "\n")
		} else {
			b.WriteString("  " + line + "\n")
		}
	}
	order := "strict"
	if m.f.Order == spec.AnyOrder {
		order = "any"
	}
	b.WriteString("\n" + th.Dim.Render("window ") + spec.FormatDuration(m.f.Window) +
		th.Dim.Render("  order ") + order + "\n")
	b.WriteString(th.Dim.Render("count ") + report.UnitName(m.f.Count))
	if len(m.f.Exclude) > 0 {
		names := make([]string, len(m.f.Exclude))
		for i, e := range m.f.Exclude {
			names[i] = common.Name(e.Event.String())
		}
		b.WriteString("\n" + th.Dim.Render("exclude ") + strings.Join(names, ", "))
	}
	return b.String()
}

func (m *Model) resultPanel(w int) string {
	th := m.ctx.Theme
	status := m.job.StatusIn(m.ctx, "computed in ")
	if err := m.job.Err(); err != nil {
		return th.StatusError.Render(common.Wrap(err.Error(), w)) + "\n" + status
	}
	res := m.Result()
	if res == nil {
		return status
	}
	steps := res.Steps
	hot := res.WeakestStep()
	bs := make([]bars.Bar, len(steps))
	between := make([]string, 0, len(steps))
	for i, s := range steps {
		bs[i] = bars.Bar{Label: common.Name(s.Name), Value: float64(s.Count),
			Note: fmt.Sprintf("%s %s", common.Count(s.Count), report.Percent(s.ConvFromStart))}
		if i == hot {
			bs[i].Tone = bars.Hot
		}
		if i > 0 {
			drop := report.Percent(1 - s.ConvFromPrev)
			t := fmt.Sprintf("↓ %s continue · %s drop off (−%s)", report.Percent(s.ConvFromPrev), drop, common.Count(s.Dropped))
			mark := "  ◀ biggest drop-off"
			if w < 70 { // narrow: the rates; the table below has the counts
				t = fmt.Sprintf("↓ %s · drop %s", report.Percent(s.ConvFromPrev), drop)
				mark = " ◀ biggest"
			}
			if i == hot {
				between = append(between, th.Bad.Render(t+mark))
			} else {
				between = append(between, th.Dim.Render(t))
			}
		}
	}
	head := th.Title.Render(fmt.Sprintf("Conversion (%s)", report.UnitName(res.Unit))) + "  " + status
	if why := emptyReason(m.f, res, m.ctx.Engine.Summary()); why != "" {
		head += "\n" + th.Warn.Render(common.Wrap(why, w))
	}
	return head + "\n" + bars.Render(th, bs, between, w, 0).View() + m.sessionLine(w)
}
