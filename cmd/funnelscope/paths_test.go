package main_test

import (
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"
)

type pathOut struct {
	Nodes []string `json:"nodes"`
	Count int      `json:"count"`
	Share float64  `json:"share"`
}

type pathsOut struct {
	Anchor            string     `json:"anchor"`
	Direction         string     `json:"direction"`
	AfterStep         int        `json:"after_step"`
	Depth             int        `json:"depth"`
	Users             int        `json:"users"`
	Distinct          int        `json:"distinct"`
	Paths             []pathOut  `json:"paths"`
	Goal              string     `json:"goal"`
	ConverterUsers    *int       `json:"converter_users"`
	NonConverterUsers *int       `json:"non_converter_users"`
	Converters        *[]pathOut `json:"converters"`
	NonConverters     *[]pathOut `json:"non_converters"`
}

// checkPaths checks one list: most frequent first, shares of users, at
// most depth nodes, the anchor at the right end and the closing node only
// at the other.
func checkPaths(t *testing.T, what string, ps []pathOut, users, depth, top int, anchor string, backward bool) {
	t.Helper()
	if len(ps) == 0 || len(ps) > top {
		t.Fatalf("%s: %d paths, want 1 to %d", what, len(ps), top)
	}
	for i, p := range ps {
		if i > 0 && ps[i-1].Count < p.Count {
			t.Errorf("%s: %v listed after a less frequent path", what, p.Nodes)
		}
		if math.Abs(p.Share-float64(p.Count)/float64(users)) > 1e-12 || len(p.Nodes) > depth || len(p.Nodes) < 2 && depth > 1 {
			t.Errorf("%s: path %+v of %d users at depth %d", what, p, users, depth)
		}
		nodes, closing := p.Nodes, "(end)"
		if backward {
			nodes = slices.Clone(nodes)
			slices.Reverse(nodes)
			closing = "(start)"
		}
		if len(nodes) < depth && nodes[len(nodes)-1] != closing {
			t.Errorf("%s: %v is short of depth %d but does not end with %s", what, p.Nodes, depth, closing)
		}
		if nodes[0] != anchor {
			t.Errorf("%s: %v does not start at %s", what, p.Nodes, anchor)
		}
		for k, n := range nodes {
			if n == closing && k != len(nodes)-1 || n == "(end)" && backward || n == "(start)" && !backward {
				t.Errorf("%s: %v: misplaced %s", what, p.Nodes, n)
			}
			if k > 0 && n == nodes[k-1] {
				t.Errorf("%s: %v: repeats are one node", what, p.Nodes)
			}
		}
	}
}

func TestPathsFromAndToAnEventOnTheSample(t *testing.T) {
	db := sample2000(t)
	var fwd pathsOut
	decodeJSON(t, fsOK(t, db, "paths", "--anchor", "landing_page_view").stdout, &fwd)
	if fwd.Anchor != "landing_page_view" || fwd.Direction != "forward" || fwd.Depth != 4 || fwd.Users == 0 ||
		fwd.Users > 2000 || fwd.Distinct < len(fwd.Paths) || fwd.Converters != nil {
		t.Fatalf("header %+v", fwd)
	}
	checkPaths(t, "--from", fwd.Paths, fwd.Users, 4, 10, "landing_page_view", false)

	var back pathsOut
	decodeJSON(t, fsOK(t, db, "paths", "--anchor", "purchase", "--direction", "backward", "--depth", "3", "--top", "5", "--session-gap", "1h").stdout, &back)
	if back.Direction != "backward" || back.Depth != 3 || back.Users == 0 {
		t.Fatalf("header %+v", back)
	}
	checkPaths(t, "--to", back.Paths, back.Users, 3, 5, "purchase", true)

	var mobile pathsOut
	decodeJSON(t, fsOK(t, db, "paths", "--anchor", "landing_page_view", "--where", "device=mobile", "--from", "2026-09-01",
		"--to", "2026-12-01", "--format", "json").stdout, &mobile)
	if mobile.Users == 0 || mobile.Users >= fwd.Users {
		t.Errorf("--where device=mobile: %d of %d users", mobile.Users, fwd.Users)
	}
}

func TestPathsSplitConvertersWithAGoal(t *testing.T) {
	db := sample2000(t)
	var out pathsOut
	decodeJSON(t, fsOK(t, db, "paths", "--anchor", "view_item", "--goal", "purchase", "--top", "3").stdout, &out)
	if out.Goal != "purchase" || out.Converters == nil || out.NonConverters == nil || out.ConverterUsers == nil ||
		*out.ConverterUsers+*out.NonConverterUsers != out.Users || *out.ConverterUsers == 0 {
		t.Fatalf("goal split %+v", out)
	}
	checkPaths(t, "converters", *out.Converters, *out.ConverterUsers, 4, 3, "view_item", false)
	checkPaths(t, "non-converters", *out.NonConverters, *out.NonConverterUsers, 4, 3, "view_item", false)
	r := fsOK(t, db, "paths", "--anchor", "view_item", "--goal", "purchase", "--format", "table")
	if !strings.Contains(r.stdout, "converters") || !strings.Contains(r.stdout, "view_item > ") ||
		!strings.Contains(r.stdout, "goal purchase after the anchor:") {
		t.Errorf("table output:\n%s", r.stdout)
	}
}

