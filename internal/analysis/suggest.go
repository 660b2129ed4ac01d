package analysis

import (
	"cmp"
	"slices"
	"strings"
	"unicode"

	"github.com/funnelscope/funnelscope/internal/snapshot"
)

// The suggested funnel is the explorer's first screen on data nobody has
// explored yet; docs/semantics.md, section "Suggested funnel", states the
// rule this file implements.

const (
	// frequentShare: an event is frequent when at least this share of
	// users carries it; rarer ones make a funnel of a handful of users.
	frequentShare = 0.01
	// stepShare: a step must have been done before converting by at
	// least this share of the converters.
	stepShare = 0.25
	// maxCandidates bounds the per-converter pairwise counts (k² each).
	maxCandidates = 32
	// maxSuggested is the longest suggested funnel, goal included.
	maxSuggested = 5
)

// conversionNames are the name patterns that mark a conversion, most
// telling first; each is a run of words of the event name.
var conversionNames = [][]string{
	{"purchase"}, {"order"}, {"checkout", "complete"}, {"signup"}, {"sign", "up"}, {"subscribe"}, {"lead"},
}

// SuggestFunnel returns the event names of the funnel suggested by the
// data, goal last, or nil when no goal or no step before it stands out.
func SuggestFunnel(l *snapshot.Log) ([]string, error) {
	st, err := nameStats(l)
	if err != nil {
		return nil, err
	}
	goal := suggestGoal(l, st)
	if goal == 0 {
		return nil, nil
	}
	cand := candidates(st, goal)
	ch, err := chainStats(l, goal, cand)
	if err != nil {
		return nil, err
	}
	steps := chainSteps(l, st, cand, ch)
	if len(steps) == 0 {
		return nil, nil
	}
	return append(steps, l.Names[goal]), nil
}

// suggestStats are the per-name counts of the first pass.
type suggestStats struct {
	users, last []int // users with the name; its events that end a session
	nUsers      int   // users with at least one event
	frequent    []bool
}

func (s *suggestStats) merge(o *suggestStats) {
	s.nUsers += o.nUsers
	for x := range s.users {
		s.users[x] += o.users[x]
		s.last[x] += o.last[x]
	}
}

// nameStats counts, per event name, its users and how many of its events
// are the last of their session, in one pass.
func nameStats(l *snapshot.Log) (*suggestStats, error) {
	nn := len(l.Names)
	sess := l.Sessions(snapshot.DefaultSessionGap)
	st, err := scanUsers(l, func(lo, hi int) *suggestStats {
		p := &suggestStats{users: make([]int, nn), last: make([]int, nn)}
		seen := make([]int32, nn) // user+1 that last counted the name
		for u := lo; u < hi; u++ {
			a, b := int(l.Offsets[u]), int(l.Offsets[u+1])
			if a < b {
				p.nUsers++
			}
			for i := a; i < b; i++ {
				x := l.Name[i]
				if seen[x] != int32(u)+1 {
					seen[x] = int32(u) + 1
					p.users[x]++
				}
				if i+1 == b || sess[i+1] != sess[i] {
					p.last[x]++
				}
			}
		}
		return p
	}, (*suggestStats).merge)
	if err != nil {
		return nil, err
	}
	floor := max(1, int(frequentShare*float64(st.nUsers)+0.999999))
	st.frequent = make([]bool, nn)
	for x := 1; x < nn; x++ {
		st.frequent[x] = st.users[x] >= floor
	}
	return st, nil
}

// suggestGoal picks the goal's name id (0 for none): the frequent name
// matching the earliest conversion pattern (most users first), else the
// rarest frequent name that ends its session more often than not.
func suggestGoal(l *snapshot.Log, st *suggestStats) int32 {
	counts := l.NameCounts()
	for _, pat := range conversionNames {
		if g := bestName(l, st, func(x int) bool { return nameMatches(l.Names[x], pat) }, -1); g != 0 {
			return g
		}
	}
	return bestName(l, st, func(x int) bool { return 2*st.last[x] > counts[x] }, 1)
}

// bestName is the frequent name satisfying ok with the most users (dir -1)
// or the fewest (dir 1), ties by name; 0 when none does.
func bestName(l *snapshot.Log, st *suggestStats, ok func(int) bool, dir int) int32 {
	best := 0
	for x := 1; x < len(l.Names); x++ {
		if !st.frequent[x] || !ok(x) {
			continue
		}
		if best == 0 {
			best = x
			continue
		}
		c := dir * cmp.Compare(st.users[x], st.users[best])
		if c < 0 || c == 0 && l.Names[x] < l.Names[best] {
			best = x
		}
	}
	return int32(best)
}

