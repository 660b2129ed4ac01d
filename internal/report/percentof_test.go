package report

import "testing"

func TestPercentOfIsTheShareOfACountAndZeroOfNothing(t *testing.T) {
	cases := []struct {
		name  string
		n, of int
		want  string
	}{
		{"a share rounds to one decimal", 1, 8, "12.5%"},
		{"all of them is 100%", 3, 3, "100.0%"},
		{"none of nothing is 0%, not NaN", 0, 0, "0.0%"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := PercentOf(c.n, c.of); got != c.want {
				t.Errorf("PercentOf(%d, %d) = %q, want %q", c.n, c.of, got, c.want)
			}
		})
	}
}
