// Package explorerstate keeps what the explorer shows (the funnel, the
// tab and each tab's options) in the database, per local user, so that
// reopening the database reopens the view (ARCHITECTURE.md, "Where state
// lives"). It encodes the state as a JSON document, which internal/store
// keeps (Table); deciding when a session may write is the caller's.
package explorerstate

import (
	"encoding/json"
	"fmt"
	"maps"

	"github.com/funnelscope/funnelscope/internal/spec"
)

// Format is the version of the document Marshal writes.
const Format = 1

// State is what reopens the explorer's view.
type State struct {
	// Funnel is the funnel with its global filters and dates; no steps
	// when none was built.
	Funnel spec.Funnel
	// Tab names the visible view ("" for the first).
	Tab string
	// Views holds each view's options by view name, keyed by the ui
	// command's flag names (common.Stateful).
	Views map[string]map[string]string
}

// Equal reports whether s and o reopen the same view.
func (s State) Equal(o State) bool {
	a, errA := Marshal(s)
	b, errB := Marshal(o)
	return errA == nil && errB == nil && string(a) == string(b)
}

// Clone returns a copy of s that shares no map with it.
func (s State) Clone() State {
	c := s
	c.Views = make(map[string]map[string]string, len(s.Views))
	for name, v := range s.Views {
		c.Views[name] = maps.Clone(v)
	}
	return c
}

// document is the stored form: the funnel in the saved funnel format
// (spec.MarshalSavedFunnel), so that it reads the same way saved funnels
// do.
type document struct {
	Version int                          `json:"version"`
	Funnel  json.RawMessage              `json:"funnel,omitempty"`
	Tab     string                       `json:"tab"`
	Views   map[string]map[string]string `json:"views"`
}

// Marshal encodes s.
func Marshal(s State) ([]byte, error) {
	d := document{Version: Format, Tab: s.Tab, Views: s.Views}
	if len(s.Funnel.Steps) > 0 {
		f, err := spec.MarshalSavedFunnel(s.Funnel)
		if err != nil {
			return nil, fmt.Errorf("explorer state: %w", err)
		}
		d.Funnel = f
	}
	return json.Marshal(d)
}

// Unmarshal decodes what Marshal wrote.
func Unmarshal(data []byte) (State, error) {
	var d document
	if err := json.Unmarshal(data, &d); err != nil {
		return State{}, fmt.Errorf("explorer state: %w", err)
	}
	if d.Version > Format {
		return State{}, fmt.Errorf("explorer state: version %d is newer than this funnelscope reads (%d)", d.Version, Format)
	}
	s := State{Tab: d.Tab, Views: d.Views}
	if len(d.Funnel) > 0 {
		f, err := spec.ParseSavedFunnel(d.Funnel)
		if err != nil {
			return State{}, fmt.Errorf("explorer state: %w", err)
		}
		s.Funnel = f
	}
	return s, nil
}
