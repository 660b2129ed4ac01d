package list

import (
	"testing"

	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestFitKeepsALineForTheFooterOnlyWhenThereIsOne(t *testing.T) {
	cases := []struct {
		name       string
		rows, room int
		filter     string
		height     int
	}{
		{"rows that all fit take every line", 5, 5, "", 5},
		{"one row too many leaves a line for the footer", 6, 5, "", 4},
		{"a filter keeps its footer even when its rows fit", 10, 12, "/row0<enter>", 11},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			m := New(uitest.Theme())
			m.SetRows(rows(c.rows))
			press(&m, c.filter)
			m.Fit(c.room)
			if m.Height() != c.height {
				t.Errorf("height %d, want %d (footer %q)", m.Height(), c.height, m.Footer())
			}
		})
	}
}
