package main_test

import (
	"encoding/json"
	"math"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// The analysis commands share one database holding `sample --users 2000`
// (seed 1), made once per test binary; they only read it.
var (
	sample2000Once sync.Once
	sample2000DB   string
	sample2000Err  string
)

func sample2000(t *testing.T) string {
	t.Helper()
	sample2000Once.Do(func() {
		db := filepath.Join(workDir, "sample2000.db")
		if r := fs(t, db, "sample", "--users", "2000"); r.code != 0 {
			sample2000Err = r.String()
			return
		}
		sample2000DB = db
	})
	if sample2000DB == "" {
		t.Fatalf("funnelscope sample --users 2000 failed:\n%s", sample2000Err)
	}
	return sample2000DB
}

// decodeJSON fails the test unless out is one JSON value of v's shape.
func decodeJSON(t *testing.T, out string, v any) {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("not the expected JSON: %v\n%s", err, out)
	}
}

type driversOut struct {
	Goal       string `json:"goal"`
	Users      int    `json:"users"`
	Converters int    `json:"converters"`
	MinUsers   int    `json:"min_users"`
	Drivers    []struct {
		Event            string     `json:"event"`
		With             int        `json:"with"`
		WithConverted    int        `json:"with_converted"`
		Without          int        `json:"without"`
		WithoutConverted int        `json:"without_converted"`
		PWith            float64    `json:"p_with"`
		PWithout         float64    `json:"p_without"`
		CIWith           [2]float64 `json:"ci95_with"`
		CIWithout        [2]float64 `json:"ci95_without"`
		Lift             *float64   `json:"lift"`
		LiftInfinite     bool       `json:"lift_infinite"`
		PValue           float64    `json:"p_value"`
		MedianSeconds    *float64   `json:"median_seconds_to_goal"`
		LowSupport       bool       `json:"low_support"`
	} `json:"drivers"`
}

func TestDriversRankEventsByLiftOnTheSample(t *testing.T) {
	db := sample2000(t)
	// Without --format and with stdout not a terminal, the output is JSON.
	r := fsOK(t, db, "drivers", "--goal", "purchase")
	var out driversOut
	decodeJSON(t, r.stdout, &out)
	if out.Goal != "purchase" || out.Users != 2000 || out.Converters == 0 || out.MinUsers != 30 {
		t.Fatalf("header %+v", out)
	}
	seen := map[string]bool{}
	lowSeen := false
	prev := math.Inf(1)
	for _, d := range out.Drivers {
		seen[d.Event] = true
		if d.With+d.Without != out.Users || d.WithConverted+d.WithoutConverted != out.Converters {
			t.Errorf("%s: groups do not add up to %d users, %d converters: %+v", d.Event, out.Users, out.Converters, d)
		}
		if math.Abs(d.PWith-float64(d.WithConverted)/float64(d.With)) > 1e-12 || d.CIWith[0] > d.PWith || d.CIWith[1] < d.PWith {
			t.Errorf("%s: rate %v outside its interval %v", d.Event, d.PWith, d.CIWith)
		}
		lift := math.Inf(1)
		if d.Lift != nil {
			lift = *d.Lift
			if math.Abs(lift-d.PWith/d.PWithout) > 1e-9 {
				t.Errorf("%s: lift %v, want %v", d.Event, lift, d.PWith/d.PWithout)
			}
		} else if !d.LiftInfinite {
			lift = math.Inf(-1) // undefined: listed last of its group
		}
		if d.LowSupport != (d.With < 30) {
			t.Errorf("%s: low_support %v with %d users", d.Event, d.LowSupport, d.With)
		}
		if d.LowSupport && !lowSeen {
			lowSeen, prev = true, math.Inf(1)
		}
		if d.LowSupport != lowSeen || lift > prev {
			t.Errorf("%s (lift %v) is out of order", d.Event, lift)
		}
		prev = lift
		if (d.MedianSeconds == nil) != (d.WithConverted == 0) || (d.MedianSeconds != nil && *d.MedianSeconds < 0) {
			t.Errorf("%s: median %v with %d converters", d.Event, d.MedianSeconds, d.WithConverted)
		}
	}
	if seen["purchase"] || !seen["video_play"] || !seen["newsletter_signup"] {
		t.Errorf("want every event but the goal, got %v", seen)
	}
	for _, d := range out.Drivers {
		// The planted insights, loosely: 2,000 users are few.
		if (d.Event == "video_play" || d.Event == "newsletter_signup") && (d.Lift == nil || *d.Lift < 1.3) {
			t.Errorf("%s: lift %v, the sample plants about 2", d.Event, d.Lift)
		}
	}
}

