package attribution

import (
	"context"
	"fmt"
	"math"
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// harness drives a view at w x h; commands run synchronously.
func harness(t *testing.T, w, h int) (*Model, func(tea.Msg) tea.Cmd) {
	m := New(uitest.Context(t))
	m.SetSize(w, h)
	return m, uitest.Update(m)
}

func credit(r *analysis.AttributionResult, touch string) float64 {
	for _, c := range r.Credits {
		if c.Touch == touch {
			return c.Credit
		}
	}
	return 0
}

func sum(r *analysis.AttributionResult) float64 {
	s := 0.0
	for _, c := range r.Credits {
		s += c.Credit
	}
	return s
}

func TestActivatingCreditsPurchasesToUTMSourceLastTouch(t *testing.T) {
	m, update := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	r := m.Result()
	if r == nil || r.Goal != "purchase" || r.Touch != "utm_source" || r.Model != spec.LastTouch {
		t.Fatalf("defaults: got %+v, want purchase / utm_source / last", r)
	}
	if !strings.Contains(m.View(), common.Count(r.Converters)+" purchase conversions") {
		t.Errorf("the title should carry the total, %d conversions:\n%s", r.Converters, m.View())
	}
}

func TestMCyclesEveryModelAndTheCreditsStillSumToTheConverters(t *testing.T) {
	m, update := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	converters := m.Result().Converters
	want := []spec.Model{spec.Linear, spec.TimeDecay, spec.PositionBased, spec.FirstTouch, spec.LastTouch}
	for _, w := range want {
		uitest.Type(update, "m")
		r := m.Result()
		if r.Model != w {
			t.Fatalf("m: model %v, want %v", r.Model, w)
		}
		if math.Abs(sum(r)-float64(converters)) > 1e-6 || r.Converters != converters {
			t.Errorf("%v: credits sum to %v over %d converters, want %d", w, sum(r), r.Converters, converters)
		}
		if !strings.Contains(m.View(), w.String()+" model") {
			t.Errorf("%v: the title should name the model:\n%s", w, m.View())
		}
		if w != spec.LastTouch && !strings.Contains(m.Command(), "--model "+w.String()) {
			t.Errorf("%v: command %q should carry the model", w, m.Command())
		}
	}
}

func TestTikTokTeensGetsAlmostNoCreditForPurchases(t *testing.T) {
	m, update := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	uitest.Type(update, "tutm_campaign<enter>")
	r := m.Result()
	if r.Touch != "utm_campaign" {
		t.Fatalf("touch %q, want utm_campaign", r.Touch)
	}
	// The planted insight: tiktok_teens brings a large share of the ad
	// clicks but almost no buyers.
	vs, err := m.ctx.Engine.Values(context.Background(), "utm_campaign")
	if err != nil || len(vs) == 0 || vs[0].Name != "tiktok_teens" || vs[0].Count < 100 {
		t.Fatalf("setup: tiktok_teens should be the most frequent campaign (%v, %v)", vs, err)
	}
	for range spec.ModelNames() {
		if c := credit(m.Result(), "tiktok_teens"); c > 0.02*float64(r.Converters) {
			t.Errorf("%v: tiktok_teens has %.1f of %d credits, want almost none", m.Result().Model, c, r.Converters)
		}
		uitest.Type(update, "m")
	}
	if top := m.Result().Credits[0].Touch; top == "tiktok_teens" {
		t.Error("tiktok_teens should not top the credits")
	}
}

func TestPickingAGoalRecomputes(t *testing.T) {
	m, update := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	before := m.Result().Converters
	uitest.Type(update, "Gadd_to_cart<enter>")
	r := m.Result()
	if m.Capturing() || r.Goal != "add_to_cart" || r.Converters <= before {
		t.Errorf("goal add_to_cart: got %q with %d converters (purchase had %d)", r.Goal, r.Converters, before)
	}
	if math.Abs(sum(r)-float64(r.Converters)) > 1e-6 {
		t.Errorf("credits sum to %v, want %d", sum(r), r.Converters)
	}
}

func TestTheGoalFollowsTheFunnelAndItsFilters(t *testing.T) {
	m, update := harness(t, 120, 40)
	f := spec.Funnel{Steps: []spec.Step{{Name: "page_view"}, {Name: "begin_checkout"}},
		Where: []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}}
	uitest.Run(update, common.FunnelMsg{Funnel: f})
	uitest.Run(update, uitest.Activate{})
	if r := m.Result(); r == nil || r.Goal != "begin_checkout" {
		t.Fatalf("goal should be the funnel's last step, got %+v", r)
	}
	if c := m.Command(); !strings.Contains(c, "--goal begin_checkout") || !strings.Contains(c, "device=mobile") {
		t.Errorf("command %q should carry the goal and the global filter", c)
	}
	gen := m.job.Gen()
	uitest.Run(update, uitest.Activate{})
	if m.job.Gen() != gen {
		t.Error("activating again without a change should not recompute")
	}
}

