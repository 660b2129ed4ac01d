package trends

import (
	"fmt"

	"github.com/funnelscope/funnelscope/internal/spec"
)

// State implements common.Stateful: the interval, and the lines beside
// the overall rate with, for segments, their property; the keys are the
// trends command's flags, so that ui --lines segments --by device
// reopens the view.
func (m *Model) State() map[string]string {
	st := map[string]string{"interval": m.interval.String()}
	if m.lines != spec.OverallLine {
		st["lines"] = m.lines.Flag()
	}
	if m.lines == spec.SegmentLines {
		st["by"] = m.by
	}
	return st
}

// Restore implements common.Stateful.
func (m *Model) Restore(st map[string]string) error {
	if s, ok := st["interval"]; ok {
		iv, err := spec.ParseInterval(s)
		if err != nil {
			return err
		}
		m.interval = iv
	}
	if by := st["by"]; by != "" {
		if !m.ctx.Engine.HasKey(by) {
			return fmt.Errorf("lines per %q: no such property", by)
		}
		m.by = by
	}
	s, ok := st["lines"]
	if !ok {
		return nil
	}
	l, err := spec.ParseLines(s)
	if err != nil {
		return err
	}
	if l == spec.SegmentLines && m.by == "" {
		return fmt.Errorf("trend lines per segment: no property to split by")
	}
	m.lines = l
	m.buildChart()
	return nil
}
