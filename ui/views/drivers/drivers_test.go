package drivers

import (
	"fmt"
	"math"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/dataset/datasettest"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/ingest"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// harness drives a view at w x h and records every message its commands
// produce.
func harness(t *testing.T, w, h int) (*Model, func(tea.Msg) tea.Cmd, *[]tea.Msg) {
	t.Helper()
	m := New(uitest.Context(t))
	m.SetSize(w, h)
	var seen []tea.Msg
	view := uitest.Update(m)
	update := func(msg tea.Msg) tea.Cmd {
		seen = append(seen, msg)
		return view(msg)
	}
	return m, update, &seen
}

func index(m *Model, event string) int {
	for i, d := range m.Drivers() {
		if d.Event == event {
			return i
		}
	}
	return -1
}

func TestActivatingRanksThePlantedDriversOfPurchaseAboveOne(t *testing.T) {
	m, update, _ := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	if m.result() == nil || m.result().res.Goal != "purchase" {
		t.Fatalf("without a funnel the goal should default to purchase, got %+v", m.result())
	}
	for _, ev := range []string{"video_play", "newsletter_signup"} {
		i := index(m, ev)
		if i < 0 {
			t.Fatalf("%s is not listed", ev)
		}
		if d := m.Drivers()[i]; !(d.Lift > 1) || d.PValue >= 0.05 {
			t.Errorf("%s: lift %v p %v, want a significant lift above 1", ev, d.Lift, d.PValue)
		}
	}
	if !strings.Contains(m.View(), "∞") {
		t.Errorf("infinite lifts (add_to_cart) should show as ∞:\n%s", m.View())
	}
}

func TestTheGoalFollowsTheFunnelsLastStep(t *testing.T) {
	m, update, _ := harness(t, 120, 40)
	f := spec.Funnel{Steps: []spec.Step{{Name: "page_view"}, {Name: "add_to_cart"}}}
	uitest.Run(update, common.FunnelMsg{Funnel: f})
	uitest.Run(update, uitest.Activate{})
	if m.result() == nil || m.result().res.Goal != "add_to_cart" {
		t.Fatalf("goal should be the funnel's last step add_to_cart, got %+v", m.result())
	}
}

func TestGlobalFiltersReachTheAnalysisAndTheCommand(t *testing.T) {
	m, update, _ := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	all := m.result().res.Users
	f := spec.Funnel{Where: []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}}
	uitest.Run(update, common.FunnelMsg{Funnel: f})
	uitest.Run(update, uitest.Activate{})
	if m.result().res.Users >= all {
		t.Errorf("where device=mobile should leave fewer users than %d, got %d", all, m.result().res.Users)
	}
	if c := m.Command(); !strings.Contains(c, "--goal purchase") || !strings.Contains(c, "device=mobile") {
		t.Errorf("command %q should carry the goal and the filter", c)
	}
}

func TestPickingAGoalRecomputes(t *testing.T) {
	m, update, _ := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	uitest.Type(update, "Gbegin_checkout<enter>")
	if m.Capturing() {
		t.Fatal("the picker should close on enter")
	}
	if m.result().res.Goal != "begin_checkout" {
		t.Fatalf("goal = %q, want begin_checkout", m.result().res.Goal)
	}
	if index(m, "begin_checkout") >= 0 {
		t.Error("the goal should not be listed as its own driver")
	}
	if !strings.Contains(m.Command(), "--goal begin_checkout") {
		t.Errorf("command %q should name the picked goal", m.Command())
	}
}

func TestPlusAsksTheFunnelViewToAddTheSelectedEvent(t *testing.T) {
	m, update, seen := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	i := index(m, "video_play")
	for range i {
		uitest.Type(update, "<down>")
	}
	if m.Selected() != "video_play" {
		t.Fatalf("selected %q after %d downs, want video_play", m.Selected(), i)
	}
	*seen = nil
	uitest.Type(update, "+")
	var added, status bool
	for _, msg := range *seen {
		switch msg := msg.(type) {
		case common.AddStepMsg:
			added = msg.Step.Name == "video_play" && len(msg.Step.Conds) == 0
		case common.StatusMsg:
			status = strings.Contains(msg.Text, "video_play") && !msg.Error
		}
	}
	if !added || !status {
		t.Errorf("+ should emit AddStepMsg{video_play} and a status; got %#v", *seen)
	}
}

