package funnel

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// driver runs a funnel view and records the funnels it announces.
type driver struct {
	m         *Model
	announced []spec.Funnel
	statuses  []string
}

func newDriver(t testing.TB, steps ...string) *driver {
	var ss []spec.Step
	for _, s := range steps {
		ss = append(ss, spec.Step{Name: s})
	}
	d := &driver{m: New(uitest.Context(t), ss)}
	d.m.SetSize(120, 36)
	uitest.Exec(d.update, d.m.Activate())
	return d
}

func (d *driver) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case common.FunnelMsg:
		d.announced = append(d.announced, msg.Funnel)
		return nil
	case common.StatusMsg:
		d.statuses = append(d.statuses, msg.Text)
		return nil
	case nil:
		return nil
	}
	_, cmd := d.m.Update(msg)
	return cmd
}

func (d *driver) names() []string {
	var out []string
	for _, s := range d.m.Funnel().Steps {
		out = append(out, s.String())
	}
	return out
}

func TestAddingStepsByKeysBuildsAndComputesTheFunnel(t *testing.T) {
	d := newDriver(t)
	uitest.Type(d.update, "aview_item<enter>aadd_to<enter>apurch<enter>")
	if got := strings.Join(d.names(), ","); got != "view_item,add_to_cart,purchase" {
		t.Fatalf("steps %s", got)
	}
	res := d.m.Result()
	if res == nil || len(res.Steps) != 3 {
		t.Fatalf("result %+v, want 3 steps", res)
	}
	want, _ := analysis.Funnel(uitest.Log(t), d.m.Funnel())
	for i := range want.Steps {
		if res.Steps[i].Count != want.Steps[i].Count {
			t.Errorf("step %d: %d, the engine says %d", i+1, res.Steps[i].Count, want.Steps[i].Count)
		}
	}
	if len(d.announced) != 3 {
		t.Errorf("announced %d funnels, want one per change (3)", len(d.announced))
	}
	v := d.m.View()
	for _, s := range []string{"view_item", "add_to_cart", "purchase", "biggest drop-off", "Time to convert to step 3"} {
		if !strings.Contains(v, s) {
			t.Errorf("view lacks %q:\n%s", s, v)
		}
	}
}

func TestEditingKeysChangeTheSpec(t *testing.T) {
	cases := []struct {
		name, keys string
		check      func(f spec.Funnel) bool
	}{
		{"d removes the selected step", "d", func(f spec.Funnel) bool { return len(f.Steps) == 2 && f.Steps[1].Name == "add_to_cart" }},
		{"K moves the selected step up", "K", func(f spec.Funnel) bool { return f.Steps[1].Name == "purchase" && f.Steps[2].Name == "add_to_cart" }},
		{"J at the top moves the first step down", "<up><up>J", func(f spec.Funnel) bool { return f.Steps[0].Name == "add_to_cart" }},
		{"o toggles any order", "o", func(f spec.Funnel) bool { return f.Order == spec.AnyOrder }},
		{"c counts sessions", "c", func(f spec.Funnel) bool { return f.Count == spec.Sessions }},
		{"w sets the window", "w<backspace><backspace>2h<enter>", func(f spec.Funnel) bool { return f.Window == 2*3600*1e6 }},
		{"a bad window keeps the old one", "w<backspace><backspace>soon<enter>", func(f spec.Funnel) bool { return f.Window == spec.DefaultWindow }},
		{"esc cancels a pick", "apurch<esc>", func(f spec.Funnel) bool { return len(f.Steps) == 3 }},
		{"e excludes an event, again removes it", "esearch<enter>", func(f spec.Funnel) bool {
			return len(f.Exclude) == 1 && f.Exclude[0].Event.Name == "search"
		}},
		{"e twice", "esearch<enter>esearch<enter>", func(f spec.Funnel) bool { return len(f.Exclude) == 0 }},
		{"f filters the step by a picked value", "fdevice<enter>mobile<enter>", func(f spec.Funnel) bool {
			return len(f.Steps[2].Conds) == 1 && f.Steps[2].Conds[0] == spec.Cond{Key: "device", Op: spec.Eq, Value: "mobile"}
		}},
		{"f with !value filters not equal; F clears", "fdevice<enter>!mobile<enter>", func(f spec.Funnel) bool {
			return f.Steps[2].Conds[0].Op == spec.Ne && f.Steps[2].Conds[0].Value == "mobile"
		}},
		{"F clears the step's filters", "fdevice<enter>mobile<enter>F", func(f spec.Funnel) bool { return len(f.Steps[2].Conds) == 0 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newDriver(t, "view_item", "add_to_cart", "purchase")
			d.m.cursor = 2
			uitest.Type(d.update, c.keys)
			if f := d.m.Funnel(); !c.check(f) {
				t.Errorf("spec after %q: %+v", c.keys, f)
			}
			if d.m.Capturing() {
				t.Error("a dialog is still open")
			}
		})
	}
}

func TestAStaleResultIsDropped(t *testing.T) {
	d := newDriver(t, "view_item", "purchase")
	fresh := d.m.Result()
	d.m.Update(common.ResultMsg{View: Name, Gen: d.m.job.Gen() - 1, Value: &analysis.FunnelResult{}})
	if d.m.Result() != fresh {
		t.Fatal("an answer to an older spec replaced the current result")
	}
}

func TestGlobalFiltersFoldIntoTheSpecAndRecompute(t *testing.T) {
	d := newDriver(t, "view_item", "purchase")
	before := d.m.Result().Steps[0].Count
	where := []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}
	uitest.Run(d.update, common.GlobalsMsg{Where: where})
	if got := d.m.Result().Steps[0].Count; got >= before || got == 0 {
		t.Fatalf("mobile only: %d users at step 1, all devices %d", got, before)
	}
	if n := len(d.announced); n == 0 || len(d.announced[n-1].Where) != 1 {
		t.Error("the filtered funnel was not announced")
	}
}

