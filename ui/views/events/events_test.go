package events

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

var open = uitest.Opener(New)

// micro is the engine's own summary of goal on the test sample.
func micro(t *testing.T, s spec.Micro) *analysis.MicroResult {
	t.Helper()
	res, err := uitest.Engine(t).Micro(context.Background(), s)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// line is the table row of event in v ("" when none shows).
func line(v, event string) string {
	for _, l := range strings.Split(v, "\n") {
		if f := strings.Fields(strings.TrimPrefix(l, "▸")); len(f) > 0 && f[0] == event {
			return l
		}
	}
	return ""
}

func TestEveryEventOfTheSampleIsARowWithTheEnginesCounts(t *testing.T) {
	m, _ := open(t, nil, 120, 40)
	want := micro(t, spec.Micro{Goal: spec.Step{Name: "purchase"}})
	got := m.Result()
	if got == nil || got.Goal != "purchase" {
		t.Fatalf("without a funnel the goal should default to purchase, got %+v", got)
	}
	var names []string
	for _, e := range uitest.Engine(t).Events() {
		names = append(names, e.Name)
	}
	if m.list.Total() != len(names) || len(got.Events) != len(want.Events) {
		t.Fatalf("%d rows, %d events in the result; the sample has %d events", m.list.Total(), len(got.Events), len(names))
	}
	v := m.View()
	for i, e := range got.Events {
		w := want.Events[i]
		if e.Event != w.Event || e.Events != w.Events || e.Users != w.Users || e.Sessions != w.Sessions {
			t.Errorf("row %d: %+v, the engine says %+v", i, e, w)
		}
		if !slices.Contains(names, e.Event) || line(v, e.Event) == "" {
			t.Errorf("%s: not an event of the catalog, or not on screen:\n%s", e.Event, v)
		}
		if l := line(v, e.Event); !strings.Contains(l, fmt.Sprint(e.Events)) {
			t.Errorf("the row of %s should show its %d events: %q", e.Event, e.Events, l)
		}
	}
}

func TestOnlyTheGoalsRowIsMarked(t *testing.T) {
	m, _ := open(t, nil, 120, 40)
	v := m.View()
	for _, e := range m.Result().Events {
		marked := strings.HasSuffix(strings.TrimRight(line(v, e.Event), " "), "goal")
		if marked != (e.Event == "purchase") {
			t.Errorf("%s marked %v: %q", e.Event, marked, line(v, e.Event))
		}
	}
}

func TestPickingAGoalWithGRecomputes(t *testing.T) {
	m, update := open(t, nil, 120, 40)
	uitest.TypeCaptured(t, update, m, "G", "open the goal picker")
	uitest.Type(update, "begin_checkout<enter>")
	want := micro(t, spec.Micro{Goal: spec.Step{Name: "begin_checkout"}})
	res := m.Result()
	if m.Capturing() || res.Goal != "begin_checkout" || res.Conversions != want.Conversions {
		t.Fatalf("after picking begin_checkout: goal %q, %d conversions (want %d)", res.Goal, res.Conversions, want.Conversions)
	}
	if !strings.HasSuffix(strings.TrimRight(line(m.View(), "begin_checkout"), " "), "goal") {
		t.Errorf("the new goal's row should be marked:\n%s", m.View())
	}
	if c := m.Command(); c != "funnelscope micro --goal begin_checkout" {
		t.Errorf("command %q should name the picked goal", c)
	}
}

func TestTheGoalAndFiltersFollowTheFunnel(t *testing.T) {
	m, update := open(t, nil, 120, 40)
	all := m.Result().Users
	f := spec.Funnel{Steps: []spec.Step{{Name: "page_view"}, {Name: "add_to_cart"}},
		Where: []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}}
	uitest.Run(update, common.FunnelMsg{Funnel: f})
	uitest.Run(update, uitest.Activate{})
	res := m.Result()
	if res.Goal != "add_to_cart" || res.Users >= all {
		t.Errorf("goal %q over %d users; want add_to_cart over fewer than %d", res.Goal, res.Users, all)
	}
	if c := m.Command(); c != "funnelscope micro --goal add_to_cart --where device=mobile" {
		t.Errorf("command %q", c)
	}
}

