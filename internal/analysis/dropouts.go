package analysis

import (
	"github.com/funnelscope/funnelscope/internal/spec"
)

// SessionNode marks, in a drop-out's path, that the next event is in
// another session: drop-out paths run across sessions, so a session
// boundary is a node rather than the end of the path.
const SessionNode = "(new session)"

// Drop-outs are one definition for every front end (docs/semantics.md,
// "Drop-outs"): at step j of an ordered funnel counting users, the users
// of its "dropped" column, who reached step j-1 but not step j. Their
// path starts at their step j-1 event (the one of the chain the funnel's
// time to convert reads, see StepReach) and runs over what they did next
// within the funnel's window after that event, across sessions.

// dropOuts sets e's anchors to the step-p.AfterStep events of the users
// who dropped before the next step of p.Funnel, and makes e walk their
// paths as drop-outs. The funnel keeps its own exclusions and segment
// but takes the paths' global filters and session gap, so one set of
// filters applies to the funnel and the paths alike.
func (e *pathsEngine) dropOuts(p spec.Paths) error {
	f := p.Funnel
	f.Where, f.From, f.To, f.SessionGap = p.Where, p.From, p.To, p.SessionGap
	r, err := ReachStep(e.l, f, p.AfterStep)
	if err != nil {
		return err
	}
	e.anchors = r.Event
	for u, lv := range r.Level {
		if int(lv) != p.AfterStep {
			e.anchors[u] = -1
		}
	}
	e.window = f.Window
	if e.window <= 0 {
		e.window = spec.DefaultWindow
	}
	e.sessNode = int32(len(e.l.Names)) // one past the last name id
	return nil
}

// walkOn writes the drop-out path of anchor x into nodes: the anchor,
// then the user's kept events among [x+1, b) up to e.window after it,
// repeats of the last node's name made one, with SessionNode in front of
// an event whose session differs from the previous node's event's.
// It returns the path's length (the closing node not included).
func (e *pathsEngine) walkOn(x, b int, nodes []int32) int {
	name, sess, tm, keep, all := e.l.Name, e.sess, e.l.Time, e.keep, e.all
	end := tm[x] + e.window
	last, s := name[x], sess[x]
	nodes[0] = last
	n := 1
	for i := x + 1; i < b && n < e.depth && tm[i] <= end; i++ {
		if !all && !keep.keep(i) {
			continue
		}
		if sess[i] != s {
			s, last = sess[i], e.sessNode
			nodes[n] = last
			if n++; n == e.depth {
				break
			}
		}
		if nm := name[i]; nm != last {
			nodes[n], last = nm, nm
			n++
		}
	}
	return n
}
