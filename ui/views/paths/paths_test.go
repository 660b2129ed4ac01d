package paths

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// newView is the view at w x h on the test sample, shown once (so it has
// computed its first result).
func newView(t *testing.T, w, h int) (*Model, func(tea.Msg) tea.Cmd) {
	t.Helper()
	m := New(uitest.Context(t))
	m.SetSize(w, h)
	update := uitest.Update(m)
	uitest.Run(update, uitest.Activate{})
	if m.result() == nil {
		t.Fatalf("no result after the first activation (err %v)", m.job.Err())
	}
	return m, update
}

// withFunnel announces the checkout funnel and shows the view again.
func withFunnel(t *testing.T, update func(tea.Msg) tea.Cmd) {
	t.Helper()
	uitest.Run(update, common.FunnelMsg{Funnel: spec.Funnel{Window: spec.DefaultWindow,
		Steps: []spec.Step{{Name: "view_item"}, {Name: "add_to_cart"}, {Name: "purchase"}}}})
	uitest.Run(update, uitest.Activate{})
}

func names(rs []row) []string {
	out := make([]string, len(rs))
	for i, r := range rs {
		out[i] = strings.Repeat("  ", r.level) + r.name
	}
	return out
}

func TestWithoutAFunnelTheAnchorIsTheMostFrequentEvent(t *testing.T) {
	m, _ := newView(t, 100, 30)
	want := m.ctx.Engine.Events()[0].Name
	if m.result().Anchor != want || m.tree.rows[0].name != want {
		t.Fatalf("anchor %q, first row %q; want the most frequent event %q", m.result().Anchor, m.tree.rows[0].name, want)
	}
	if m.result().Goal != "" {
		t.Errorf("goal %q without a funnel; want none", m.result().Goal)
	}
}

func TestTheFunnelGivesTheAnchorAndTheGoal(t *testing.T) {
	m, update := newView(t, 100, 30)
	withFunnel(t, update)
	if m.result().Anchor != "view_item" || m.result().Goal != "purchase" {
		t.Fatalf("anchor %q goal %q; want view_item and purchase (first and last steps)", m.result().Anchor, m.result().Goal)
	}
	if !strings.Contains(m.Command(), "--anchor view_item") || !strings.Contains(m.Command(), "--goal purchase") {
		t.Errorf("command %q does not reproduce the view", m.Command())
	}
}

func TestAFunnelChangeWaitsUntilTheViewIsShown(t *testing.T) {
	m, update := newView(t, 100, 30)
	before := m.result()
	if cmd := update(common.FunnelMsg{Funnel: spec.Funnel{Steps: []spec.Step{{Name: "purchase"}}}}); cmd != nil {
		t.Fatal("a FunnelMsg started work while the view was hidden")
	}
	if m.result() != before {
		t.Fatal("the result changed before the view was shown")
	}
	uitest.Run(update, uitest.Activate{})
	if m.result().Anchor != "purchase" {
		t.Fatalf("anchor %q after activation; want the funnel's first step, purchase", m.result().Anchor)
	}
}

func TestPickingAnAnchorRecomputes(t *testing.T) {
	m, update := newView(t, 100, 30)
	withFunnel(t, update)
	uitest.Type(update, "a")
	if !m.Capturing() || !strings.Contains(m.View(), "Anchor:") {
		t.Fatal("a did not open the anchor picker")
	}
	uitest.Type(update, "add_to_cart<enter>")
	if m.Capturing() {
		t.Fatal("the picker stayed open after enter")
	}
	if m.result().Anchor != "add_to_cart" || !strings.Contains(m.Command(), "--anchor add_to_cart") {
		t.Fatalf("anchor %q, command %q; want add_to_cart", m.result().Anchor, m.Command())
	}
	// A picked anchor stays when the funnel changes.
	withFunnel(t, update)
	if m.result().Anchor != "add_to_cart" {
		t.Errorf("the funnel replaced the picked anchor with %q", m.result().Anchor)
	}
	uitest.Type(update, "a<esc>")
	if m.Capturing() || m.result().Anchor != "add_to_cart" {
		t.Errorf("esc changed the anchor to %q", m.result().Anchor)
	}
}

