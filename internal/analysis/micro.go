package analysis

import (
	"cmp"
	"math"
	"slices"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// MicroEvent is how often one event name happens, next to the goal.
type MicroEvent struct {
	Event      string
	Events     int     // events of this name
	Users      int     // users with at least one
	Sessions   int     // sessions with at least one
	PerUser    float64 // Users / all users
	PerSession float64 // Sessions / all sessions
	// PerConversion is the micro-to-macro ratio: Events / goal events
	// (every goal event is a conversion, not only each user's first); NaN
	// when there is no goal event.
	PerConversion float64
	Goal          bool // the goal's own name
}

// MicroResult is the micro-conversion summary of a goal.
type MicroResult struct {
	Goal        string
	Users       int // users with at least one event after the global filters
	Sessions    int // their sessions
	Conversions int // goal events (matching the goal's conditions)
	Converters  int // users with a goal event
	Events      []MicroEvent
}

// microPart is one goroutine's share of a micro-conversion summary.
type microPart struct {
	events, users, sessions []int
	nUsers, nSessions       int
	conversions, converters int
}

func newMicroPart(names int) *microPart {
	return &microPart{events: make([]int, names), users: make([]int, names), sessions: make([]int, names)}
}

// merge adds the counts of part o to p.
func (p *microPart) merge(o *microPart) {
	p.nUsers += o.nUsers
	p.nSessions += o.nSessions
	p.conversions += o.conversions
	p.converters += o.converters
	for x := range p.events {
		p.events[x] += o.events[x]
		p.users[x] += o.users[x]
		p.sessions[x] += o.sessions[x]
	}
}

// Micro summarises every event name's frequency against the goal: events,
// users and sessions with it, the shares of all users and sessions, and
// events per goal event; sorted by users, most first, ties by name.
// Sessions are those of snapshot.Log.Sessions with s.SessionGap.
func Micro(l *snapshot.Log, s spec.Micro) (*MicroResult, error) {
	goal, err := compileStep(l, "goal", s.Goal)
	if err != nil {
		return nil, err
	}
	keep, err := compileFilter(l, s.Where, s.From, s.To)
	if err != nil {
		return nil, err
	}
	all := keep.all // hoisted: the hot loops skip the call when nothing is filtered
	sess := l.Sessions(s.SessionGap)
	nn := len(l.Names)
	t, err := scanUsers(l, func(lo, hi int) *microPart {
		p := newMicroPart(nn)
		// Users and session numbers are unique across the log, so "last
		// seen in" marks need no reset between users.
		lastUser, lastSess := make([]int32, nn), make([]int32, nn)
		for i := range lastUser {
			lastUser[i] = -1
		}
		prevSess := int32(0) // sessions are numbered from 1
		// Export session ids may interleave (A, B, A): such a user's
		// sessions are counted exactly with sets; the rest by changes.
		seenSess, seenPair := map[int32]bool{}, map[[2]int32]bool{}
		for u := lo; u < hi; u++ {
			a, b := int(l.Offsets[u]), int(l.Offsets[u+1])
			interleaved := false
			for i := a + 1; i < b; i++ {
				if sess[i] < sess[i-1] {
					interleaved = true
					break
				}
			}
			if interleaved {
				clear(seenSess)
				clear(seenPair)
			}
			kept, conv := false, false
			for i := a; i < b; i++ {
				if !all && !keep.keep(i) {
					continue
				}
				kept = true
				x, si := l.Name[i], sess[i]
				if interleaved {
					if !seenSess[si] {
						seenSess[si] = true
						p.nSessions++
					}
					if pair := [2]int32{x, si}; !seenPair[pair] {
						seenPair[pair] = true
						p.sessions[x]++
					}
					lastSess[x] = si
				} else {
					if si != prevSess {
						p.nSessions++
					}
					if lastSess[x] != si {
						lastSess[x] = si
						p.sessions[x]++
					}
				}
				prevSess = si
				p.events[x]++
				if lastUser[x] != int32(u) {
					lastUser[x] = int32(u)
					p.users[x]++
				}
				if x == goal.name && goal.holds(i) {
					p.conversions++
					conv = true
				}
			}
			if kept {
				p.nUsers++
			}
			if conv {
				p.converters++
			}
		}
		return p
	}, (*microPart).merge)
	if err != nil {
		return nil, err
	}
	res := &MicroResult{Goal: s.Goal.String(), Users: t.nUsers, Sessions: t.nSessions,
		Conversions: t.conversions, Converters: t.converters}
	for x := 1; x < nn; x++ {
		if t.events[x] == 0 {
			continue
		}
		res.Events = append(res.Events, MicroEvent{Event: l.Names[x], Events: t.events[x], Users: t.users[x],
			Sessions: t.sessions[x], Goal: x == int(goal.name)})
	}
	return MicroFromCounts(res), nil
}

// MicroFromCounts completes res from its counts (the totals, and each
// event's Event, Events, Users, Sessions and Goal): it sets the shares
// and sorts the events as Micro does. It is Micro's last step, for an
// engine that gathers the counts elsewhere (in SQL) too.
func MicroFromCounts(res *MicroResult) *MicroResult {
	for i := range res.Events {
		m := &res.Events[i]
		m.PerUser, m.PerSession = ratio(m.Users, res.Users), ratio(m.Sessions, res.Sessions)
		m.PerConversion = math.NaN()
		if res.Conversions > 0 {
			m.PerConversion = float64(m.Events) / float64(res.Conversions)
		}
	}
	slices.SortFunc(res.Events, func(a, b MicroEvent) int {
		if c := cmp.Compare(b.Users, a.Users); c != 0 {
			return c
		}
		return cmp.Compare(a.Event, b.Event)
	})
	return res
}
