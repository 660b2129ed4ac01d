package analysis

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// NoTouch is the touch credited for a converter without any touch.
const NoTouch = "(none)"

// Credit is one touch value's share of the conversions.
type Credit struct {
	Touch      string  // the property value, or NoTouch
	None       bool    // this is the NoTouch row
	Credit     float64 // conversions credited to the value
	Converters int     // converters with at least one touch of the value (for NoTouch: with none)
	Touches    int     // touch events of the value counted for those converters
	// Users is the users touched by the value: with an event carrying it
	// before their first goal event, or anywhere if they never reach the
	// goal, whatever the lookback; UsersConverted is how many of them reach
	// the goal (docs/semantics.md, "Attribution"). Zero on the NoTouch row.
	Users, UsersConverted int
}

// UserConversion is the share of the users touched by the value who reach
// the goal, 0 when nobody was touched.
func (c Credit) UserConversion() float64 { return ratio(c.UsersConverted, c.Users) }

// AttributionResult splits the conversions of a goal over touch values.
type AttributionResult struct {
	Goal       string
	Touch      string
	Model      spec.Model
	Converters int      // users with a goal event; the credits sum to this
	Credits    []Credit // most credit first, ties by touch
}

// attrPart is one goroutine's share of an attribution.
type attrPart struct {
	credit              []float64 // per value id; index 0 is NoTouch
	converters, touches []int     // per value id
	users, usersConv    []int     // per value id: users touched, and those converting
	conv                int
}

func newAttrPart(values int) *attrPart {
	return &attrPart{credit: make([]float64, values), converters: make([]int, values), touches: make([]int, values),
		users: make([]int, values), usersConv: make([]int, values)}
}

// touched counts user u once in users (and usersConv when it converted)
// for each distinct value of vals; seen[v] holds the last user counted.
func (p *attrPart) touched(u int32, vals []int32, converted bool, seen []int32) {
	for _, v := range vals {
		if seen[v] == u {
			continue
		}
		seen[v] = u
		p.users[v]++
		if converted {
			p.usersConv[v]++
		}
	}
}

// merge adds the counts of part o to p.
func (p *attrPart) merge(o *attrPart) {
	p.conv += o.conv
	for v := range p.credit {
		p.credit[v] += o.credit[v]
		p.converters[v] += o.converters[v]
		p.touches[v] += o.touches[v]
		p.users[v] += o.users[v]
		p.usersConv[v] += o.usersConv[v]
	}
}