func TestRFlipsTheDirectionAndTheAnchorEndsThePaths(t *testing.T) {
	m, update := newView(t, 100, 30)
	withFunnel(t, update)
	fwd := names(m.tree.rows)
	uitest.Type(update, "r")
	if m.result().Direction != spec.Backward || !strings.Contains(m.Command(), "--anchor view_item --direction backward") {
		t.Fatalf("direction %v, command %q after r; want backward to view_item", m.result().Direction, m.Command())
	}
	if m.tree.rows[0].name != "view_item" || strings.Join(names(m.tree.rows), ",") == strings.Join(fwd, ",") {
		t.Fatalf("backward rows %v; want view_item first, then what came before it", names(m.tree.rows))
	}
	uitest.Type(update, "<down>")
	if p := m.tree.path(true); !strings.HasSuffix(p, "› view_item") {
		t.Errorf("selected backward path %q does not end at the anchor", p)
	}
	if !strings.Contains(m.View(), "Paths to view_item") {
		t.Error("the heading does not say the paths lead to the anchor")
	}
	uitest.Type(update, "r")
	if m.result().Direction != spec.Forward {
		t.Error("a second r did not go forward again")
	}
}

func TestExpandingAndCollapsingChangeTheRows(t *testing.T) {
	m, update := newView(t, 100, 30)
	withFunnel(t, update)
	first := len(m.result().Tree.Children[0].Children)
	if len(m.tree.rows) != 1+first {
		t.Fatalf("rows %v; want the anchor open on its %d children", names(m.tree.rows), first)
	}
	// Find the first child with children of its own.
	uitest.Type(update, "<down>")
	for !m.tree.rows[m.tree.cursor()].kids {
		uitest.Type(update, "<down>")
	}
	at, key := m.tree.cursor(), m.tree.selected()
	uitest.Type(update, "<right>")
	if len(m.tree.rows) <= 1+first || !m.tree.rows[at].open {
		t.Fatalf("→ did not open %q: rows %v", key, names(m.tree.rows))
	}
	if m.tree.rows[at+1].level != 2 {
		t.Errorf("the row after an opened node is not its child: %v", names(m.tree.rows))
	}
	uitest.Type(update, "<right>")
	if m.tree.cursor() != at+1 {
		t.Errorf("→ on an open node left the cursor at %d; want its first child %d", m.tree.cursor(), at+1)
	}
	uitest.Type(update, "h")
	if m.tree.cursor() != at {
		t.Errorf("← on a closed child went to %d; want its parent %d", m.tree.cursor(), at)
	}
	uitest.Type(update, "h")
	if len(m.tree.rows) != 1+first || m.tree.rows[at].open {
		t.Errorf("← did not close %q: rows %v", key, names(m.tree.rows))
	}
	// Folds survive a recompute that keeps the nodes (a deeper tree).
	uitest.Type(update, "l+")
	if !m.tree.rows[at].open || m.tree.selected() != key {
		t.Errorf("after + the fold or the cursor moved: cursor on %q", m.tree.selected())
	}
}

// openAll unfolds every node of the view's tree.
func openAll(m *Model, update func(tea.Msg) tea.Cmd) {
	for i := 0; i < len(m.tree.rows); i++ {
		if r := m.tree.rows[i]; r.kids && !r.open {
			m.tree.list.Select(i)
			uitest.Type(update, "<right>")
		}
	}
}

