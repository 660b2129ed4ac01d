package analysis

import "math/bits"

// anyOrder finds the level of a unit for --order any: the largest number of
// distinct steps served by distinct events inside one window [t, t+W].
type anyOrder struct {
	k      int
	window int64
	owner  []int
	seen   []bool
	gm     []uint64
}

func newAnyOrder(k int, window int64) *anyOrder { return &anyOrder{k: k, window: window} }

// run sets u.level and u.ttc. For each level it takes the window with the
// latest start reaching it; its time to convert is from that start to the
// first event at which the window holds that many steps.
func (a *anyOrder) run(time []int64, idx []int32, masks []uint64, stepBits uint64, u *unit) {
	u.level = 0
	for j := range u.ttc {
		u.ttc[j] = 0
	}
	r := 0
	best := make([]int, a.k+1) // best[j]: latest left index reaching j, -1 none
	for j := range best {
		best[j] = -1
	}
	for left := range idx {
		if masks[left]&stepBits == 0 {
			continue
		}
		for r < len(idx) && time[idx[r]]-time[idx[left]] <= a.window {
			r++
		}
		lv := a.matched(masks[left:r], stepBits)
		for j := 1; j <= lv; j++ {
			best[j] = left
		}
		u.level = max(u.level, lv)
	}
	for j := 1; j <= u.level; j++ {
		left := best[j]
		for end := left + 1; end <= len(idx); end++ {
			if a.matched(masks[left:end], stepBits) >= j {
				u.ttc[j] = time[idx[end-1]] - time[idx[left]]
				break
			}
		}
	}
}

// matched is the size of a maximum matching of steps to distinct events.
func (a *anyOrder) matched(masks []uint64, stepBits uint64) int {
	// Fast path: when no event serves two steps, count the steps present.
	var union uint64
	overlap := false
	for _, m := range masks {
		m &= stepBits
		if bits.OnesCount64(m) > 1 {
			overlap = true
			break
		}
		union |= m
	}
	if !overlap {
		return bits.OnesCount64(union)
	}
	a.gm = masks
	n := len(masks)
	if cap(a.owner) < n {
		a.owner, a.seen = make([]int, n), make([]bool, n)
	}
	a.owner, a.seen = a.owner[:n], a.seen[:n]
	for e := range a.owner {
		a.owner[e] = -1
	}
	count := 0
	for s := 0; s < a.k; s++ {
		for e := range a.seen {
			a.seen[e] = false
		}
		if a.augment(s, stepBits) {
			count++
		}
	}
	return count
}

func (a *anyOrder) augment(s int, stepBits uint64) bool {
	for e, m := range a.gm {
		if m&stepBits&(1<<s) == 0 || a.seen[e] {
			continue
		}
		a.seen[e] = true
		if a.owner[e] < 0 || a.augment(a.owner[e], stepBits) {
			a.owner[e] = s
			return true
		}
	}
	return false
}
