package app

import (
	"fmt"
	"strings"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/views/attribution"
	"github.com/funnelscope/funnelscope/ui/views/breakdown"
	"github.com/funnelscope/funnelscope/ui/views/drivers"
	"github.com/funnelscope/funnelscope/ui/views/funnel"
	"github.com/funnelscope/funnelscope/ui/views/trends"
)

// The tour walks through the README's walkthrough of the workshop sample:
// each scene opens a funnel, shows a view and sets its options through
// the messages a user's own keys send (LoadFunnelMsg as O does, a tab
// switch, the view's keys), so what it shows is what anyone can reach by
// hand, and one line says what to look at.

// scene is one stop of the tour.
type scene struct {
	view  string   // the title of the view the scene shows
	steps []string // the funnel the scene opens
	// keys are typed in the view once it shows ("\n" is enter); nil
	// types none. They may depend on the view's state, so that a toggle
	// lands on the scene's setting whatever the user did before.
	keys func(m *Model) string
	// needs lists what the scene reads beyond its steps: "event" or
	// "key:property".
	needs []string
	long  string // the explanation on wide terminals
	short string // the same within 80 columns with the "tour N/M  " prefix
}

var checkout = []string{"view_item", "add_to_cart", "begin_checkout", "purchase"}

// typed returns the same keys whatever the state.
func typed(s string) func(*Model) string { return func(*Model) string { return s } }

var scenes = []scene{
	{view: funnel.Name, steps: checkout,
		long:  "The checkout funnel: each bar is a step; ◀ marks the biggest drop-off, begin_checkout → purchase",
		short: "Checkout funnel: ◀ marks the biggest drop-off (checkout → purchase)"},
	{view: funnel.Name, steps: checkout,
		long:  "Buyers come back later: the line under the bars splits first-session buyers from later ones, with the median delay",
		short: "Buyers come back later: see the line under the bars (first vs later)"},
	{view: breakdown.Name, steps: checkout, keys: typed("pdevice\n"), needs: []string{"key:device"},
		long:  "Breakdown by device: mobile converts about half as often as desktop, and the matrix shows it is at checkout",
		short: "By device: mobile converts half as often, lost at checkout → purchase"},
	{view: breakdown.Name, steps: checkout, keys: typed("pvariant\n"), needs: []string{"key:variant"},
		long:  "Breakdown by A/B variant: B lifts view_item → add_to_cart by a third; the later steps are alike",
		short: "By variant: B lifts view_item → add_to_cart by a third"},
	{view: drivers.Name, steps: checkout, needs: []string{"video_play", "newsletter_signup"},
		long:  "Drivers of purchase: users who play a video or sign up to the newsletter buy about twice as often",
		short: "Drivers: video players and newsletter sign-ups buy about 2x as often"},
	{view: trends.Name, steps: checkout, keys: trendsKeys,
		long:  "Trends per day: ▲▼ flag the days outside their band; the dip at the end is windows still open, not a fall",
		short: "Per day: ▲▼ flag days off the band; the last days are incomplete"},
	{view: attribution.Name, steps: checkout, keys: typed("tutm_campaign\n"), needs: []string{"ad_click", "key:utm_campaign"},
		long:  "Attribution by campaign: tiktok_teens touches the most users, yet almost none of them buy (see users and convert)",
		short: "By campaign: tiktok_teens touches many users, almost none buy"},
}

// trendsKeys brings the trends view to days and the overall line from
// whatever the user left it on.
func trendsKeys(m *Model) string {
	t, ok := m.views[m.viewIndex(trends.Name)].(*trends.Model)
	if !ok {
		return ""
	}
	keys := ""
	if t.Interval() != spec.Day {
		keys += "i"
	}
	return keys + strings.Repeat("l", t.LinesToOverall())
}

// tourNeedsSample is what the tour says on data that is not the sample.
const tourNeedsSample = "the tour needs the sample (funnelscope demo)"

// missing names the first event or property scene s needs that the data
// lacks, or "".
func (m *Model) missing(s scene) string {
	eng := m.ctx.Engine
	for _, n := range append(append([]string{}, s.steps...), s.needs...) {
		if k, ok := strings.CutPrefix(n, "key:"); ok {
			if !eng.HasKey(k) {
				return "property " + k
			}
		} else if !eng.HasEvent(n) {
			return "event " + n
		}
	}
	return ""
}

// onSample says whether every scene finds what it needs: the first
// screen then invites to the tour.
func (m *Model) onSample() bool {
	for _, s := range scenes {
		if m.missing(s) != "" {
			return false
		}
	}
	return true
}

// tourStep moves the tour by d scenes (1 or -1); before the first scene
// both start it. Past the last scene it says the tour is over, before
// the first it stays there.
func (m *Model) tourStep(d int) tea.Cmd {
	next := m.scene + d
	switch {
	case m.scene < 0:
		next = 0
	case next >= len(scenes):
		m.setStatus(fmt.Sprintf("the tour is over (%d insights): [ goes back, ? lists every key", len(scenes)), false)
		return nil
	case next < 0:
		next = 0
	}
	return m.showScene(next)
}

// showScene opens scene i, asking first, as O does, when that would
// discard edits of the funnel that are not saved.
func (m *Model) showScene(i int) tea.Cmd {
	if what := m.missing(scenes[i]); what != "" {
		m.setStatus(tourNeedsSample+": this data has no "+what, true)
		return nil
	}
	if m.unsaved() {
		m.dialog.Confirm(fmt.Sprintf("The funnel has edits that are not saved. Discard them for tour step %d?", i+1),
			func() tea.Cmd { return m.playScene(i) })
		return nil
	}
	return m.playScene(i)
}

// playScene opens scene i: its funnel, its view, its keys, its line. The
// scene's funnel counts as opened: edits from there on are new.
func (m *Model) playScene(i int) tea.Cmd {
	s := scenes[i]
	m.scene = i
	steps := make([]spec.Step, len(s.steps))
	for j, n := range s.steps {
		steps[j] = spec.Step{Name: n}
	}
	cmds := []tea.Cmd{m.broadcast(common.LoadFunnelMsg{Funnel: spec.Funnel{Steps: steps, Window: spec.DefaultWindow}}),
		m.switchTo(m.viewIndex(s.view))}
	m.savedEdits = m.funnelEdits()
	if s.keys != nil {
		for _, k := range keyMsgs(s.keys(m)) {
			cmds = append(cmds, m.key(k))
		}
	}
	m.setStatus(m.sceneLine(i), false) // after the keys: each one clears the status
	return tea.Batch(cmds...)
}

// sceneLine is scene i's explanation, the long one when it fits.
func (m *Model) sceneLine(i int) string {
	prefix := fmt.Sprintf("tour %d/%d  ", i+1, len(scenes))
	if line := prefix + scenes[i].long + "  (] next)"; lipgloss.Width(line) <= m.w {
		return line
	}
	return prefix + scenes[i].short
}

// keyMsgs turns typed text into key presses, "\n" into enter.
func keyMsgs(s string) []tea.KeyMsg {
	var out []tea.KeyMsg
	for _, r := range s {
		if r == '\n' {
			out = append(out, tea.KeyMsg{Type: tea.KeyEnter})
		} else {
			out = append(out, tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{r}})
		}
	}
	return out
}
