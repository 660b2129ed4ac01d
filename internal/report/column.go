package report

import "slices"

// WithoutColumn is t without the column headed header (t itself when it
// has none), its headers, alignment and rows copied: a screen that leaves
// a figure out (presenter mode drops the trend's band, an interval) cuts
// it here rather than from the cells it was handed.
func (t Table) WithoutColumn(header string) Table {
	i := slices.Index(t.Headers, header)
	if i < 0 {
		return t
	}
	t.Headers = slices.Delete(slices.Clone(t.Headers), i, i+1)
	t.RightAlign = slices.Delete(slices.Clone(t.RightAlign), i, i+1)
	rows := make([][]string, len(t.Rows))
	for r, row := range t.Rows {
		rows[r] = slices.Delete(slices.Clone(row), i, i+1)
	}
	t.Rows = rows
	return t
}