func TestChildSharesSumToAtMostTheirParent(t *testing.T) {
	m, update := newView(t, 120, 40)
	withFunnel(t, update)
	uitest.Type(update, "r+v")
	openAll(m, update)
	if len(m.tree.rows) < 20 {
		t.Fatalf("only %d rows after opening everything", len(m.tree.rows))
	}
	for _, g := range []group{all, converters, nonConverters} {
		sums := map[string]int{}
		for _, r := range m.tree.rows {
			n, parent := m.count(r, g)
			if n > parent {
				t.Errorf("group %d: %q has %d users, more than its parent's %d", g, r.key, n, parent)
			}
			sums[parentKey(r.key)] += n
		}
		for _, r := range m.tree.rows {
			if n, _ := m.count(r, g); r.open && sums[r.key] > n {
				t.Errorf("group %d: the children of %q sum to %d users, more than its %d", g, r.key, sums[r.key], n)
			}
		}
	}
	// The groups partition the users of every node.
	for _, r := range m.tree.rows {
		c, _ := m.count(r, converters)
		n, _ := m.count(r, nonConverters)
		if c+n != r.count {
			t.Errorf("%q: %d converters + %d non-converters != %d users", r.key, c, n, r.count)
		}
	}
}

func TestNShowsWhatTheDroppersDidNext(t *testing.T) {
	m, update := newView(t, 100, 30)
	withFunnel(t, update)
	f, err := analysis.Funnel(uitest.Log(t), spec.Funnel{Window: spec.DefaultWindow,
		Steps: []spec.Step{{Name: "view_item"}, {Name: "add_to_cart"}, {Name: "purchase"}}})
	if err != nil {
		t.Fatal(err)
	}
	for step := 1; step <= 2; step++ {
		uitest.Type(update, "n")
		want := f.Steps[step-1].Count - f.Steps[step].Count
		if m.result().AfterStep != step || m.result().Users != want {
			t.Fatalf("after n×%d: step %d with %d users; want step %d with the %d who dropped there",
				step, m.result().AfterStep, m.result().Users, step, want)
		}
		if m.tree.rows[0].name != f.Steps[step-1].Name || len(m.tree.rows) < 2 {
			t.Fatalf("rows %v; want %s and what came next", names(m.tree.rows), f.Steps[step-1].Name)
		}
		if !strings.Contains(m.Command(), "--after-step") || !strings.Contains(m.View(), "Dropped at step") {
			t.Errorf("command %q or view does not say after-step", m.Command())
		}
	}
	uitest.Type(update, "n")
	if m.result().AfterStep != 0 || m.result().Anchor != "view_item" {
		t.Errorf("a third n on a 3-step funnel gave step %d anchor %q; want the anchor again", m.result().AfterStep, m.result().Anchor)
	}
}

func TestNWithoutAFunnelSaysWhatToDo(t *testing.T) {
	m, update := newView(t, 100, 30)
	var status string
	uitest.Run(func(msg tea.Msg) tea.Cmd {
		if s, ok := msg.(common.StatusMsg); ok {
			status = s.Text
		}
		return update(msg)
	}, uitest.Keys("n")[0])
	if m.afterStep != 0 || !strings.Contains(status, "Funnel view") {
		t.Errorf("n without a funnel: step %d, status %q", m.afterStep, status)
	}
}

func TestDepthStaysBetweenTwoAndSix(t *testing.T) {
	m, update := newView(t, 100, 30)
	uitest.Type(update, "++++")
	if m.result().Depth != maxDepth {
		t.Errorf("depth %d after ++++; want %d", m.result().Depth, maxDepth)
	}
	uitest.Type(update, "------")
	if m.result().Depth != minDepth || !strings.Contains(m.Command(), "--depth 2") {
		t.Errorf("depth %d, command %q after ------; want %d", m.result().Depth, m.Command(), minDepth)
	}
}

