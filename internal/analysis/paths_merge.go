package analysis

import (
	"slices"

	"github.com/funnelscope/funnelscope/internal/spec"
)

// A path tree holds every path, not only the top ones: a node's count
// less its children's is the number of paths that end there. So the
// paths of disjoint sets of users merge exactly by adding their trees,
// and the merged tree gives back every path, the distinct count and the
// top ones, ranked as Paths ranks them.

// MergePaths is the result of p over the union of the users behind parts,
// which answer p over disjoint sets of users: for an engine that runs
// paths in passes over shares of the users.
func MergePaths(parts []*PathsResult, p spec.Paths) *PathsResult {
	top := p.Top
	if top == 0 {
		top = spec.DefaultPathTop
	}
	backward := p.Direction == spec.Backward
	res := *parts[0]
	groups := func(get func(*PathsResult) *PathGroup) *PathGroup {
		var trees []PathNode
		for _, part := range parts {
			trees = append(trees, get(part).Tree)
		}
		g := groupOf(mergeNodes(trees), top, backward)
		return &g
	}
	res.PathGroup = *groups(func(r *PathsResult) *PathGroup { return &r.PathGroup })
	if res.Converters != nil {
		res.Converters = groups(func(r *PathsResult) *PathGroup { return r.Converters })
		res.NonConverters = groups(func(r *PathsResult) *PathGroup { return r.NonConverters })
	}
	return &res
}

// mergeNodes adds trees whose roots stand for the same node: counts add
// up, and children of one name merge, in the order tree gives them.
func mergeNodes(trees []PathNode) PathNode {
	out := PathNode{Name: trees[0].Name}
	byName := map[string][]PathNode{}
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
	sortNodes(out.Children)
	return out
}

// groupOf is the group whose tree is root: its users, every path (in
// time order: a backward tree runs from the anchor back), the distinct
// count and the top paths.
func groupOf(root PathNode, top int, backward bool) PathGroup {
	var all []Path
	var walk func(n PathNode, prefix []string)
	walk = func(n PathNode, prefix []string) {
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
			all = append(all, Path{Nodes: nodes, Count: ending})
		}
	}
	walk(root, nil)
	return PathGroup{Users: root.Count, Tree: root, Distinct: len(all), Paths: rankPaths(all, root.Count, top)}
}