func TestPlusPutsTheEventWhereConvertersUsuallyDidIt(t *testing.T) {
	m, update, seen := harness(t, 120, 40)
	uitest.Run(update, common.FunnelMsg{Funnel: spec.Funnel{Steps: uitest.Shop, Window: spec.DefaultWindow}})
	uitest.Run(update, uitest.Activate{})
	// On the sample, converters sign up to the newsletter hours before
	// purchase, long before they view an item (minutes before): in front
	// of the goal the step would convert nobody.
	for range index(m, "newsletter_signup") {
		uitest.Type(update, "<down>")
	}
	*seen = nil
	uitest.Type(update, "+")
	var at int
	var status string
	for _, msg := range *seen {
		switch msg := msg.(type) {
		case common.AddStepMsg:
			at = msg.At
		case common.StatusMsg:
			status = msg.Text
		}
	}
	if at != 1 || !strings.Contains(status, "step 1, before view_item") {
		t.Errorf("+ on newsletter_signup: step %d, status %q; want step 1, before view_item", at, status)
	}
}

func TestAddingAStepKeepsTheGoal(t *testing.T) {
	m, update, _ := harness(t, 120, 40)
	two := spec.Funnel{Steps: []spec.Step{{Name: "page_view"}, {Name: "purchase"}}}
	uitest.Run(update, common.FunnelMsg{Funnel: two})
	uitest.Run(update, uitest.Activate{})
	uitest.Type(update, "+")
	// The funnel view appends the step and announces the new funnel.
	three := two
	three.Steps = append(three.Steps[:2:2], spec.Step{Name: m.Selected()})
	uitest.Run(update, common.FunnelMsg{Funnel: three})
	uitest.Run(update, uitest.Activate{})
	if m.result().res.Goal != "purchase" {
		t.Errorf("goal moved to %q after adding a step; it should stay purchase", m.result().res.Goal)
	}
}

func TestSortTogglesBetweenLiftAndUsers(t *testing.T) {
	m, update, _ := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	sel := m.Selected()
	uitest.Type(update, "S")
	ds := m.Drivers()
	for i := 1; i < len(ds); i++ {
		if ds[i].With > ds[i-1].With {
			t.Fatalf("sorted by users: %s (%d) after %s (%d)", ds[i].Event, ds[i].With, ds[i-1].Event, ds[i-1].With)
		}
	}
	if m.Selected() != sel {
		t.Errorf("sorting moved the selection from %s to %s", sel, m.Selected())
	}
	uitest.Type(update, "S")
	if got, want := m.Drivers()[0].Event, m.result().res.Drivers[0].Event; got != want {
		t.Errorf("S again should restore the lift order: first %s, want %s", got, want)
	}
}

func TestAnAnswerToAnOlderGoalDoesNotReplaceTheShownTable(t *testing.T) {
	m, update, _ := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	purchase, old := m.result(), m.job.Gen()
	// Pick another goal without running the compute command: its answer
	// is still on its way when the old one arrives.
	for _, k := range uitest.Keys("Gnewsletter_signup<enter>") {
		m.Update(k)
	}
	if !m.job.Busy() || m.job.Gen() == old {
		t.Fatalf("picking a goal should start a compute (busy %v, gen %d)", m.job.Busy(), m.job.Gen())
	}
	late := &result{d: purchase.d, res: &analysis.DriversResult{Goal: "late"}}
	m.Update(common.ResultMsg{View: Name, Gen: old, Value: late})
	if m.result() != purchase || !m.job.Busy() || !strings.Contains(m.View(), "computing…") {
		t.Errorf("an answer to an older goal replaced the table:\n%s", m.View())
	}
	if index(m, "video_play") < 0 {
		t.Error("the rows of the shown table should stay listed")
	}
}