func TestDriversFiltersAndTableFormat(t *testing.T) {
	db := sample2000(t)
	var all, mobile driversOut
	decodeJSON(t, fsOK(t, db, "drivers", "--goal", "purchase", "--format", "json").stdout, &all)
	decodeJSON(t, fsOK(t, db, "drivers", "--goal", "purchase", "--where", "device=mobile", "--min-users", "0", "--format", "json").stdout, &mobile)
	if mobile.Users == 0 || mobile.Users >= all.Users || mobile.MinUsers != 1 {
		t.Errorf("--where device=mobile: %d of %d users, min_users %d", mobile.Users, all.Users, mobile.MinUsers)
	}
	for _, d := range mobile.Drivers {
		if d.LowSupport {
			t.Errorf("--min-users 0 marks %s as low support", d.Event)
		}
	}
	r := fsOK(t, db, "drivers", "--goal", "purchase", "--format", "table")
	if !strings.Contains(r.stdout, "goal purchase:") || !strings.Contains(r.stdout, "lift") || !strings.Contains(r.stdout, "video_play") {
		t.Errorf("table output:\n%s", r.stdout)
	}
	r = fsOK(t, db, "drivers", "--goal", "purchase", "--format", "csv")
	if !strings.HasPrefix(r.stdout, "event,with,converted,rate,") {
		t.Errorf("csv output:\n%s", r.stdout)
	}
}

func TestDriversAndMicroSuggestTheClosestEventWhenUnknown(t *testing.T) {
	for _, cmd := range []string{"drivers", "micro"} {
		checkRefusals(t, cmd, []refusal{
			{[]string{"--goal", "purchse"}, `no event named "purchse"; did you mean purchase`},
			{[]string{"--goal", "purchase", "--where", "devise=mobile"}, "did you mean device"},
			{nil, "goal"},
		})
	}
	if r := fs(t, sample2000(t), "drivers", "--goal", "purchase", "--min-users", "-1"); r.code == 0 {
		t.Errorf("--min-users -1: want an error, got\n%s", r)
	}
}

func TestMicroSummarisesEveryEventAgainstTheGoal(t *testing.T) {
	db := sample2000(t)
	var out struct {
		Goal        string `json:"goal"`
		Users       int    `json:"users"`
		Sessions    int    `json:"sessions"`
		Conversions int    `json:"conversions"`
		Converters  int    `json:"converters"`
		Events      []struct {
			Event        string   `json:"event"`
			Events       int      `json:"events"`
			Users        int      `json:"users"`
			Sessions     int      `json:"sessions"`
			RatePerUser  float64  `json:"rate_per_user"`
			RatePerSess  float64  `json:"rate_per_session"`
			MicroToMacro *float64 `json:"micro_to_macro"`
			Goal         bool     `json:"goal"`
		} `json:"events"`
	}
	decodeJSON(t, fsOK(t, db, "micro", "--goal", "purchase").stdout, &out)
	if out.Users != 2000 || out.Sessions < out.Users || out.Conversions < out.Converters || out.Converters == 0 {
		t.Fatalf("header %+v", out)
	}
	goals := 0
	for i, e := range out.Events {
		if i > 0 && out.Events[i-1].Users < e.Users {
			t.Errorf("%s listed after an event with fewer users", e.Event)
		}
		if e.RatePerUser != float64(e.Users)/float64(out.Users) || e.RatePerSess != float64(e.Sessions)/float64(out.Sessions) ||
			e.MicroToMacro == nil || math.Abs(*e.MicroToMacro-float64(e.Events)/float64(out.Conversions)) > 1e-12 ||
			e.Sessions > e.Events || e.Users > e.Sessions {
			t.Errorf("inconsistent row %+v", e)
		}
		if e.Goal {
			goals++
			if e.Event != "purchase" || e.Events != out.Conversions || e.Users != out.Converters {
				t.Errorf("goal row %+v, header %+v", e, out)
			}
		}
	}
	if goals != 1 {
		t.Errorf("%d goal rows, want 1", goals)
	}
	// The sample's export session ids win over the inactivity gap.
	var long struct {
		Sessions int `json:"sessions"`
	}
	r := fsOK(t, db, "micro", "--goal", "purchase", "--session-gap", "30d")
	if err := json.Unmarshal([]byte(r.stdout), &long); err != nil || long.Sessions != out.Sessions {
		t.Errorf("--session-gap 30d: %d sessions against %d (%v)", long.Sessions, out.Sessions, err)
	}
	if r := fs(t, db, "micro", "--goal", "purchase", "--session-gap", "0"); r.code == 0 {
		t.Errorf("--session-gap 0: want an error, got\n%s", r)
	}
}

func TestAnalysisCommandsShowExamplesInHelp(t *testing.T) {
	for _, cmd := range []string{"drivers", "micro", "attribution"} {
		r := run(t, command(t, nil, cmd, "--help"))
		if r.code != 0 || !strings.Contains(r.stdout, "Examples:") || !strings.Contains(r.stdout, "funnelscope "+cmd+" --goal") {
			t.Errorf("%s --help:\n%s", cmd, r)
		}
	}
}