// Attribution credits each converter's first goal event to the touches
// before it (docs/semantics.md, "Attribution"). A touch is an event that
// comes strictly before the first goal event in (time, sequence) order (an
// event at the same time but imported earlier counts), was kept by the
// global filters, is no more than the lookback older than the goal event,
// and carries a non-empty value of the touch property; every touch event
// counts, so a value seen twice weighs twice in the linear, time-decay and
// position models. A converter without touches credits NoTouch. Each
// converter hands out exactly one credit:
//
//   - first / last: all of it to the first / last touch;
//   - linear: 1/n to each of the n touches;
//   - time-decay: touch i gets 2^(-(tG-ti)/halfLife), normalised to sum 1;
//   - position: 40% to the first touch, 40% to the last, 20% split over the
//     others; one touch gets 100%, two touches 50% each.
func Attribution(l *snapshot.Log, a spec.Attribution) (*AttributionResult, error) {
	goal, err := compileStep(l, "goal", a.Goal)
	if err != nil {
		return nil, err
	}
	if a.Touch == "" {
		return nil, fmt.Errorf("touch: name the property whose values are the touches (e.g. utm_source)")
	}
	col, err := propColumn(l, "touch", a.Touch)
	if err != nil {
		return nil, err
	}
	if a.Model < spec.FirstTouch || a.Model > spec.PositionBased {
		return nil, fmt.Errorf("unknown attribution model %v", a.Model)
	}
	keep, err := compileFilter(l, a.Where, a.From, a.To)
	if err != nil {
		return nil, err
	}
	all := keep.all // hoisted: the hot loops skip the call when nothing is filtered
	lookback := a.Lookback
	switch {
	case lookback == 0:
		lookback = spec.DefaultLookback
	case lookback < 0:
		lookback = math.MaxInt64
	}
	halfLife := a.HalfLife
	if halfLife <= 0 {
		halfLife = spec.DefaultHalfLife
	}
	nv := len(l.Values)
	isTouch := make([]bool, nv) // value id -> a non-empty value
	for id, v := range l.Values {
		isTouch[id] = id > 0 && v != ""
	}
	t, err := scanUsers(l, func(lo, hi int) *attrPart {
		p := newAttrPart(nv + 1) // one more than the value ids: index 0, NoTouch, exists even without values
		var vals []int32
		var times []int64
		var weights []float64
		lastUser := make([]int32, len(p.credit))
		lastTouched := make([]int32, len(p.credit))
		for i := range lastUser {
			lastUser[i], lastTouched[i] = -1, -1
		}
		for u := lo; u < hi; u++ {
			vals, times = vals[:0], times[:0]
			first, last := int(l.Offsets[u]), int(l.Offsets[u+1])
			gi := -1
			for i := first; i < last; i++ {
				if !all && !keep.keep(i) {
					continue
				}
				if l.Name[i] == goal.name && goal.holds(i) {
					gi = i
					break
				}
				if v := col.At(i); v > 0 && int(v) < nv && isTouch[v] {
					vals, times = append(vals, v), append(times, l.Time[i])
				}
			}
			p.touched(int32(u), vals, gi >= 0, lastTouched)
			if gi < 0 {
				continue
			}
			p.conv++
			tg := l.Time[gi]
			// Touches are in time order: the ones beyond the lookback are a prefix.
			s := 0
			for s < len(times) && tg-times[s] > lookback {
				s++
			}
			vals, times = vals[s:], times[s:]
			if len(vals) == 0 {
				p.credit[0]++
				p.converters[0]++
				continue
			}
			for _, v := range vals {
				p.touches[v]++
				if lastUser[v] != int32(u) {
					lastUser[v] = int32(u)
					p.converters[v]++
				}
			}
			weights = spread(a.Model, times, halfLife, weights)
			for k, v := range vals {
				p.credit[v] += weights[k]
			}
		}
		return p
	}, (*attrPart).merge)
	if err != nil {
		return nil, err
	}
	res := &AttributionResult{Goal: a.Goal.String(), Touch: a.Touch, Model: a.Model, Converters: t.conv}
	for v := range t.credit {
		// A value that touched users but no converter stays: its zero
		// credit beside its many users is the finding (tiktok_teens).
		if t.converters[v] == 0 && t.users[v] == 0 {
			continue
		}
		c := Credit{Touch: NoTouch, None: v == 0, Credit: t.credit[v], Converters: t.converters[v], Touches: t.touches[v],
			Users: t.users[v], UsersConverted: t.usersConv[v]}
		if v > 0 {
			c.Touch = l.Values[v]
		}
		res.Credits = append(res.Credits, c)
	}
	slices.SortFunc(res.Credits, func(a, b Credit) int {
		if c := cmp.Compare(b.Credit, a.Credit); c != 0 {
			return c
		}
		if c := cmp.Compare(a.Touch, b.Touch); c != 0 {
			return c
		}
		if a.None != b.None { // a real value spelled "(none)" sorts after NoTouch
			if a.None {
				return -1
			}
			return 1
		}
		return 0
	})
	return res, nil
}

// spread returns, in w (reused), the share of one conversion each of the
// touches at times (ascending, at least one) receives under model m.
func spread(m spec.Model, times []int64, halfLife int64, w []float64) []float64 {
	n := len(times)
	w = slices.Grow(w[:0], n)[:n]
	clear(w)
	switch m {
	case spec.FirstTouch:
		w[0] = 1
	case spec.LastTouch:
		w[n-1] = 1
	case spec.Linear:
		for k := range w {
			w[k] = 1 / float64(n)
		}
	case spec.TimeDecay:
		// Relative to the latest touch, which weighs 1: the same shares as
		// 2^(-(tG-t)/halfLife) after normalising, and the sum cannot
		// underflow to zero.
		sum := 0.0
		for k, t := range times {
			w[k] = math.Exp2(-float64(times[n-1]-t) / float64(halfLife))
			sum += w[k]
		}
		for k := range w {
			w[k] /= sum
		}
	case spec.PositionBased:
		switch n {
		case 1:
			w[0] = 1
		case 2:
			w[0], w[1] = 0.5, 0.5
		default:
			w[0], w[n-1] = 0.4, 0.4
			for k := 1; k < n-1; k++ {
				w[k] = 0.2 / float64(n-2)
			}
		}
	}
	return w
}