func TestSlashFiltersTheRowsAndEscBringsThemBack(t *testing.T) {
	m, update := open(t, nil, 120, 40)
	all := m.list.Len()
	uitest.TypeCaptured(t, update, m, "/video", "start a filter that takes every key")
	uitest.Type(update, "<enter>")
	if v := m.View(); m.list.Len() != 1 || m.Selected() != "video_play" || strings.Contains(v, "newsletter_signup") {
		t.Fatalf("filter video: %d rows, selected %q:\n%s", m.list.Len(), m.Selected(), v)
	}
	uitest.Type(update, "<esc>")
	if m.list.Len() != all || m.Selected() != "video_play" {
		t.Errorf("esc should show all %d rows (shown %d) and keep video_play selected (%s)", all, m.list.Len(), m.Selected())
	}
}

func TestRowsBeyondTheFirstScreenAreReachable(t *testing.T) {
	m, update := open(t, nil, 80, 12)
	n := len(m.Result().Events)
	if v := m.View(); !strings.Contains(v, fmt.Sprintf("rows 1–%d of %d", 12-chrome-1, n)) {
		t.Fatalf("the footer should say which rows show:\n%s", v)
	}
	uitest.Type(update, "<pgdown><pgdown><pgdown><pgdown>")
	last := m.Result().Events[n-1].Event
	if m.Selected() != last || !strings.Contains(m.View(), "▸ "+last) {
		t.Errorf("paging down should reach the last event %s (selected %s):\n%s", last, m.Selected(), m.View())
	}
	uitest.CheckFits(t, m.View(), 80, 12, "at the last row")
}

func TestTheViewFitsAtBothSizes(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		w, h := size[0], size[1]
		m, update := open(t, uitest.Shop, w, h)
		uitest.CheckFits(t, m.View(), w, h, "")
		uitest.Type(update, "/a")
		uitest.CheckFits(t, m.View(), w, h, "filtering")
		uitest.Type(update, "<esc>G")
		uitest.CheckFits(t, m.View(), w, h, "picking a goal")
	}
}

func TestExportHasAHeaderAndOneRowPerEvent(t *testing.T) {
	m, _ := open(t, nil, 120, 40)
	out, err := m.Export("csv")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if !strings.HasPrefix(lines[0], "event,events,users") || len(lines) != 1+len(m.Result().Events) {
		t.Errorf("want a header and %d rows, got:\n%s", len(m.Result().Events), out)
	}
}

func TestPlusAddsTheSelectedEventInFrontOfTheGoal(t *testing.T) {
	_, view := open(t, []spec.Step{{Name: "view_item"}, {Name: "purchase"}}, 120, 40)
	var seen []tea.Msg
	update := func(msg tea.Msg) tea.Cmd { seen = append(seen, msg); return view(msg) }
	uitest.Type(update, "/video_play<enter>+<esc>/purchase<enter>+")
	var added []common.AddStepMsg
	for _, msg := range seen {
		if a, ok := msg.(common.AddStepMsg); ok {
			added = append(added, a)
		}
	}
	if len(added) != 1 || added[0].Step.Name != "video_play" || !added[0].BeforeLast {
		t.Errorf("+ should add video_play before the goal, and refuse the goal itself; got %+v", added)
	}
}

// noPurchase is the test sample as a data set without purchase events
// would describe itself: there is no default goal.
type noPurchase struct{ engine.Engine }

func (noPurchase) HasEvent(name string) bool { return name != spec.FallbackGoal }

func TestWithoutADefaultGoalTheViewSaysToPressG(t *testing.T) {
	ctx := uitest.Context(t)
	ctx.Engine = noPurchase{ctx.Engine}
	m := New(ctx)
	update := uitest.Open(m, 80, 24, nil)
	if _, err := m.Export("csv"); err == nil || m.Result() != nil || !strings.Contains(m.View(), "Press G") {
		t.Fatalf("without a goal there is nothing to show but the way to pick one:\n%s", m.View())
	}
	uitest.Type(update, "Gbegin_checkout<enter>")
	if res := m.Result(); res == nil || res.Goal != "begin_checkout" {
		t.Errorf("picking begin_checkout should compute its summary; got %+v", res)
	}
}