func TestWithoutADefaultGoalThePickerOpensOnce(t *testing.T) {
	ctx := uitest.Context(t)
	l, err := datasettest.FromEvents(func(add func(*ingest.Event) error) error {
		for i, n := range []string{"visit", "signup", "visit"} {
			if err := add(&ingest.Event{User: fmt.Sprint("u", i%2), Name: n, Time: int64(i) * 1e6}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	ctx.Engine = engine.NewLocal(l)
	m := New(ctx)
	m.SetSize(80, 24)
	update := uitest.Update(m)
	uitest.Run(update, uitest.Activate{})
	if !m.Capturing() || !strings.Contains(m.View(), "signup") {
		t.Fatalf("without purchase the goal picker should open:\n%s", m.View())
	}
	uitest.Type(update, "<esc>")
	uitest.Run(update, uitest.Activate{})
	if m.Capturing() {
		t.Error("after esc the picker should not reopen by itself")
	}
	if !strings.Contains(m.View(), "press G") && !strings.Contains(m.View(), "Press G") {
		t.Errorf("the view should say how to choose a goal:\n%s", m.View())
	}
	uitest.Type(update, "Gsignup<enter>")
	if m.result() == nil || m.result().res.Goal != "signup" || index(m, "visit") < 0 {
		t.Errorf("picking signup should rank visit; got %+v", m.result())
	}
}

func TestViewFitsEightyByTwentyFour(t *testing.T) {
	for _, size := range [][2]int{{80, 20}, {80, 24}, {120, 36}, {60, 16}} {
		m, update, _ := harness(t, size[0], size[1])
		uitest.Run(update, uitest.Activate{})
		for range 20 {
			uitest.Type(update, "<down>")
		}
		uitest.CheckFits(t, m.View(), size[0], size[1], "")
		uitest.Type(update, "G")
		uitest.CheckFits(t, m.View(), size[0], size[1], "")
	}
}

func TestTheSelectedRowShowsItsIntervalAndStaysInView(t *testing.T) {
	m, update, _ := harness(t, 80, 12)
	uitest.Run(update, uitest.Activate{})
	for range len(m.Drivers()) - 1 {
		uitest.Type(update, "<down>")
	}
	v := m.View()
	last := m.Drivers()[len(m.Drivers())-1]
	if !strings.Contains(v, "▸ "+last.Event[:min(5, len(last.Event))]) {
		t.Errorf("the last row should be scrolled into view and marked:\n%s", v)
	}
	if !strings.Contains(v, "95% CI") {
		t.Errorf("the detail should give the interval:\n%s", v)
	}
}

func TestEveryDriverIsReachableByPagingWhenTheyDoNotFit(t *testing.T) {
	m, update, _ := harness(t, 100, 16)
	uitest.Run(update, uitest.Activate{})
	n := len(m.Drivers())
	if n <= 16-chrome {
		t.Fatalf("setup: %d drivers fit in 16 lines", n)
	}
	if v := m.View(); !strings.Contains(v, fmt.Sprintf("rows 1–%d of %d", 16-chrome-1, n)) {
		t.Errorf("the footer should say which rows show:\n%s", v)
	}
	for range n {
		uitest.Type(update, "<pgdown>")
	}
	last := m.Drivers()[n-1].Event
	if m.Selected() != last || !strings.Contains(m.View(), "▸ "+last[:min(5, len(last))]) {
		t.Errorf("paging down should reach the last driver %s (selected %s):\n%s", last, m.Selected(), m.View())
	}
	uitest.CheckFits(t, m.View(), 100, 16, "at the last row")
}

func TestSlashFiltersTheDriversAndEscBringsThemBack(t *testing.T) {
	m, update, _ := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	all := len(m.Drivers())
	uitest.TypeCaptured(t, update, m, "/video", "start a filter that takes every key")
	uitest.Type(update, "<enter>")
	if m.Capturing() || m.Selected() != "video_play" || m.list.Len() >= all {
		t.Fatalf("filter video: selected %q, %d of %d rows shown", m.Selected(), m.list.Len(), all)
	}
	if v := m.View(); strings.Contains(v, "newsletter_signup") || !strings.Contains(v, `filter "video"`) {
		t.Errorf("the table should show only the matching rows and say so:\n%s", v)
	}
	uitest.Type(update, "<esc>")
	if m.list.Len() != all || m.Selected() != "video_play" || !strings.Contains(m.View(), "newsletter_signup") {
		t.Errorf("esc should show all %d rows again (shown %d) and keep the selection (%s)", all, m.list.Len(), m.Selected())
	}
}

func TestLiftBarsAreLogScaledAndCapped(t *testing.T) {
	cases := []struct {
		lift, want float64
	}{{1, 0}, {10, 1}, {28, 1}, {math.Sqrt(10), 0.5}, {1 / math.Sqrt(10), 0.5}, {math.Inf(1), 1}, {math.NaN(), 0}}
	for _, c := range cases {
		if got := liftBar(driver(c.lift)).Value; math.Abs(got-c.want) > 1e-9 {
			t.Errorf("lift %v: bar %v, want %v", c.lift, got, c.want)
		}
	}
}

func driver(lift float64) analysis.Driver { return analysis.Driver{Lift: lift} }

// BenchmarkView draws the drivers table of purchase at 160x50.
func BenchmarkView(b *testing.B) {
	m := New(uitest.Context(b))
	m.SetSize(160, 50)
	uitest.Run(uitest.Update(m), uitest.Activate{})
	for b.Loop() {
		_ = m.View()
	}
}

func TestTheWheelAndHomeEndReachEveryDriver(t *testing.T) {
	m, update, _ := harness(t, 100, 16)
	uitest.Run(update, uitest.Activate{})
	n := len(m.Drivers())
	for range n {
		uitest.Run(update, tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown})
	}
	first, last := m.Drivers()[0].Event, m.Drivers()[n-1].Event
	if m.Selected() != last || !strings.Contains(m.View(), "▸ "+last[:min(5, len(last))]) {
		t.Errorf("the wheel should reach the last driver %s (selected %s):\n%s", last, m.Selected(), m.View())
	}
	uitest.Type(update, "<home>")
	if m.Selected() != first {
		t.Errorf("home selected %s, want the first driver %s", m.Selected(), first)
	}
	uitest.Type(update, "<end>")
	if m.Selected() != last {
		t.Errorf("end selected %s, want the last driver %s", m.Selected(), last)
	}
}
