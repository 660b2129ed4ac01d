package analysis

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// refLine is a reference line: its name and, per period key, its tally.
type refLine struct {
	name  string
	tally map[string]*refPeriod
}

func (r *refLine) add(key string, converted bool) {
	p := r.tally[key]
	if p == nil {
		p = &refPeriod{}
		r.tally[key] = p
	}
	p.entered++
	if converted {
		p.converted++
	}
}

// refStepLines is each step's conversion from the previous one by brute
// force: step j enters the units reaching step j-1 and converts those
// reaching step j.
func refStepLines(units []refTrendUnit, k int, steps []spec.Step) []*refLine {
	var out []*refLine
	for j := 1; j < k; j++ {
		line := &refLine{name: steps[j].String(), tally: map[string]*refPeriod{}}
		for _, u := range units {
			if u.level >= j {
				line.add(u.key, u.level >= j+1)
			}
		}
		out = append(out, line)
	}
	return out
}

// refSegmentLines is the conversion per value of by on each unit's dating
// event: the top values by units, then the rest as (other).
func refSegmentLines(t *testing.T, l *snapshot.Log, units []refTrendUnit, k int, by string, top int) []*refLine {
	key, _ := l.KeyID(by)
	col, err := l.Prop(key)
	if err != nil {
		t.Fatal(err)
	}
	value := func(u refTrendUnit) string { return l.Values[col[u.first]] }
	sizes := map[string]int{}
	for _, u := range units {
		sizes[value(u)]++
	}
	var names []string
	for v := range sizes {
		names = append(names, v)
	}
	sort.Slice(names, func(i, j int) bool {
		if sizes[names[i]] != sizes[names[j]] {
			return sizes[names[i]] > sizes[names[j]]
		}
		return names[i] < names[j]
	})
	lineOf := map[string]int{}
	var out []*refLine
	for i, v := range names {
		if i < top {
			lineOf[v] = len(out)
			out = append(out, &refLine{name: v, tally: map[string]*refPeriod{}})
			continue
		}
		if i == top {
			out = append(out, &refLine{name: OtherSegment, tally: map[string]*refPeriod{}})
		}
		lineOf[v] = top
	}
	for _, u := range units {
		out[lineOf[value(u)]].add(u.key, u.level == k)
	}
	return out
}

// checkLines compares the result's series with the reference lines.
func checkLines(t *testing.T, got *TrendsResult, want []*refLine, label string) {
	t.Helper()
	if len(got.Series) != len(want) {
		t.Fatalf("%s: %d lines, reference %d", label, len(got.Series), len(want))
	}
	for i, s := range got.Series {
		if s.Name != want[i].name {
			t.Fatalf("%s: line %d is %q, reference %q", label, i, s.Name, want[i].name)
		}
		for p, period := range got.Periods {
			w := want[i].tally[period.Start.Format(time.DateOnly)]
			if w == nil {
				w = &refPeriod{}
			}
			if s.Entered[p] != w.entered || s.Converted[p] != w.converted {
				t.Fatalf("%s: line %q, period %s: %d entered, %d converted; reference %d, %d",
					label, s.Name, period.Start.Format(time.DateOnly), s.Entered[p], s.Converted[p], w.entered, w.converted)
			}
		}
	}
}

func TestTrendLinesPerStepAndPerSegmentMatchTheBruteForceReference(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 11))
	for trial := 0; trial < 600; trial++ {
		l := randomTrendLog(r, 40, 8)
		tr := randomTrends(r)
		tr.Lines, tr.By, tr.Top = spec.StepLines, "p", r.IntN(3)
		if trial%2 == 1 {
			tr.Lines = spec.SegmentLines
		}
		label := fmt.Sprintf("trial %d (%s, %s, funnel %+v)", trial, tr.Lines, tr.Interval, tr.Funnel)
		got, err := Trends(l, tr)
		if err != nil {
			t.Fatalf("%s: %v", label, err)
		}
		units, k := refTrendUnits(t, l, tr)
		want := refStepLines(units, k, tr.Funnel.Steps)
		if tr.Lines == spec.SegmentLines {
			top := tr.Top
			if top == 0 {
				top = spec.DefaultTrendTop
			}
			want = refSegmentLines(t, l, units, k, "p", top)
		}
		checkLines(t, got, want, label)
	}
}

func TestTrendsDrawNoLinesOverallAndRefuseSegmentsWithoutAProperty(t *testing.T) {
	l := randomTrendLog(rand.New(rand.NewPCG(1, 2)), 30, 8)
	f := spec.Funnel{Steps: []spec.Step{{Name: "a"}, {Name: "b"}}, Window: 86400e6}
	tests := []struct {
		name    string
		tr      spec.Trends
		wantErr bool
	}{
		{"overall has no lines", spec.Trends{Funnel: f}, false},
		{"segments without a property are refused", spec.Trends{Funnel: f, Lines: spec.SegmentLines}, true},
		{"segments of an unknown property are refused", spec.Trends{Funnel: f, Lines: spec.SegmentLines, By: "nope"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Trends(l, tt.tr)
			if (err != nil) != tt.wantErr {
				t.Fatalf("error %v, want one: %v", err, tt.wantErr)
			}
			if err == nil && len(got.Series) != 0 {
				t.Errorf("%d lines overall", len(got.Series))
			}
		})
	}
}
