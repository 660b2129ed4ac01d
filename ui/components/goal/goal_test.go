package goal

import (
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/components/dialog"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

func steps(names ...string) spec.Funnel {
	f := spec.Funnel{}
	for _, n := range names {
		f.Steps = append(f.Steps, spec.Step{Name: n})
	}
	return f
}

func TestTheGoalFollowsTheFunnelUntilOneIsPicked(t *testing.T) {
	cat := uitest.Engine(t)
	var g Goal
	if s, ok := g.Of(steps("view_item", "add_to_cart"), cat); !ok || s.Name != "add_to_cart" || !g.FollowsFunnel(steps("view_item", "add_to_cart")) {
		t.Errorf("a two-step funnel's goal is %v %v, want its last step, followed", s, ok)
	}
	if s, ok := g.Of(steps("view_item"), cat); !ok || s.Name != spec.FallbackGoal || g.FollowsFunnel(steps("view_item")) {
		t.Errorf("a one-step funnel's goal is %v %v, want %s, not followed", s, ok, spec.FallbackGoal)
	}
	d := dialog.New(uitest.Theme())
	recomputed := false
	g.Pick(&d, "Goal?", cat, func() tea.Cmd { recomputed = true; return nil })
	uitest.Type(d.Update, "begin_checkout<enter>")
	if s, _ := g.Of(steps("view_item", "add_to_cart"), cat); s.Name != "begin_checkout" || !recomputed {
		t.Errorf("after the pick the goal is %v (then called: %v), want begin_checkout", s, recomputed)
	}
	if g.FollowsFunnel(steps("view_item", "add_to_cart")) {
		t.Error("a picked goal should not be marked as the funnel's last step")
	}
}

func TestAddStepGoesBeforeTheGoalTheFunnelEndsWithElseAtTheEnd(t *testing.T) {
	cases := []struct {
		name       string
		funnel     spec.Funnel
		goal       string
		wantBefore bool
		wantStatus string
	}{
		{"the funnel ends with the goal", steps("view_item", "purchase"), "purchase", true,
			"Added video_play to the funnel as step 2: press 1 to see it"},
		{"the funnel ends elsewhere", steps("view_item", "add_to_cart"), "purchase", false,
			"Added video_play to the funnel as step 3: press 1 to see it"},
		{"a one-step funnel has no goal to go before", steps("purchase"), "purchase", false,
			"Added video_play to the funnel as step 2: press 1 to see it"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var g Goal
			var msgs []tea.Msg
			uitest.Exec(func(msg tea.Msg) tea.Cmd { msgs = append(msgs, msg); return nil },
				g.AddStep(c.funnel, spec.Step{Name: c.goal}, "video_play"))
			if len(msgs) != 2 {
				t.Fatalf("messages %v, want an AddStepMsg and a StatusMsg", msgs)
			}
			add, _ := msgs[0].(common.AddStepMsg)
			if add.Step.Name != "video_play" || add.BeforeLast != c.wantBefore {
				t.Errorf("add %+v, want video_play with BeforeLast %v", add, c.wantBefore)
			}
			if st, _ := msgs[1].(common.StatusMsg); st.Text != c.wantStatus {
				t.Errorf("status %q, want %q", st.Text, c.wantStatus)
			}
			if s, _ := g.Of(spec.Funnel{}, uitest.Engine(t)); s.Name != c.goal {
				t.Errorf("the goal is %v after adding, want it pinned to %s", s, c.goal)
			}
		})
	}
}

func TestAddStepKeepsAPickedGoal(t *testing.T) {
	g := Goal{picked: spec.Step{Name: "add_to_cart"}}
	g.AddStep(steps("view_item", "purchase"), spec.Step{Name: "purchase"}, "video_play")
	if s, _ := g.Of(spec.Funnel{}, uitest.Engine(t)); s.Name != "add_to_cart" {
		t.Errorf("the goal is %v, want the picked add_to_cart", s)
	}
}

func TestCommandSaysHowToChooseAGoalUntilThereIsOne(t *testing.T) {
	args := []string{"--goal", "purchase"}
	if got, want := Command(false, "drivers", args), "funnelscope drivers --goal EVENT   # press G to choose the goal"; got != want {
		t.Errorf("without a goal: %q, want %q", got, want)
	}
	if got, want := Command(true, "drivers", args), "funnelscope drivers --goal purchase"; got != want {
		t.Errorf("with a goal: %q, want %q", got, want)
	}
}
