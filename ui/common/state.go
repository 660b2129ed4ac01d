package common

import (
	"fmt"

	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// Stateful is a view whose options outlive the session: the explorer
// writes them into the database and the ui command's flags set them
// (ARCHITECTURE.md, "Where state lives").
type Stateful interface {
	// State is the view's options, keyed by the ui command's flag names
	// (without "--"), each value as that flag reads it. Options left to
	// follow the funnel or their default are left out.
	State() map[string]string
	// Restore sets the options of a State (unknown keys are ignored). It
	// refuses, changing nothing, values that do not parse or that name an
	// event or key the data lacks; the view recomputes when activated.
	Restore(st map[string]string) error
}

// StateEvent parses st[key] as a step whose event the data must have; ok
// is false when st has no such key.
func StateEvent(st map[string]string, key string, cat engine.Catalog) (s spec.Step, ok bool, err error) {
	text, ok := st[key]
	if !ok {
		return s, false, nil
	}
	if s, err = spec.ParseStep(text); err != nil {
		return s, true, fmt.Errorf("--%s: %w", key, err)
	}
	if !cat.HasEvent(s.Name) {
		return s, true, fmt.Errorf("--%s: no event %q in the data", key, s.Name)
	}
	return s, true, nil
}

// StateKey is st[key], a property key the data must have; ok is false when
// st has no such key.
func StateKey(st map[string]string, key string, cat engine.Catalog) (k string, ok bool, err error) {
	k, ok = st[key]
	if ok && !cat.HasKey(k) {
		return k, true, fmt.Errorf("--%s: no property %q in the data", key, k)
	}
	return k, ok, nil
}