func TestAnAnswerToAnOlderModelDoesNotReplaceTheShownCredits(t *testing.T) {
	m, update := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	shown, old := m.Result(), m.job.Gen()
	m.Update(tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune("m")}) // compute not run
	late := &result{res: &analysis.AttributionResult{Goal: "late", Credits: []analysis.Credit{{Touch: "late"}}}}
	m.Update(common.ResultMsg{View: Name, Gen: old, Value: late})
	if m.Result() != shown || !m.job.Busy() || strings.Contains(m.View(), "late") {
		t.Errorf("an answer to an older generation replaced the credits:\n%s", m.View())
	}
	m.Update(common.ResultMsg{View: "Drivers", Gen: m.job.Gen(), Value: late})
	if m.Result() != shown {
		t.Error("another view's result should be ignored")
	}
}

func TestEveryValueIsReachableByScrollingWhenTheyDoNotFit(t *testing.T) {
	m, update := harness(t, 100, 14)
	uitest.Run(update, uitest.Activate{})
	uitest.Type(update, "tpage<enter>")
	cs := m.Result().Credits
	if len(cs) <= 14-chrome {
		t.Fatalf("setup: %d pages fit in 14 lines", len(cs))
	}
	if v := m.View(); !strings.Contains(v, fmt.Sprintf("rows 1–%d of %d", 14-chrome-1, len(cs))) {
		t.Errorf("the footer should say which values show:\n%s", v)
	}
	last := cs[len(cs)-1].Touch
	if strings.Contains(m.View(), last) {
		t.Fatalf("setup: the last value %s is on the first screen", last)
	}
	uitest.Type(update, "<pgdown><pgdown>")
	if v := m.View(); !strings.Contains(v, "▸ "+last) {
		t.Errorf("paging down should scroll to the last value %s:\n%s", last, v)
	}
	uitest.CheckFits(t, m.View(), 100, 14, "at the last value")
}

func TestSlashFiltersTheValuesAndEscBringsThemBack(t *testing.T) {
	m, update := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	all := len(m.Result().Credits)
	uitest.Type(update, "/goo<enter>")
	if v := m.View(); m.Capturing() || m.list.Len() != 1 || !strings.Contains(v, "▸ google") || strings.Contains(v, "facebook") {
		t.Fatalf("filter goo should leave google alone (%d of %d shown):\n%s", m.list.Len(), all, v)
	}
	uitest.Type(update, "<esc>")
	if v := m.View(); m.list.Len() != all || !strings.Contains(v, "facebook") {
		t.Errorf("esc should bring back all %d values:\n%s", all, v)
	}
}

func TestExportListsEveryTouch(t *testing.T) {
	m, update := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	out, err := m.Export("csv")
	if err != nil || !strings.HasPrefix(out, "utm_source,credit,share") || !strings.Contains(out, "google") {
		t.Errorf("export: %v\n%s", err, out)
	}
}

func TestViewFitsTheTerminal(t *testing.T) {
	for _, size := range [][2]int{{80, 20}, {80, 24}, {120, 36}, {60, 8}} {
		m, update := harness(t, size[0], size[1])
		uitest.Run(update, uitest.Activate{})
		uitest.Type(update, "tutm_content<enter>")
		uitest.CheckFits(t, m.View(), size[0], size[1], "")
		uitest.Type(update, "tutm_campaign<enter>mmm")
		uitest.CheckFits(t, m.View(), size[0], size[1], "")
		uitest.Type(update, "t")
		uitest.CheckFits(t, m.View(), size[0], size[1], "")
	}
}

func TestTikTokTeensShowsItsManyUsersAndFewBuyersAtOnce(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {120, 40}} {
		m, update := harness(t, size[0], size[1]-4) // the app's header, tabs and status take 4 lines
		uitest.Run(update, uitest.Activate{})
		uitest.Type(update, "tutm_campaign<enter>")
		var tiktok analysis.Credit
		for _, c := range m.Result().Credits {
			if c.Touch == "tiktok_teens" {
				tiktok = c
			}
		}
		if tiktok.Users < 100 || tiktok.UserConversion() > 0.01 {
			t.Fatalf("%v: setup: tiktok_teens touches %d users, %.3f convert", size, tiktok.Users, tiktok.UserConversion())
		}
		row := ""
		for _, l := range strings.Split(m.View(), "\n") {
			if strings.Contains(l, "tiktok_teens") {
				row = l
			}
		}
		users, conv := common.Count(tiktok.Users), report.Percent(tiktok.UserConversion())
		if !strings.Contains(row, users) || !strings.HasSuffix(strings.TrimSpace(row), conv) {
			t.Errorf("%v: tiktok_teens' row should end in its %s users and %s converting: %q\n%s", size, users, conv, row, m.View())
		}
	}
}
