package spec

import (
	"fmt"
	"strings"
)

// Model is an attribution model: how one conversion's credit is split
// over the touches before it.
type Model int

// The attribution models.
const (
	FirstTouch    Model = iota // all credit to the first touch
	LastTouch                  // all credit to the last touch
	Linear                     // equal split over the touches
	TimeDecay                  // weight halves every HalfLife before the conversion
	PositionBased              // 40% first, 40% last, 20% split over the middle
)

var modelNames = []string{"first", "last", "linear", "time-decay", "position"}

func (m Model) String() string { return enumName(modelNames, int(m), "Model") }

// ModelNames lists the names ParseModel accepts, in Model order.
func ModelNames() []string { return append([]string(nil), modelNames...) }

// ParseModel reads a model name: first, last, linear, time-decay or
// position (also first-touch, last-touch, time_decay, decay,
// position-based, u-shaped).
func ParseModel(s string) (Model, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "first", "first-touch", "first_touch":
		return FirstTouch, nil
	case "last", "last-touch", "last_touch":
		return LastTouch, nil
	case "linear":
		return Linear, nil
	case "time-decay", "time_decay", "timedecay", "decay":
		return TimeDecay, nil
	case "position", "position-based", "position_based", "u-shaped":
		return PositionBased, nil
	}
	return 0, fmt.Errorf("attribution model %q: use one of %s", s, strings.Join(modelNames, ", "))
}

// Defaults of Attribution's zero fields.
const (
	DefaultLookback int64 = 30 * 24 * 3600 * 1e6 // 30 days
	DefaultHalfLife int64 = 7 * 24 * 3600 * 1e6  // 7 days
)

// NoLookback as Attribution.Lookback counts touches however long before
// the conversion they happened.
const NoLookback int64 = -1

// Attribution splits the credit of each converter's first goal event over
// the values of a touch property seen before it (docs/semantics.md,
// "Attribution").
type Attribution struct {
	Goal     Step
	Touch    string // property whose non-empty values are the touches, e.g. utm_source
	Model    Model
	Lookback int64 // µs before the conversion a touch may be; 0 means DefaultLookback, NoLookback none
	HalfLife int64 // TimeDecay: µs over which a touch's weight halves; 0 means DefaultHalfLife
	Where    []Cond
	From, To int64
}
