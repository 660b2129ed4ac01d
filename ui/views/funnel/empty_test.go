package funnel

import (
	"strings"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

func at(day string) int64 {
	t, err := time.Parse("2006-01-02", day)
	if err != nil {
		panic(err)
	}
	return t.UnixMicro()
}

func TestOutsideDataNamesARangeThatMissesTheData(t *testing.T) {
	data := engine.Summary{Events: 10, Users: 2, First: at("2026-09-01"), Last: at("2026-09-30")}
	cases := []struct {
		name     string
		from, to int64
		want     string
	}{
		{"an open range says nothing", 0, 0, ""},
		{"a range over the data says nothing", at("2026-09-10"), at("2026-09-20"), ""},
		{"a range ending at the first event misses it (TO is excluded)", at("2026-08-01"), at("2026-09-01"),
			"no events between 2026-08-01 and 2026-09-01: the data spans 2026-09-01 → 2026-09-30"},
		{"a range after the data", at("2027-01-01"), at("2027-02-01"),
			"no events between 2027-01-01 and 2027-02-01: the data spans 2026-09-01 → 2026-09-30"},
		{"an open end after the data", at("2026-10-01"), 0, "no events from 2026-10-01 on: the data spans"},
		{"an open start before the data", 0, at("2026-08-01"), "no events before 2026-08-01: the data spans"},
		{"an open end inside the data says nothing", at("2026-09-30"), 0, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := OutsideData(c.from, c.to, data, 0)
			if (c.want == "") != (got == "") || !strings.HasPrefix(got, c.want) {
				t.Errorf("OutsideData = %q, want %q", got, c.want)
			}
		})
	}
}

func TestOutsideDataShortensTheRangeToFitAWidth(t *testing.T) {
	data := engine.Summary{Events: 10, Users: 2, First: at("2026-09-01"), Last: at("2026-10-26")}
	got := OutsideData(at("2001-01-01"), at("2001-02-01"), data, 80)
	if want := "no events in 2001-01-01..2001-02-01: the data spans 2026-09-01 → 2026-10-26"; got != want {
		t.Errorf("at 80 columns: %q, want %q", got, want)
	}
}

func TestAnEmptyFunnelSaysWhy(t *testing.T) {
	cases := []struct {
		name    string
		globals common.GlobalsMsg
		want    string
	}{
		{"dates outside the data", common.GlobalsMsg{From: at("2001-01-01"), To: at("2001-02-01")},
			"no events between 2001-01-01 and 2001-02-01: the data spans"},
		{"a filter that matches nothing", common.GlobalsMsg{Where: []spec.Cond{{Key: "device", Value: "toaster"}}},
			"no users reached step 1 where device=toaster"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			d := newDriver(t, "view_item", "purchase")
			uitest.Run(d.update, c.globals)
			if v := strings.Join(strings.Fields(d.m.View()), " "); !strings.Contains(v, c.want) {
				t.Errorf("view lacks %q:\n%s", c.want, d.m.View())
			}
		})
	}
}

func TestAFunnelWithUsersGivesNoReason(t *testing.T) {
	d := newDriver(t, "view_item", "purchase")
	if v := d.m.View(); strings.Contains(v, "no events") || strings.Contains(v, "reached step 1 where") {
		t.Errorf("a funnel with users explains an emptiness it does not have:\n%s", v)
	}
}
