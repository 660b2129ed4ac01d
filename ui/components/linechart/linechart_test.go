package linechart

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

func weeks(n int, rate func(i int) float64) Data {
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) // a Monday
	d := Data{From: start, To: start.AddDate(0, 0, 7*(n-1)), Step: 7 * 24 * time.Hour,
		XLabel: func(t time.Time) string { return t.Format("Jan 02") }}
	for i := range n {
		d.Line = append(d.Line, Point{Time: start.AddDate(0, 0, 7*i), Value: rate(i)})
	}
	return d
}

func TestRenderFitsTheBoxAndLabelsTheWeeks(t *testing.T) {
	d := weeks(9, func(i int) float64 { return 0.1 + 0.01*float64(i) })
	cases := []struct {
		name string
		w, h int
	}{
		{"a small box", 40, 8},
		{"an 80-column box", 80, 10},
		{"a wide box", 160, 20},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out := Render(uitest.Theme(), d, c.w, c.h)
			lines := strings.Split(out, "\n")
			if len(lines) != c.h {
				t.Errorf("%d lines, want %d", len(lines), c.h)
			}
			for _, l := range lines {
				if lipgloss.Width(l) > c.w {
					t.Errorf("line of %d columns: %q", lipgloss.Width(l), l)
				}
			}
			if !strings.Contains(lines[len(lines)-1], "Jan 01") {
				t.Errorf("time axis does not start at the first week: %q", lines[len(lines)-1])
			}
		})
	}
}

func TestLabelsFallOnSteps(t *testing.T) {
	d := weeks(9, func(i int) float64 { return 0.2 })
	out := Render(uitest.Theme(), d, 80, 10)
	axis := strings.Split(out, "\n")[9]
	mondays := map[string]bool{}
	for i := range 9 {
		mondays[d.From.AddDate(0, 0, 7*i).Format("Jan 02")] = true
	}
	f := strings.Fields(axis)
	if len(f) < 4 {
		t.Fatalf("too few labels: %q", axis)
	}
	for i := 0; i+1 < len(f); i += 2 {
		if l := f[i] + " " + f[i+1]; !mondays[l] {
			t.Errorf("label %q is not a week's Monday (axis %q)", l, axis)
		}
	}
}

func TestNothingToDrawIsEmpty(t *testing.T) {
	if out := Render(uitest.Theme(), Data{}, 80, 10); out != "" {
		t.Errorf("no points drew %q", out)
	}
	if out := Render(uitest.Theme(), weeks(3, func(int) float64 { return 0.5 }), 10, 2); out != "" {
		t.Errorf("no room drew %q", out)
	}
}

func TestTheBandIsDashedAndTheLineBraille(t *testing.T) {
	d := weeks(9, func(i int) float64 { return 0.1 + 0.02*float64(i) })
	without := Render(uitest.Theme(), d, 80, 12)
	for _, p := range d.Line {
		d.Low = append(d.Low, Point{Time: p.Time, Value: 0.05})
		d.High = append(d.High, Point{Time: p.Time, Value: 0.3})
	}
	with := Render(uitest.Theme(), d, 80, 12)
	if strings.ContainsRune(without, BandRune) || !strings.ContainsRune(with, BandRune) {
		t.Errorf("the band's rune should be drawn with a band only:\n%s\n%s", without, with)
	}
	if !strings.ContainsAny(with, "⠁⠂⠄⡀⠈⠐⠠⢀⠉⠒⠤⣀") {
		t.Errorf("no braille line:\n%s", with)
	}
}

func TestMarksAlwaysShowAndPointsOnlyWithRoom(t *testing.T) {
	cases := []struct {
		name   string
		d      Data
		points bool
	}{
		{"nine weeks in 80 columns", weeks(9, func(int) float64 { return 0.2 }), true},
		{"sixty points in 80 columns", weeks(60, func(int) float64 { return 0.2 }), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			c.d.Line[len(c.d.Line)-2].Mark = Up
			out := Render(uitest.Theme(), c.d, 80, 10)
			if !strings.ContainsRune(out, Up) {
				t.Errorf("no %c:\n%s", Up, out)
			}
			if strings.ContainsRune(out, PointRune) != c.points {
				t.Errorf("point markers drawn %v, want %v:\n%s", !c.points, c.points, out)
			}
		})
	}
}

func TestTheLastStepIsLabelledWhole(t *testing.T) {
	for _, n := range []int{5, 9, 14} {
		d := weeks(n, func(int) float64 { return 0.2 })
		lines := strings.Split(Render(uitest.Theme(), d, 80, 10), "\n")
		axis := strings.TrimSpace(lines[len(lines)-1])
		if last := d.To.Format("Jan 02"); !strings.HasSuffix(axis, last) {
			t.Errorf("%d weeks: axis %q does not end on %s", n, axis, last)
		}
		if f := strings.Fields(axis); len(f)%2 != 0 {
			t.Errorf("%d weeks: a label is cut: %q", n, axis)
		}
	}
}