func TestViewFitsItsBox(t *testing.T) {
	for _, size := range [][2]int{{80, 20}, {120, 36}, {200, 60}} {
		d := newDriver(t, "landing_page_view", "view_item", "add_to_cart", "begin_checkout", "purchase")
		d.m.SetSize(size[0], size[1])
		uitest.CheckFits(t, d.m.View(), size[0], size[1], "")
	}
}

func TestCommandAndExportReproduceTheView(t *testing.T) {
	d := newDriver(t, "view_item", "purchase")
	if got := d.m.Command(); got != "funnelscope funnel --steps view_item,purchase" {
		t.Errorf("command %q", got)
	}
	csv, err := d.m.Export("csv")
	if err != nil || !strings.HasPrefix(csv, "step,") || !strings.Contains(csv, "purchase,") {
		t.Errorf("csv export %q, %v", csv, err)
	}
}

// benchModel is a five-step funnel at 160x50 with the cursor on its
// last step: the screen the benchmarks draw.
func benchModel(b *testing.B) *Model {
	d := newDriver(b, "landing_page_view", "view_item", "add_to_cart", "begin_checkout", "purchase")
	d.m.SetSize(160, 50)
	d.m.cursor = 4
	return d.m
}

func BenchmarkView(b *testing.B) {
	m := benchModel(b)
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkRender draws the screen afresh, as after every new result.
func BenchmarkRender(b *testing.B) {
	m := benchModel(b)
	for b.Loop() {
		_ = m.render()
	}
}

func TestAddStepMessagesAppendOrGoBeforeTheGoal(t *testing.T) {
	d := newDriver(t, "view_item", "purchase")
	uitest.Run(d.update, common.AddStepMsg{Step: spec.Step{Name: "video_play"}, BeforeLast: true})
	uitest.Run(d.update, common.AddStepMsg{Step: spec.Step{Name: "search"}})
	if got := strings.Join(d.names(), ","); got != "view_item,video_play,purchase,search" {
		t.Fatalf("steps %s", got)
	}
	if d.m.Cursor() != 3 || d.m.Result() == nil || len(d.m.Result().Steps) != 4 {
		t.Errorf("cursor %d, result %+v", d.m.Cursor(), d.m.Result())
	}
}

func TestAnAddStepMessageWithAPlaceTakesIt(t *testing.T) {
	d := newDriver(t, "view_item", "add_to_cart", "purchase")
	uitest.Run(d.update, common.AddStepMsg{Step: spec.Step{Name: "newsletter_signup"}, BeforeLast: true, At: 1})
	if got := strings.Join(d.names(), ","); got != "newsletter_signup,view_item,add_to_cart,purchase" {
		t.Fatalf("steps %s, want newsletter_signup first", got)
	}
	if d.m.Cursor() != 0 {
		t.Errorf("cursor %d, want it on the new step 1", d.m.Cursor())
	}
}

func TestTheFunnelSaysHowManyConvertAfterTheirFirstSession(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		d := newDriver(t)
		d.m.SetSize(size[0], size[1]-4) // the app's header, tabs and status take 4 lines
		steps := []spec.Step{{Name: "landing_page_view"}, {Name: "purchase"}}
		uitest.Run(d.update, common.LoadFunnelMsg{Funnel: spec.Funnel{Steps: steps, Window: 30 * 24 * 3600 * 1e6}})
		v, split := d.m.View(), d.m.Result().Sessions
		if split == nil || split.Later == 0 {
			t.Fatalf("%v: no one converts later: %+v", size, split)
		}
		for _, want := range []string{
			"converted in their first session: " + report.PercentNarrow(1-split.LaterShare()),
			report.PercentNarrow(split.LaterShare()) + " (median " + report.Duration(split.LaterMedianSecs) + " later)",
		} {
			if !strings.Contains(v, want) {
				t.Errorf("%v: %q is not on screen:\n%s", size, want, v)
			}
		}
		for _, l := range strings.Split(v, "\n") {
			if lipgloss.Width(l) > size[0] {
				t.Errorf("%v: line wider than the screen: %q", size, l)
			}
		}
	}
}

func TestEditingStepsLeavesTheCallersSliceAlone(t *testing.T) {
	steps := []spec.Step{{Name: "view_item"}, {Name: "add_to_cart"}, {Name: "purchase"}}
	m := New(uitest.Context(t), steps)
	m.SetSize(120, 36)
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'d'}})
	if steps[0].Name != "view_item" || steps[1].Name != "add_to_cart" {
		t.Errorf("removing a step changed the slice New was given: %+v", steps)
	}
	if len(m.Funnel().Steps) != 2 {
		t.Errorf("d left %d steps, want 2", len(m.Funnel().Steps))
	}
}

func TestTheStepPickerShowsWholeCountsBesideTheStepsPanel(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 36}} {
		d := newDriver(t, "view_item", "add_to_cart", "begin_checkout", "purchase")
		d.m.SetSize(size[0], size[1])
		d.update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune{'a'}})
		v := d.m.View()
		uitest.CheckFits(t, v, size[0], size[1], "step picker")
		if !strings.Contains(v, "╮") {
			t.Errorf("%dx%d: the picker's box is cut at its right side:\n%s", size[0], size[1], v)
		}
		if rows := strings.Count(v, " events"); rows < 5 {
			t.Errorf("%dx%d: %d picker rows end in their whole count, want every visible one:\n%s", size[0], size[1], rows, v)
		}
	}
}
