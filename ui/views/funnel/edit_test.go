package funnel

import (
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// mobile is the condition the tests put on a step.
var mobile = spec.Cond{Key: "device", Op: spec.Eq, Value: "mobile"}

func TestStepKeysPlaceAndKeepStepsAsAsked(t *testing.T) {
	cases := []struct {
		name   string
		cursor int
		keys   string
		want   string
		cur    int
	}{
		{"a inserts after the selected step", 0, "asearch<enter>", "view_item,search,add_to_cart,purchase[device=mobile]", 1},
		{"a on the last step appends", 2, "asearch<enter>", "view_item,add_to_cart,purchase[device=mobile],search", 3},
		{"r replaces the event and keeps the filter", 2, "rbegin_check<enter>", "view_item,add_to_cart,begin_checkout[device=mobile]", 2},
		{"esc leaves r's step as it was", 2, "rbegin<esc>", "view_item,add_to_cart,purchase[device=mobile]", 2},
		{"+ duplicates the step after itself, filter and all", 2, "+", "view_item,add_to_cart,purchase[device=mobile],purchase[device=mobile]", 3},
		{"+ in the middle", 0, "+", "view_item,view_item,add_to_cart,purchase[device=mobile]", 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newDriver(t, "view_item", "add_to_cart", "purchase")
			d.m.f.Steps[2].Conds = []spec.Cond{mobile}
			d.m.cursor = c.cursor
			uitest.Type(d.update, c.keys)
			if got := strings.Join(d.names(), ","); got != c.want {
				t.Errorf("steps %s, want %s", got, c.want)
			}
			if d.m.Cursor() != c.cur {
				t.Errorf("cursor on step %d, want %d", d.m.Cursor(), c.cur)
			}
		})
	}
}

func TestAddingToAnEmptyFunnelMakesTheFirstStep(t *testing.T) {
	d := newDriver(t)
	uitest.Type(d.update, "apurch<enter>")
	if got := strings.Join(d.names(), ","); got != "purchase" || d.m.Cursor() != 0 {
		t.Errorf("steps %s, cursor %d", got, d.m.Cursor())
	}
}

func TestADuplicatedStepIsACopyNotAnAlias(t *testing.T) {
	d := newDriver(t, "view_item", "purchase")
	d.m.f.Steps[1].Conds = []spec.Cond{mobile}
	d.m.cursor = 1
	uitest.Type(d.update, "+fdevice<enter>desktop<enter>")
	if got := strings.Join(d.names(), ","); got != "view_item,purchase[device=mobile],purchase[device=mobile&device=desktop]" {
		t.Errorf("steps %s: filtering the copy changed the original", got)
	}
}

// TestUTakesBackEachKindOfEdit starts every case from the same funnel,
// types setup, then the edit and u: the spec is the one before the edit
// again and the status names the edit.
func TestUTakesBackEachKindOfEdit(t *testing.T) {
	cases := []struct{ name, setup, edit, said string }{
		{"add", "", "asearch<enter>", "undid: add step search"},
		{"remove", "", "d", "undid: remove step purchase[device=mobile]"},
		{"move up", "", "K", "undid: move step purchase[device=mobile] up"},
		{"move down", "<up>", "J", "undid: move step add_to_cart down"},
		{"replace", "", "rbegin_check<enter>", "undid: replace step purchase[device=mobile] with begin_checkout"},
		{"duplicate", "", "+", "undid: duplicate step purchase[device=mobile]"},
		{"filter", "", "fcountry<enter>US<enter>", "undid: filter purchase by country=US"},
		{"clear filter", "", "F", "undid: clear the filter of step purchase[device=mobile]"},
		{"window", "", "w<backspace><backspace>2h<enter>", "undid: window 1w → 2h"},
		{"order", "", "o", "undid: order any"},
		{"count", "", "c", "undid: count sessions"},
		{"exclusion", "", "esearch<enter>", "undid: exclude search"},
		{"removing an exclusion", "esearch<enter>", "esearch<enter>", "undid: stop excluding search"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newDriver(t, "view_item", "add_to_cart", "purchase")
			d.m.f.Steps[2].Conds = []spec.Cond{mobile}
			d.m.cursor = 2
			uitest.Type(d.update, c.setup)
			want, cursor := d.m.Command(), d.m.Cursor()
			uitest.Type(d.update, c.edit)
			if d.m.Command() == want {
				t.Fatalf("%q changed nothing to undo", c.edit)
			}
			uitest.Type(d.update, "u")
			if got := d.m.Command(); got != want {
				t.Errorf("after u: %s, want %s", got, want)
			}
			if d.m.Cursor() != cursor {
				t.Errorf("cursor on step %d after u, want %d", d.m.Cursor(), cursor)
			}
			if last := d.statuses[len(d.statuses)-1]; last != c.said {
				t.Errorf("status %q, want %q", last, c.said)
			}
		})
	}
}

func TestUWithNothingToUndoSaysSoAndChangesNothing(t *testing.T) {
	d := newDriver(t, "view_item", "purchase")
	before, n := d.m.Command(), len(d.announced)
	uitest.Type(d.update, "u")
	if d.m.Command() != before || len(d.announced) != n {
		t.Errorf("u changed the funnel to %s", d.m.Command())
	}
	if len(d.statuses) == 0 || d.statuses[len(d.statuses)-1] != "nothing to undo" {
		t.Errorf("statuses %q", d.statuses)
	}
}

func TestUndoGoesBackOneEditAtATimeAndKeepsGlobalFilters(t *testing.T) {
	d := newDriver(t, "view_item", "purchase")
	start := d.m.Funnel()
	uitest.Type(d.update, "oc")
	d.m.f.Where = []spec.Cond{mobile} // as R, g and D set them, outside the view's edits
	uitest.Type(d.update, "u")
	if f := d.m.Funnel(); f.Count != spec.Users || f.Order != spec.AnyOrder || len(f.Where) != 1 {
		t.Errorf("after one u: %+v, want any order, users, the global filter kept", f)
	}
	uitest.Type(d.update, "u")
	if f := d.m.Funnel(); f.Order != start.Order || len(f.Where) != 1 {
		t.Errorf("after two u: %+v", f)
	}
}

func TestTheUndoStackKeepsTheLatestEdits(t *testing.T) {
	d := newDriver(t, "view_item", "purchase")
	uitest.Type(d.update, strings.Repeat("o", undoDepth+5))
	uitest.Type(d.update, strings.Repeat("u", undoDepth+1))
	if got := len(d.m.undo); got != 0 {
		t.Errorf("%d edits left to undo", got)
	}
	if last := d.statuses[len(d.statuses)-1]; last != "nothing to undo" {
		t.Errorf("the %dth u said %q", undoDepth+1, last)
	}
}

func TestOpeningAFunnelForgetsTheEditsOfTheOneBefore(t *testing.T) {
	d := newDriver(t, "view_item", "purchase")
	uitest.Type(d.update, "d")
	uitest.Run(d.update, common.LoadFunnelMsg{Funnel: spec.Funnel{Steps: []spec.Step{{Name: "search"}}, Window: spec.DefaultWindow}})
	uitest.Type(d.update, "u")
	if got := strings.Join(d.names(), ","); got != "search" {
		t.Errorf("u after opening a funnel went back to %s", got)
	}
}
