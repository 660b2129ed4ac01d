package analysis

import "testing"

// convSteps builds a funnel's steps from counts and conversions from the
// previous step (the first step's is ignored).
func convSteps(counts []int, fromPrev ...float64) []StepResult {
	out := make([]StepResult, len(counts))
	for i, c := range counts {
		out[i].Count = c
		if i > 0 {
			out[i].ConvFromPrev = fromPrev[i-1]
		}
	}
	return out
}

func TestFurthestIsTheStepWithTheLargestGapToAllUsers(t *testing.T) {
	all := convSteps([]int{100, 50, 30, 10}, 0.5, 0.6, 0.33)
	cases := []struct {
		name string
		seg  []StepResult
		want int
	}{
		{"a drop below all counts by its size", convSteps([]int{10, 5, 3, 0}, 0.5, 0.62, 0.1), 3},
		{"a rise above all counts as much as a drop", convSteps([]int{10, 8, 4, 1}, 0.8, 0.5, 0.25), 1},
		{"a step after one nobody reached is not compared", convSteps([]int{10, 0, 0, 0}, 0, 0, 0), 1},
		{"a single step has nothing to compare", convSteps([]int{10}), -1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := FurthestStep(c.seg, all); got != c.want {
				t.Errorf("FurthestStep = %d, want %d", got, c.want)
			}
		})
	}
}
