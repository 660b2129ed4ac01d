package ingest

import "testing"

func TestAResultFailedOnlyWhenEveryRowWasRejected(t *testing.T) {
	cases := []struct {
		r    Result
		want bool
	}{
		{Result{Rejected: 3}, true},
		{Result{Rejected: 3, Imported: 1}, false},
		{Result{Rejected: 3, Duplicates: 1}, false}, // importing a file twice is no failure
		{Result{}, false},                           // an empty file
	}
	for _, c := range cases {
		if got := c.r.Failed(); got != c.want {
			t.Errorf("%+v: Failed %v, want %v", c.r, got, c.want)
		}
	}
}