func TestGoalPickAndSplit(t *testing.T) {
	m, update := newView(t, 120, 40)
	uitest.Type(update, "v")
	if m.split {
		t.Fatal("v split without a goal")
	}
	uitest.Type(update, "Gadd_to_cart<enter>v")
	if m.result().Goal != "add_to_cart" || !m.split {
		t.Fatalf("goal %q split %v; want add_to_cart, split", m.result().Goal, m.split)
	}
	side := false
	for _, l := range strings.Split(m.View(), "\n") {
		side = side || strings.Contains(l, "Converters") && strings.Contains(l, "Non-converters")
	}
	if !side {
		t.Errorf("at 120 columns the panes are not side by side:\n%s", m.View())
	}
	m.SetSize(80, 24)
	if v := m.View(); !strings.Contains(v, "Converters") || !strings.Contains(v, "Non-converters") {
		t.Errorf("at 80 columns a pane is missing:\n%s", v)
	}
	uitest.Type(update, "G(no goal)<enter>")
	if m.result().Goal != "" || m.split || m.result().Converters != nil {
		t.Errorf("(no goal) left goal %q split %v", m.result().Goal, m.split)
	}
}

func TestStaleResultsAreDropped(t *testing.T) {
	m, update := newView(t, 100, 30)
	now := m.result()
	old := &computed{PathsResult: &analysis.PathsResult{Anchor: "stale"}}
	update(common.ResultMsg{View: Name, Gen: m.job.Gen() - 1, Value: old})
	update(common.ResultMsg{View: "Funnel", Gen: m.job.Gen(), Value: 42})
	if m.result() != now {
		t.Fatal("a stale or foreign result replaced the current one")
	}
	// A recompute in flight: the answer to the request before it is dropped.
	cmd := m.setDepth(3)
	if !m.job.Busy() || !strings.Contains(m.View(), "computing") {
		t.Error("no spinner while computing")
	}
	update(common.ResultMsg{View: Name, Gen: m.job.Gen() - 1, Value: old})
	if m.result() != now || !m.job.Busy() {
		t.Fatal("the answer to an older request was taken")
	}
	first := true
	uitest.Run(func(msg tea.Msg) tea.Cmd {
		if first { // start with the pending command's messages
			first = false
			return cmd
		}
		return update(msg)
	}, nil)
	if m.job.Busy() || m.result().Depth != 3 {
		t.Errorf("busy %v depth %d after the answer; want done at depth 3", m.job.Busy(), m.result().Depth)
	}
}

func TestExportListsThePaths(t *testing.T) {
	m, update := newView(t, 100, 30)
	withFunnel(t, update)
	out, err := m.Export("csv")
	if err != nil || !strings.HasPrefix(out, "group,path,users,share") || !strings.Contains(out, "non-converters,view_item") {
		t.Errorf("export: %v\n%s", err, out)
	}
}

// TestTheViewFitsItsBox renders every state at several sizes.
func TestTheViewFitsItsBox(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {80, 20}, {120, 40}, {60, 12}, {200, 60}} {
		m, update := newView(t, size[0], size[1])
		withFunnel(t, update)
		check := func(state string) {
			t.Helper()
			uitest.CheckFits(t, m.View(), size[0], size[1], state)
		}
		check("forward")
		uitest.Type(update, "++")
		openAll(m, update)
		uitest.Type(update, "<pgdown><down><down>")
		check("opened")
		if w := m.tree.list.Window(); len(w) == 0 || m.tree.cursor() < w[0] || m.tree.cursor() > w[len(w)-1] {
			t.Errorf("%dx%d: the cursor %d is outside the window %v", size[0], size[1], m.tree.cursor(), w)
		}
		if !strings.Contains(m.View(), "› ") {
			t.Errorf("%dx%d: the cursor row is not shown", size[0], size[1])
		}
		uitest.Type(update, "v")
		check("split")
		uitest.Type(update, "vrn")
		check("after step")
		uitest.Type(update, "a")
		check("picker")
	}
}

