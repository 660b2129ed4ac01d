package spec

import (
	"encoding/json"
	"errors"
	"fmt"
)

// legacyFunnel is how funnelscope saved funnels before SavedFormat 1:
// Go's encoding of Funnel as it was then, enums as integers. It is frozen
// here, apart from Funnel, so that changing Funnel cannot change how old
// files read.
type legacyFunnel struct {
	Steps      []legacyStep
	Window     int64
	Order      int // 0 sequential, 1 any
	Count      int // 0 users, 1 sessions
	SessionGap int64
	Exclude    []struct {
		Event legacyStep
		To    int
	}
	Where    []legacyCond
	From, To int64
	By       string
	Top      int
}

type legacyStep struct {
	Name  string
	Conds []legacyCond
}

type legacyCond struct {
	Key   string
	Op    int // 0 =, 1 !=, 2 ~
	Value string
}

// The enum values of legacy files, by their integer.
var (
	legacyOrders = []Order{Ordered, AnyOrder}
	legacyUnits  = []Unit{Users, Sessions}
	legacyOps    = []Op{Eq, Ne, Contains}
)

func parseLegacyFunnel(data []byte) (Funnel, error) {
	var l legacyFunnel
	if err := json.Unmarshal(data, &l); err != nil {
		return Funnel{}, fmt.Errorf("saved funnel: no version, and not in the format of earlier releases: %w", err)
	}
	f, err := l.funnel()
	if err != nil {
		return Funnel{}, fmt.Errorf("saved funnel (format of earlier releases): %w", err)
	}
	return f, nil
}

func (l legacyFunnel) funnel() (Funnel, error) {
	if len(l.Steps) == 0 {
		return Funnel{}, errors.New("no steps")
	}
	f := Funnel{Window: l.Window, SessionGap: l.SessionGap, From: l.From, To: l.To, By: l.By, Top: l.Top}
	var err error
	if f.Order, err = legacyEnum("order", l.Order, legacyOrders); err != nil {
		return f, err
	}
	if f.Count, err = legacyEnum("count", l.Count, legacyUnits); err != nil {
		return f, err
	}
	for _, s := range l.Steps {
		st, err := s.step()
		if err != nil {
			return f, err
		}
		f.Steps = append(f.Steps, st)
	}
	for _, x := range l.Exclude {
		st, err := x.Event.step()
		if err != nil {
			return f, err
		}
		f.Exclude = append(f.Exclude, Exclusion{Event: st, To: x.To})
	}
	f.Where, err = legacyConds(l.Where)
	return f, err
}

func (s legacyStep) step() (Step, error) {
	conds, err := legacyConds(s.Conds)
	if err != nil {
		return Step{}, fmt.Errorf("step %q: %w", s.Name, err)
	}
	return Step{Name: s.Name, Conds: conds}, nil
}

func legacyConds(cs []legacyCond) ([]Cond, error) {
	var out []Cond
	for _, c := range cs {
		op, err := legacyEnum("operator", c.Op, legacyOps)
		if err != nil {
			return nil, err
		}
		out = append(out, Cond{Key: c.Key, Op: op, Value: c.Value})
	}
	return out, nil
}

// legacyEnum is values[i]: the value an earlier release wrote as i.
func legacyEnum[E any](field string, i int, values []E) (E, error) {
	if i < 0 || i >= len(values) {
		var zero E
		return zero, fmt.Errorf("unknown %s %d", field, i)
	}
	return values[i], nil
}
