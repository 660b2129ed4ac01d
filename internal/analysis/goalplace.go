package analysis

import "github.com/funnelscope/funnelscope/internal/spec"

// PlaceBeforeGoal is the 1-based step event ev becomes in steps, which end
// with the goal, given toGoal: each event's median seconds from its first
// occurrence to the goal among converters (Driver.MedianSeconds). The
// rule: converters who do an event longer before the goal than a step's
// event usually do it before that step, so ev goes in front of the first
// step whose median time to the goal is shorter than ev's. A step is
// timed by its event, its filters aside; steps with no figure (0: no
// converter did the event) are passed over; with no figure for ev, or no
// such step, ev goes just before the goal, where it cannot cut the funnel
// short of its earlier steps.
func PlaceBeforeGoal(steps []spec.Step, ev string, toGoal map[string]float64) int {
	mine := toGoal[ev]
	if mine > 0 {
		for i, s := range steps[:len(steps)-1] {
			if t := toGoal[s.Name]; t > 0 && t < mine {
				return i + 1
			}
		}
	}
	return len(steps)
}
