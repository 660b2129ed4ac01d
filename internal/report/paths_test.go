package report

import (
	"testing"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
)

func TestPathsTable(t *testing.T) {
	group := func(users int, nodes ...string) analysis.PathGroup {
		return analysis.PathGroup{Users: users, Distinct: 1, Paths: []analysis.Path{{Nodes: nodes, Count: users, Share: 1}}}
	}
	plain := &analysis.PathsResult{Anchor: "land", Depth: 3, PathGroup: group(8, "land", "view", analysis.EndNode)}
	conv, non := group(2, "land", "buy"), group(6, "land", "view")
	split := &analysis.PathsResult{Anchor: "land", Depth: 3, PathGroup: group(8, "land", "view"), Goal: "buy",
		Converters: &conv, NonConverters: &non}
	cases := []struct {
		name    string
		res     *analysis.PathsResult
		headers []string
		rows    int
		at      int
		row     []string
	}{
		{"without a goal there is no group column", plain, []string{"path", "users", "share"}, 1, 0,
			[]string{"land > view > " + analysis.EndNode, "8", "100.0%"}},
		{"with a goal all users come first", split, []string{"group", "path", "users", "share"}, 3, 0,
			[]string{"all", "land > view", "8", "100.0%"}},
		{"then the converters", split, []string{"group", "path", "users", "share"}, 3, 1,
			[]string{"converters", "land > buy", "2", "100.0%"}},
		{"then the others", split, []string{"group", "path", "users", "share"}, 3, 2,
			[]string{"non-converters", "land > view", "6", "100.0%"}},
	}
	for _, c := range cases {
		checkTable(t, c.name, PathsTable(c.res), c.headers, c.rows, c.at, c.row)
	}
}

func TestPathsHeadingNamesTheAnchorTheWayThePathsRun(t *testing.T) {
	conv, non := analysis.PathGroup{Users: 2}, analysis.PathGroup{Users: 6}
	cases := []struct {
		res  analysis.PathsResult
		want string
	}{
		{analysis.PathsResult{Anchor: "land", Depth: 4}, "paths from land, depth 4: 0 users, 0 distinct paths\n"},
		{analysis.PathsResult{Anchor: "buy", Depth: 4, Direction: spec.Backward}, "paths to buy, depth 4: 0 users, 0 distinct paths\n"},
		{analysis.PathsResult{Anchor: "cart", Depth: 4, AfterStep: 2}, "paths of the drop-outs at step 3 (reached step 2, cart, not the next), depth 4: 0 users, 0 distinct paths\n"},
		{analysis.PathsResult{Anchor: "land", Depth: 4, Goal: "buy", Converters: &conv, NonConverters: &non},
			"paths from land, depth 4: 0 users, 0 distinct paths\ngoal buy after the anchor: 2 converters, 6 non-converters\n"},
	}
	for _, c := range cases {
		if got := PathsHeading(&c.res); got != c.want {
			t.Errorf("got %q, want %q", got, c.want)
		}
	}
}
