package spec

// FallbackGoal is the goal when the funnel is too short to name one: most
// product logs have it, and the workshop sample does.
const FallbackGoal = "purchase"

// defaultTouches are the default touch properties, preferred first.
var defaultTouches = []string{"utm_source", "utm_campaign"}

// DefaultGoal is the goal that the goal-based analyses (drivers,
// attribution) take when none is chosen: the funnel's last step (with its
// conditions) when it has two steps or more, since a one-step funnel has
// no goal yet; else FallbackGoal when hasEvent says the data has it. ok is
// false when neither applies, and the caller should ask.
func DefaultGoal(f Funnel, hasEvent func(name string) bool) (g Step, ok bool) {
	if n := len(f.Steps); n >= 2 {
		return f.Steps[n-1], true
	}
	if hasEvent(FallbackGoal) {
		return Step{Name: FallbackGoal}, true
	}
	return Step{}, false
}

// DefaultTouch is the first of defaultTouches that hasKey says the data
// has, or "" when it has none.
func DefaultTouch(hasKey func(key string) bool) string {
	for _, k := range defaultTouches {
		if hasKey(k) {
			return k
		}
	}
	return ""
}
