package app

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/bubbles/key"
	"github.com/funnelscope/funnelscope/ui/components/list"
	"github.com/funnelscope/funnelscope/ui/keys"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// navigation is the keys the README names once, in its "everywhere"
// table, rather than in every view's row.
var navigation = append(list.Keys(), keys.Left, keys.Right)

func TestTheREADMEKeyTablesListEveryKeyOfEveryView(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(string(readme), "\n")
	row := func(prefix string) string {
		for _, r := range rows {
			if strings.HasPrefix(r, prefix) {
				return r
			}
		}
		t.Fatalf("the README has no row %q", prefix)
		return ""
	}
	check := func(where, line string, bs []key.Binding) {
		for _, b := range bs {
			if !strings.Contains(line, "`"+b.Help().Key+"`") {
				t.Errorf("%s: the README lacks `%s` (%s)", where, b.Help().Key, b.Help().Desc)
			}
		}
	}
	everywhere := ""
	for _, k := range []string{"| `tab`", "| `esc`", "| `g`", "| `D`", "| `R`", "| `y`", "| `x`", "| `s`", "| `]`", "| `P`", "| `?`"} {
		everywhere += row(k)
	}
	check("everywhere", everywhere, []key.Binding{keys.NextTab, keys.PrevTab, keys.Back, keys.Where, keys.Dates, keys.ClearAll,
		keys.Command, keys.Export, keys.Save, keys.Open, keys.RenameSaved, keys.DeleteSaved, keys.TourNext, keys.TourPrev,
		keys.Presenter, keys.Help, keys.Quit})
	h := newHarness(t, Options{Steps: uitest.Shop})
	for i, v := range h.m.Views() {
		own := slices.DeleteFunc(slices.Clone(v.Keys()), func(b key.Binding) bool {
			return slices.ContainsFunc(navigation, func(n key.Binding) bool { return n.Help() == b.Help() })
		})
		check(v.Title(), row(fmt.Sprintf("| %d %s |", i+1, v.Title())), own)
	}
}
