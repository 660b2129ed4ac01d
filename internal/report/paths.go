package report

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/textsafe"
)

// PathsHeading is the lines the text table starts with: the anchor, the
// depth, the users and distinct paths, and with a goal the size of each
// group.
func PathsHeading(res *analysis.PathsResult) string {
	anchor := textsafe.Display(res.Anchor)
	what := "from " + anchor
	switch {
	case res.AfterStep > 0:
		what = fmt.Sprintf("of the drop-outs at step %d (reached step %d, %s, not the next)", res.AfterStep+1, res.AfterStep, anchor)
	case res.Direction == spec.Backward:
		what = "to " + anchor
	}
	s := fmt.Sprintf("paths %s, depth %d: %d users, %d distinct paths\n", what, res.Depth, res.Users, res.Distinct)
	if res.Converters != nil {
		s += fmt.Sprintf("goal %s after the anchor: %d converters, %d non-converters\n",
			textsafe.Display(res.Goal), res.Converters.Users, res.NonConverters.Users)
	}
	return s
}

// PathsTable is the table of a paths analysis, one row per path with its
// nodes joined by " > ". With a goal a group column first says whether the
// row counts all users, the converters or the non-converters; without one
// that column is left out.
func PathsTable(res *analysis.PathsResult) Table {
	t := Table{Headers: []string{"group", "path", "users", "share"}, RightAlign: []bool{false, false, true, true}}
	add := func(group string, ps []analysis.Path) {
		for _, p := range ps {
			t.Rows = append(t.Rows, []string{group, strings.Join(p.Nodes, " > "), strconv.Itoa(p.Count), Percent(p.Share)})
		}
	}
	add("all", res.Paths)
	if res.Converters == nil {
		t.Headers, t.RightAlign = t.Headers[1:], t.RightAlign[1:]
		for i := range t.Rows {
			t.Rows[i] = t.Rows[i][1:]
		}
		return t
	}
	add("converters", res.Converters.Paths)
	add("non-converters", res.NonConverters.Paths)
	return t
}

type pathJSON struct {
	Nodes []string `json:"nodes"`
	Count int      `json:"count"`
	Share float64  `json:"share"`
}

type pathsJSON struct {
	Anchor            string      `json:"anchor"`
	Direction         string      `json:"direction"`
	AfterStep         int         `json:"after_step,omitempty"`
	Depth             int         `json:"depth"`
	Users             int         `json:"users"`
	Distinct          int         `json:"distinct"`
	Paths             []pathJSON  `json:"paths"`
	Goal              string      `json:"goal,omitempty"`
	ConverterUsers    *int        `json:"converter_users,omitempty"`
	NonConverterUsers *int        `json:"non_converter_users,omitempty"`
	Converters        *[]pathJSON `json:"converters,omitempty"`
	NonConverters     *[]pathJSON `json:"non_converters,omitempty"`
}

func pathsList(ps []analysis.Path) []pathJSON {
	out := make([]pathJSON, len(ps))
	for i, p := range ps {
		out[i] = pathJSON{p.Nodes, p.Count, p.Share}
	}
	return out
}

// PathsJSON is the value the CLI writes for --format json; the converter
// fields are present only with a goal.
func PathsJSON(res *analysis.PathsResult) any {
	out := pathsJSON{Anchor: res.Anchor, Direction: res.Direction.String(), AfterStep: res.AfterStep, Depth: res.Depth,
		Users: res.Users, Distinct: res.Distinct, Paths: pathsList(res.Paths), Goal: res.Goal}
	if res.Converters != nil {
		conv, non := pathsList(res.Converters.Paths), pathsList(res.NonConverters.Paths)
		out.Converters, out.NonConverters = &conv, &non
		out.ConverterUsers, out.NonConverterUsers = &res.Converters.Users, &res.NonConverters.Users
	}
	return out
}
