// Package goal chooses the default goal and touch property of the views
// that analyse a goal event (drivers, attribution), so both agree on it.
// It only reads the log and the funnel spec; it never changes either.
package goal

import (
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// Fallback is the goal when the funnel is too short to name one: most
// product logs have it, and the workshop sample does.
const Fallback = "purchase"

// Touches are the default touch properties, preferred first.
var Touches = []string{"utm_source", "utm_campaign"}

// Default is the goal of a funnel: its last step (with its conditions)
// when it has two steps or more, since a one-step funnel has no goal yet;
// else Fallback when the log has that event. ok is false when neither
// applies, and the view should ask.
func Default(l *snapshot.Log, f spec.Funnel) (g spec.Step, ok bool) {
	if n := len(f.Steps); n >= 2 {
		return f.Steps[n-1], true
	}
	if _, has := l.NameID(Fallback); has {
		return spec.Step{Name: Fallback}, true
	}
	return spec.Step{}, false
}

// Touch is the first of Touches the log has, or "" when it has none.
func Touch(l *snapshot.Log) string {
	for _, k := range Touches {
		if _, ok := l.KeyID(k); ok {
			return k
		}
	}
	return ""
}
