package chengine

import (
	"cmp"
	"slices"
	"sort"

	"github.com/funnelscope/funnelscope/internal/analysis"
)

// A path tree holds every path, not only the top ones: a node's count
// less its children's is the number of paths that end there. So the
// paths of disjoint sets of users merge exactly by adding their trees,
// and the merged tree gives back every path, the distinct count and the
// top ones, as analysis.Paths ranks them.

// mergePaths is the paths of the union of the users behind parts (which
// answer one spec over disjoint users); top is the spec's, defaulted.
func mergePaths(parts []*analysis.PathsResult, top int, backward bool) *analysis.PathsResult {
	res := *parts[0]
	groups := func(get func(*analysis.PathsResult) *analysis.PathGroup) *analysis.PathGroup {
		var trees []analysis.PathNode
		for _, p := range parts {
			trees = append(trees, get(p).Tree)
		}
		g := groupOf(mergeNodes(trees), top, backward)
		return &g
	}
	res.PathGroup = *groups(func(p *analysis.PathsResult) *analysis.PathGroup { return &p.PathGroup })
	if res.Converters != nil {
		res.Converters = groups(func(p *analysis.PathsResult) *analysis.PathGroup { return p.Converters })
		res.NonConverters = groups(func(p *analysis.PathsResult) *analysis.PathGroup { return p.NonConverters })
	}
	return &res
}

// mergeNodes adds trees whose roots stand for the same node: counts add
// up, and children of one name merge. Children are ordered as
// analysis.Paths orders them: most users first, ties by name.
func mergeNodes(trees []analysis.PathNode) analysis.PathNode {
	out := analysis.PathNode{Name: trees[0].Name}
	byName := map[string][]analysis.PathNode{}
	var names []string
	for _, t := range trees {
		out.Count += t.Count
		for _, c := range t.Children {
			if byName[c.Name] == nil {
				names = append(names, c.Name)
			}
			byName[c.Name] = append(byName[c.Name], c)
		}
	}
	for _, n := range names {
		out.Children = append(out.Children, mergeNodes(byName[n]))
	}
	sort.SliceStable(out.Children, func(a, b int) bool {
		ca, cb := out.Children[a], out.Children[b]
		if ca.Count != cb.Count {
			return ca.Count > cb.Count
		}
		return ca.Name < cb.Name
	})
	return out
}

// groupOf is the group whose tree is root: its users, every path (in
// time order: a backward tree runs from the anchor back), the distinct
// count and the top paths, most users first, ties by nodes.
func groupOf(root analysis.PathNode, top int, backward bool) analysis.PathGroup {
	g := analysis.PathGroup{Users: root.Count, Tree: root, Paths: []analysis.Path{}}
	var all []analysis.Path
	var walk func(n analysis.PathNode, prefix []string)
	walk = func(n analysis.PathNode, prefix []string) {
		ending := n.Count
		for _, c := range n.Children {
			ending -= c.Count
			walk(c, append(prefix[:len(prefix):len(prefix)], c.Name))
		}
		if len(prefix) > 0 && ending > 0 {
			nodes := slices.Clone(prefix)
			if backward {
				slices.Reverse(nodes)
			}
			all = append(all, analysis.Path{Nodes: nodes, Count: ending})
		}
	}
	walk(root, nil)
	slices.SortFunc(all, func(a, b analysis.Path) int {
		if c := cmp.Compare(b.Count, a.Count); c != 0 {
			return c
		}
		return slices.Compare(a.Nodes, b.Nodes)
	})
	g.Distinct = len(all)
	for i := range all[:min(top, len(all))] {
		all[i].Share = float64(all[i].Count) / float64(g.Users)
		g.Paths = append(g.Paths, all[i])
	}
	return g
}