func TestPathsAfterDroppingAtAStepCountTheFunnelsDropOff(t *testing.T) {
	db := sample2000(t)
	steps := "view_item,add_to_cart,purchase"
	funnel := funnelJSON(t, db, "--steps", steps)
	var out pathsOut
	decodeJSON(t, fsOK(t, db, "paths", "--after-step", "2", "--steps", steps, "--depth", "3").stdout, &out)
	if out.AfterStep != 2 || out.Anchor != "add_to_cart" || out.Users != funnel.Steps[2].Dropped {
		t.Fatalf("after step 2: %d users from %q, the funnel drops %d there", out.Users, out.Anchor, funnel.Steps[2].Dropped)
	}
	checkPaths(t, "--after-step", out.Paths, out.Users, 3, 10, "add_to_cart", false)
}

// The drop-outs of a segment's funnel are its row's dropped column, and
// their paths run on across sessions: the sample's buyers come back later.
func TestPathsAfterAStepCrossSessionsAndFollowTheSegment(t *testing.T) {
	db := sample2000(t)
	steps := "view_item,add_to_cart,purchase"
	funnel := funnelJSON(t, db, "--steps", steps, "--segment", "device=mobile", "--window", "30d")
	var out pathsOut
	decodeJSON(t, fsOK(t, db, "paths", "--after-step", "1", "--steps", steps, "--segment", "device=mobile",
		"--window", "30d", "--depth", "6", "--top", "100").stdout, &out)
	if out.Users == 0 || out.Users != funnel.Steps[1].Dropped {
		t.Fatalf("after step 1 of the mobile funnel: %d users, the funnel drops %d", out.Users, funnel.Steps[1].Dropped)
	}
	crossed := 0
	for _, p := range out.Paths {
		if slices.Contains(p.Nodes, "(new session)") {
			crossed += p.Count
		}
	}
	if crossed == 0 {
		t.Errorf("no drop-out path crosses a session: %+v", out.Paths)
	}
}

// --since and --until were the dates' names before --from/--to: hidden,
// they still work for a release.
func TestPathsStillReadSinceAndUntilButHideThem(t *testing.T) {
	db := sample2000(t)
	var old, now pathsOut
	decodeJSON(t, fsOK(t, db, "paths", "--anchor", "view_item", "--since", "2026-09-15", "--until", "2026-10-01").stdout, &old)
	decodeJSON(t, fsOK(t, db, "paths", "--anchor", "view_item", "--from", "2026-09-15", "--to", "2026-10-01").stdout, &now)
	if old.Users == 0 || !reflect.DeepEqual(old, now) {
		t.Errorf("--since/--until %+v, --from/--to %+v", old, now)
	}
}

func TestPathsTableCSVAndMarkdownJoinNodes(t *testing.T) {
	db := sample2000(t)
	r := fsOK(t, db, "paths", "--anchor", "landing_page_view", "--format", "table")
	if !strings.HasPrefix(r.stdout, "paths from landing_page_view, depth 4:") || !strings.Contains(r.stdout, "landing_page_view > ") {
		t.Errorf("table:\n%s", r.stdout)
	}
	if r := fsOK(t, db, "paths", "--anchor", "landing_page_view", "--format", "csv"); !strings.HasPrefix(r.stdout, "path,users,share\nlanding_page_view > ") {
		t.Errorf("csv:\n%s", r.stdout)
	}
	if r := fsOK(t, db, "paths", "--anchor", "purchase", "--direction", "backward", "--format", "md"); !strings.HasPrefix(r.stdout, "| path | users | share |") {
		t.Errorf("md:\n%s", r.stdout)
	}
	if r := fsOK(t, db, "paths", "--help"); !strings.Contains(r.stdout, "funnelscope paths --anchor landing_page_view") ||
		strings.Contains(r.stdout, "--since") {
		t.Errorf("--help has no examples:\n%s", r.stdout)
	}
}

func TestPathsExplainBadFlags(t *testing.T) {
	checkRefusals(t, "paths", []refusal{
		{[]string{"--anchor", "landing_page_veiw"}, `no event named "landing_page_veiw"; did you mean landing_page_view`},
		{[]string{"--anchor", "view_item", "--goal", "purchse"}, "did you mean purchase"},
		{[]string{"--anchor", "view_item", "--where", "devise=mobile"}, "did you mean device"},
		{nil, "give the anchor: --anchor EVENT"},
		{[]string{"--from", "landing_page_view"}, `--from "landing_page_view" is not a date: ` +
			"--from/--to are the date range in paths too; give the anchor event with --anchor landing_page_view"},
		{[]string{"--to", "purchase"}, "give the anchor event with --anchor purchase --direction backward"},
		{[]string{"--anchor", "view_item", "--direction", "sideways"}, `--direction "sideways": use forward or backward`},
		{[]string{"--after-step", "3", "--steps", "view_item,purchase"}, "use 1 to 1"},
		{[]string{"--after-step", "1"}, "--steps"},
		{[]string{"--after-step", "1", "--steps", "view_item,purchase", "--anchor", "x"}, "drop --anchor"},
		{[]string{"--steps", "view_item,purchase"}, "say after which step"},
		{[]string{"--after-step", "1", "--steps", "view_item,purchase", "--segment", "device~mob"}, "--segment"},
		{[]string{"--anchor", "view_item", "--depth", "0"}, "--depth 0"},
		{[]string{"--anchor", "view_item", "--from", "yesterday-ish"}, `--from "yesterday-ish" is not a date`},
	})
}
