package breakdown

import (
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// gridRow is the matrix line of a segment in the view, split in fields.
func gridRow(t *testing.T, v, label string) []string {
	t.Helper()
	for _, line := range strings.Split(v, "\n") {
		f := strings.Fields(line)
		for i := range f {
			// Beside the bars the row starts after them: find its label
			// followed by a percentage.
			if f[i] == label && i+1 < len(f) && strings.HasSuffix(f[i+1], "%") {
				return f[i+1:]
			}
		}
	}
	t.Fatalf("no matrix row %q in:\n%s", label, v)
	return nil
}

func TestTheGridShowsEachSegmentsConversionFromThePreviousStep(t *testing.T) {
	for _, sz := range []struct{ w, h int }{{80, 24}, {120, 40}} {
		m, _ := open(t, shop, sz.w, sz.h)
		v := m.View()
		for _, s := range m.Segments() {
			row := gridRow(t, v, s.Value)
			for j := 1; j < len(s.Steps); j++ {
				if got, want := strings.TrimPrefix(row[j-1], furthestMark), report.Percent(s.Steps[j].ConvFromPrev); got != want {
					t.Errorf("%dx%d %s step %d: cell %q, want %q", sz.w, sz.h, s.Value, j+1, got, want)
				}
			}
			median, _ := report.StepTimes(len(s.Steps)-1, s.Steps[len(s.Steps)-1])
			if got := row[len(s.Steps)-1]; got != median {
				t.Errorf("%dx%d %s: median %q, want %q", sz.w, sz.h, s.Value, got, median)
			}
		}
		uitest.CheckFits(t, v, sz.w, sz.h, "with the matrix")
	}
}

func TestMobilesCheckoutToPurchaseIsMarkedAsItsFurthestStep(t *testing.T) {
	// Hand-checked on the test sample: from begin_checkout to purchase
	// mobile converts 25.6%, all users 39.9% (gap 14.3 points); its other
	// steps are within 1.4 points of all (52.5% vs 51.9%, 70.6% vs 69.2%).
	m, _ := open(t, shop, 80, 24)
	row := gridRow(t, m.View(), "mobile")
	want := []string{"52.5%", "70.6%", furthestMark + "25.6%"}
	if strings.Join(row[:3], " ") != strings.Join(want, " ") {
		t.Errorf("mobile's cells %v, want %v (only purchase marked)", row[:3], want)
	}
	if all := gridRow(t, m.View(), "all"); strings.Contains(strings.Join(all, " "), furthestMark) {
		t.Errorf("the all-users row %v is the reference and has no mark", all)
	}
}

func TestTheGridGoesBesideTheBarsWhenWideAndUnderThemWhenNarrow(t *testing.T) {
	cases := []struct {
		w, h   int
		beside bool
	}{{80, 24, false}, {120, 40, true}, {200, 60, true}}
	for _, c := range cases {
		m, _ := open(t, shop, c.w, c.h)
		sameLine := false
		for _, line := range strings.Split(m.View(), "\n") {
			if strings.Contains(line, "█") && strings.Contains(line, furthestMark) {
				sameLine = true
			}
		}
		if sameLine != c.beside {
			t.Errorf("%dx%d: matrix beside the bars %v, want %v:\n%s", c.w, c.h, sameLine, c.beside, m.View())
		}
	}
}

func TestTheGridFollowsTheListsWindow(t *testing.T) {
	m, update := open(t, shop, 100, 12)
	uitest.Type(update, "pcountry<enter>")
	segs := values(m)
	uitest.Type(update, strings.Repeat("<down>", len(segs)))
	v := m.View()
	gridRow(t, v, segs[len(segs)-1])
	if strings.Contains(v, segs[0]+" ") {
		t.Errorf("scrolled to the last country, the first (%s) still shows:\n%s", segs[0], v)
	}
	uitest.CheckFits(t, v, 100, 12, "scrolled to the last country")
}
