package app

import (
	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/keys"
	"github.com/funnelscope/funnelscope/ui/views/funnel"
)

// chrome is the number of lines the header, tabs and status take.
const chrome = 4

// update is Update but for the state (state.go).
func (m *Model) update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.w, m.h = msg.Width, msg.Height
		m.resize()
		return m, nil
	case loadedMsg:
		return m, m.loaded(msg)
	case progressMsg:
		m.progress = Progress(msg)
		return m, m.listen()
	case spinner.TickMsg:
		if m.loading {
			var cmd tea.Cmd
			m.spin, cmd = m.spin.Update(msg)
			return m, cmd
		}
	case common.StatusMsg:
		m.setStatus(msg.Text, msg.Error)
		return m, nil
	case common.FunnelMsg:
		m.funnel, m.stepOne = msg.Funnel, "" // the count answers the old funnel
		// The funnel can change while another view shows (global filters,
		// a step added from drivers): that view refreshes now, the others
		// when they are next shown.
		return m, tea.Batch(m.broadcast(msg), m.views[m.active].Activate())
	case common.DrillMsg:
		return m, m.drill(msg)
	case common.AddStepMsg, common.LoadFunnelMsg, common.GlobalsMsg:
		return m, m.broadcast(msg)
	case common.ResultMsg:
		cmd := m.broadcast(msg)
		if msg.View == funnel.Name {
			m.noteStepOne()
		}
		return m, cmd
	case picker.ValuesMsg:
		if msg.For == appName {
			m.openWhereValues(msg)
			return m, nil
		}
	case savedMsg:
		return m, m.savedAnswer(msg)
	case tea.MouseMsg:
		if tea.MouseEvent(msg).IsWheel() && m.viewHasMouse() {
			return m, m.toView(msg) // the wheel scrolls the visible view
		}
		return m, m.mouse(msg)
	case tea.KeyMsg:
		return m, m.key(msg)
	}
	return m, m.broadcast(msg)
}

// appName tags the app's own value requests.
const appName = "app"

func (m *Model) loaded(msg loadedMsg) tea.Cmd {
	m.loading = false
	if msg.err != nil {
		m.loadErr = msg.err
		return nil
	}
	m.ctx = &common.Context{Engine: msg.eng, Theme: m.th, Saved: m.opts.Saved, Local: m.opts.Local}
	m.summary = msg.eng.Summary()
	if m.summary.Events == 0 {
		return nil
	}
	m.views = buildViews(m.ctx, m.startSteps(msg))
	m.resize()
	return m.restore()
}

// broadcast hands a message to every view: results carry their view's
// tag, so each one picks its own; FunnelMsg reaches all of them.
func (m *Model) broadcast(msg tea.Msg) tea.Cmd {
	var cmds []tea.Cmd
	for i, v := range m.views {
		nv, cmd := v.Update(msg)
		m.views[i] = nv
		cmds = append(cmds, cmd)
	}
	return tea.Batch(cmds...)
}

func (m *Model) resize() {
	m.help.Width = m.w
	for _, v := range m.views {
		v.SetSize(m.w, max(4, m.h-chrome))
	}
	m.dialog.SetSize(m.w, m.h-chrome)
}

func (m *Model) switchTo(i int) tea.Cmd {
	if len(m.views) == 0 || i == m.active {
		return nil
	}
	m.active = (i + len(m.views)) % len(m.views)
	return m.views[m.active].Activate()
}

func (m *Model) key(k tea.KeyMsg) tea.Cmd {
	// Keys typed faster than the terminal is read arrive as one message
	// ("ooo", or "aview" when a picker opens on the way): each one is a
	// key of its own, or every binding would miss them.
	if k.Type == tea.KeyRunes && len(k.Runes) > 1 && !k.Paste {
		var cmds []tea.Cmd
		for _, r := range k.Runes {
			cmds = append(cmds, m.key(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}, Alt: k.Alt}))
		}
		return tea.Batch(cmds...)
	}
	m.status = "" // a status message lasts until the next key
	if k.String() == "ctrl+c" {
		return m.quit()
	}
	if m.overlay != noOverlay {
		m.overlay = noOverlay // help and the command: any key closes
		return nil
	}
	return m.dialog.Route(k, m.ownKey)
}

// ownKey handles a key no overlay or question took: the view's while it
// captures keys, else the app's, else the view's again.
func (m *Model) ownKey(k tea.KeyMsg) tea.Cmd {
	if len(m.views) == 0 {
		if key.Matches(k, keys.Quit) {
			return m.quit()
		}
		return nil
	}
	v := m.views[m.active]
	if v.Capturing() || (key.Matches(k, keys.Back) && filtered(v)) {
		return m.toView(k)
	}
	switch {
	case key.Matches(k, keys.Back) && m.canGoBack():
		return m.goBack()
	case key.Matches(k, keys.ClearAll) && !m.funnel.Segment.IsZero():
		return m.clearSegment()
	case key.Matches(k, keys.Quit):
		return m.quit()
	case key.Matches(k, keys.Help):
		m.overlay = helpOverlay
	case key.Matches(k, keys.NextTab):
		return m.switchTo(m.active + 1)
	case key.Matches(k, keys.PrevTab):
		return m.switchTo(m.active - 1)
	case key.Matches(k, m.tabKeys()):
		return m.switchTo(int(k.Runes[0] - '1'))
	case key.Matches(k, keys.Command):
		return m.showCommand()
	case key.Matches(k, keys.Export):
		m.openExport()
	case key.Matches(k, keys.Save):
		return m.openSave()
	case key.Matches(k, keys.Open):
		return m.openSaved()
	case key.Matches(k, keys.Where):
		m.openWhere()
	case key.Matches(k, keys.Dates):
		m.openDates()
	case key.Matches(k, keys.ClearAll):
		return m.confirmReset()
	case key.Matches(k, keys.TourNext):
		return m.tourStep(1)
	case key.Matches(k, keys.TourPrev):
		return m.tourStep(-1)
	case key.Matches(k, keys.Presenter):
		m.togglePresenter()
	default:
		return m.toView(k)
	}
	return nil
}

// toView hands msg to the visible view.
func (m *Model) toView(msg tea.Msg) tea.Cmd {
	nv, cmd := m.views[m.active].Update(msg)
	m.views[m.active] = nv
	return cmd
}

func (m *Model) quit() tea.Cmd {
	if m.cancel != nil {
		m.cancel()
	}
	return tea.Sequence(m.flushState(), tea.Quit)
}

// noteStepOne keeps, for the header, the units at step 1 of the funnel
// view's result, once it answers the current funnel: the header's totals
// ignore filters, and counting under them is the funnel's work, done off
// the UI goroutine already.
func (m *Model) noteStepOne() {
	m.stepOne = ""
	if f := m.funnelView(); f != nil {
		if res := f.Current(); res != nil && len(res.Steps) > 0 {
			m.stepOne = common.Count(res.Steps[0].Count) + " " + report.UnitName(res.Unit) + " at step 1"
		}
	}
}

// filtered says whether v's list holds a filter, which esc clears before
// it goes back.
func filtered(v common.View) bool {
	f, ok := v.(common.Filtered)
	return ok && f.Filtered()
}
