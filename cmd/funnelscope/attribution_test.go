package main_test

import (
	"math"
	"strings"
	"testing"
)

type attributionOut struct {
	Goal            string   `json:"goal"`
	Touch           string   `json:"touch"`
	Model           string   `json:"model"`
	LookbackSeconds *float64 `json:"lookback_seconds"`
	HalfLifeSeconds *float64 `json:"half_life_seconds"`
	Converters      int      `json:"converters"`
	Credits         []struct {
		Touch      string  `json:"touch"`
		Credit     float64 `json:"credit"`
		Share      float64 `json:"share"`
		Converters int     `json:"converters"`
		Touches    int     `json:"touches"`
		Users      int     `json:"users_touched"`
		UsersConv  int     `json:"users_converting"`
		UserConv   float64 `json:"user_conversion"`
		None       bool    `json:"none"`
	} `json:"credits"`
}

func TestAttributionCreditsSumToTheConvertersForEveryModel(t *testing.T) {
	db := sample2000(t)
	for _, model := range []string{"first", "last", "linear", "time-decay", "position"} {
		var out attributionOut
		decodeJSON(t, fsOK(t, db, "attribution", "--goal", "purchase", "--touch", "utm_campaign", "--model", model).stdout, &out)
		if out.Model != model || out.Goal != "purchase" || out.Touch != "utm_campaign" || out.Converters == 0 ||
			out.LookbackSeconds == nil || *out.LookbackSeconds != 30*86400 || (out.HalfLifeSeconds != nil) != (model == "time-decay") {
			t.Fatalf("%s: header %+v", model, out)
		}
		sum, tiktok, none := 0.0, 0.0, 0
		for i, c := range out.Credits {
			sum += c.Credit
			if i > 0 && out.Credits[i-1].Credit < c.Credit {
				t.Errorf("%s: %s listed after a smaller credit", model, c.Touch)
			}
			if math.Abs(c.Share-c.Credit/float64(out.Converters)) > 1e-12 || c.Credit > float64(c.Converters)+1e-9 {
				t.Errorf("%s: inconsistent credit %+v", model, c)
			}
			if c.None {
				none++
				if c.Touch != "(none)" || c.Touches != 0 || c.Credit != float64(c.Converters) {
					t.Errorf("%s: (none) row %+v", model, c)
				}
			}
			if c.Touch == "tiktok_teens" {
				tiktok = c.Credit
			}
		}
		if math.Abs(sum-float64(out.Converters)) > 1e-9 {
			t.Errorf("%s: credits sum to %v, want %d", model, sum, out.Converters)
		}
		if none != 1 || tiktok > 0.01*float64(out.Converters) {
			t.Errorf("%s: %d (none) rows, tiktok_teens gets %v of %d", model, none, tiktok, out.Converters)
		}
	}
}

func TestAttributionLookbackAndTable(t *testing.T) {
	db := sample2000(t)
	var short, all attributionOut
	decodeJSON(t, fsOK(t, db, "attribution", "--goal", "purchase", "--touch", "utm_source", "--lookback", "1h", "--format", "json").stdout, &short)
	decodeJSON(t, fsOK(t, db, "attribution", "--goal", "purchase", "--touch", "utm_source", "--lookback", "none", "--format", "json").stdout, &all)
	noneOf := func(o attributionOut) float64 {
		for _, c := range o.Credits {
			if c.None {
				return c.Credit
			}
		}
		return 0
	}
	if all.LookbackSeconds != nil || short.Converters != all.Converters || noneOf(short) <= noneOf(all) {
		t.Errorf("a 1h lookback should leave more converters without touch: %v against %v (lookback %v)",
			noneOf(short), noneOf(all), all.LookbackSeconds)
	}
	r := fsOK(t, db, "attribution", "--goal", "purchase", "--touch", "utm_source", "--model", "time-decay", "--half-life", "3d", "--format", "table")
	if !strings.Contains(r.stdout, "time-decay model, 30d lookback, half-life 3d") || !strings.Contains(r.stdout, "(none)") {
		t.Errorf("table output:\n%s", r.stdout)
	}
}

func TestAttributionSaysWhatIsWrongWithItsFlags(t *testing.T) {
	checkRefusals(t, "attribution", []refusal{
		{[]string{"--goal", "purchase", "--touch", "utm_campain"}, `no property named "utm_campain"; did you mean utm_campaign`},
		{[]string{"--goal", "purchse", "--touch", "utm_campaign"}, "did you mean purchase"},
		{[]string{"--goal", "purchase", "--touch", "utm_campaign", "--model", "data-driven"}, "use one of first, last, linear, time-decay, position"},
		{[]string{"--goal", "purchase", "--touch", "utm_campaign", "--lookback", "soon"}, "--lookback"},
		{[]string{"--goal", "purchase", "--touch", "utm_campaign", "--half-life", "0"}, "--half-life"},
		{[]string{"--goal", "purchase"}, "touch"},
	})
}