func TestTheFunnelsGlobalFiltersApply(t *testing.T) {
	m, update := newView(t, 100, 30)
	withFunnel(t, update)
	everyone := m.result().Users
	f := spec.Funnel{Window: spec.DefaultWindow, Steps: []spec.Step{{Name: "view_item"}, {Name: "purchase"}},
		Where: []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}}
	uitest.Run(update, common.FunnelMsg{Funnel: f})
	uitest.Run(update, uitest.Activate{})
	want, err := analysis.Paths(uitest.Log(t), spec.Paths{Anchor: spec.Step{Name: "view_item"}, Where: f.Where})
	if err != nil {
		t.Fatal(err)
	}
	if m.result().Users != want.Users || m.result().Users >= everyone || m.result().Users == 0 {
		t.Errorf("%d users with device=mobile; want %d (of %d without the filter)", m.result().Users, want.Users, everyone)
	}
	if !strings.Contains(m.Command(), "--where device=mobile") {
		t.Errorf("command %q lacks the global filter", m.Command())
	}
}

func TestAFunnelStepWithItsConditionsCanBeTheAnchor(t *testing.T) {
	m, update := newView(t, 100, 30)
	mobile := spec.Step{Name: "view_item", Conds: []spec.Cond{{Key: "device", Value: "mobile"}}}
	uitest.Run(update, common.FunnelMsg{Funnel: spec.Funnel{Window: spec.DefaultWindow,
		Steps: []spec.Step{mobile, {Name: "purchase"}}}})
	uitest.Run(update, uitest.Activate{})
	uitest.Type(update, "a")
	if v := m.View(); !strings.Contains(v, "view_item[device=mobile]") || !strings.Contains(v, "funnel step 1") {
		t.Fatalf("the anchor picker does not offer the funnel's steps:\n%s", v)
	}
	uitest.Type(update, "<down><up><enter>") // the first item: funnel step 1
	if !strings.Contains(m.Command(), "--anchor 'view_item[device=mobile]'") {
		t.Fatalf("command %q, want the step with its condition as the anchor", m.Command())
	}
	all := m.result().Users
	uitest.Type(update, "aview_item<down><enter>") // the plain event, listed after the steps
	if m.result().Users <= all {
		t.Errorf("every view_item: %d users, mobile only: %d; want more without the condition", m.result().Users, all)
	}
}

func TestSlashFiltersTheTreeRowsAndEscBringsThemBack(t *testing.T) {
	m, update := newView(t, 100, 30)
	withFunnel(t, update)
	openAll(m, update)
	all := m.tree.list.Len()
	want := m.tree.rows[len(m.tree.rows)-1].name
	uitest.TypeCaptured(t, update, m, "/"+want, "start a filter that takes the keys (q must not quit)")
	uitest.Type(update, "<enter>")
	n := m.tree.list.Len()
	if n == 0 || n >= all {
		t.Fatalf("%d of %d rows after filtering by %s", n, all, want)
	}
	for _, i := range m.tree.list.Window() {
		if !strings.Contains(m.tree.rows[i].key, want) {
			t.Errorf("row %q shown under the filter %s", m.tree.rows[i].key, want)
		}
	}
	if v := m.View(); !strings.Contains(v, `filter "`+want+`"`) {
		t.Errorf("the screen does not say the rows are filtered:\n%s", v)
	}
	uitest.Type(update, "<esc>")
	if m.tree.list.Len() != all {
		t.Errorf("esc left %d of %d rows", m.tree.list.Len(), all)
	}
}

func TestTheWheelMovesThroughTheTreeAsTheArrowsDo(t *testing.T) {
	m, update := newView(t, 100, 30)
	withFunnel(t, update)
	down := tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelDown}
	uitest.Run(update, down)
	uitest.Run(update, down)
	if m.tree.cursor() != 2 {
		t.Errorf("two turns down put the cursor on row %d, want 2: %v", m.tree.cursor(), names(m.tree.rows))
	}
	uitest.Run(update, tea.MouseMsg{Action: tea.MouseActionPress, Button: tea.MouseButtonWheelUp})
	if m.tree.cursor() != 1 {
		t.Errorf("a turn up put the cursor on row %d, want 1", m.tree.cursor())
	}
}