// nameMatches reports whether the words of name hold pat as a run. A word
// matches a pattern word equal to it or to it plus "s", "d" or "ed"
// (purchased, orders, signed).
func nameMatches(name string, pat []string) bool {
	words := nameWords(name)
	for i := 0; i+len(pat) <= len(words); i++ {
		if wordsMatch(words[i:i+len(pat)], pat) {
			return true
		}
	}
	return false
}

func wordsMatch(words, pat []string) bool {
	for j, p := range pat {
		w := words[j]
		if w != p && w != p+"s" && w != p+"d" && w != p+"ed" {
			return false
		}
	}
	return true
}

// nameWords splits an event name into lower-case words at every
// non-alphanumeric rune and at lower-to-upper changes (orderCompleted).
func nameWords(name string) []string {
	var words []string
	var cur []rune
	prevLower := false
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range name {
		switch {
		case !unicode.IsLetter(r) && !unicode.IsDigit(r):
			flush()
		case unicode.IsUpper(r) && prevLower:
			flush()
		}
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			cur = append(cur, r)
		}
		prevLower = unicode.IsLower(r)
	}
	flush()
	return words
}

// candidates are the frequent names other than the goal that may be
// steps: the maxCandidates with the most users, ties by id.
func candidates(st *suggestStats, goal int32) []int32 {
	var out []int32
	for x := 1; x < len(st.users); x++ {
		if st.frequent[x] && int32(x) != goal {
			out = append(out, int32(x))
		}
	}
	slices.SortStableFunc(out, func(a, b int32) int { return cmp.Compare(st.users[b], st.users[a]) })
	return out[:min(len(out), maxCandidates)]
}

// chainCounts are what converters did before their first goal event:
// pre[i], converters with candidate i before it; ahead[i][j], those whose
// first candidate i came before their first candidate j (both before it).
type chainCounts struct {
	converters int
	pre        []int
	ahead      [][]int
}

func newChainCounts(k int) *chainCounts {
	c := &chainCounts{pre: make([]int, k), ahead: make([][]int, k)}
	for i := range c.ahead {
		c.ahead[i] = make([]int, k)
	}
	return c
}

func (c *chainCounts) merge(o *chainCounts) {
	c.converters += o.converters
	for i := range c.pre {
		c.pre[i] += o.pre[i]
		for j := range c.ahead[i] {
			c.ahead[i][j] += o.ahead[i][j]
		}
	}
}

// chainStats counts chainCounts in one pass over the users.
func chainStats(l *snapshot.Log, goal int32, cand []int32) (*chainCounts, error) {
	slot := make([]int, len(l.Names)) // name id -> candidate index + 1
	for i, x := range cand {
		slot[x] = i + 1
	}
	return scanUsers(l, func(lo, hi int) *chainCounts {
		c := newChainCounts(len(cand))
		seen := make([]int32, len(cand)) // user+1 that last met the candidate
		var order []int                  // this user's candidates, first occurrence order
		for u := lo; u < hi; u++ {
			order = order[:0]
			a, b := int(l.Offsets[u]), int(l.Offsets[u+1])
			converted := false
			for i := a; i < b && !converted; i++ {
				x := l.Name[i]
				if x == goal {
					converted = true
				} else if s := slot[x]; s > 0 && seen[s-1] != int32(u)+1 {
					seen[s-1] = int32(u) + 1
					order = append(order, s-1)
				}
			}
			if converted {
				c.add(order)
			}
		}
		return c
	}, (*chainCounts).merge)
}

// add counts one converter whose candidates came in order.
func (c *chainCounts) add(order []int) {
	c.converters++
	for i, x := range order {
		c.pre[x]++
		for _, y := range order[i+1:] {
			c.ahead[x][y]++
		}
	}
}

// chainSteps are the candidates done before converting by at least
// stepShare of the converters, in the order converters usually did them
// (the most pairwise "came first" wins first), the maxSuggested-1 closest
// to the goal.
func chainSteps(l *snapshot.Log, st *suggestStats, cand []int32, ch *chainCounts) []string {
	var in []int
	for i := range cand {
		if ch.pre[i] > 0 && float64(ch.pre[i]) >= stepShare*float64(ch.converters) {
			in = append(in, i)
		}
	}
	wins := make([]int, len(cand))
	for _, i := range in {
		for _, j := range in {
			if ch.ahead[i][j] > ch.ahead[j][i] {
				wins[i]++
			}
		}
	}
	slices.SortStableFunc(in, func(i, j int) int {
		if c := cmp.Compare(wins[j], wins[i]); c != 0 {
			return c
		}
		return cmp.Compare(st.users[cand[j]], st.users[cand[i]])
	})
	in = in[max(0, len(in)-(maxSuggested-1)):]
	out := make([]string, len(in))
	for k, i := range in {
		out[k] = l.Names[cand[i]]
	}
	return out
}
