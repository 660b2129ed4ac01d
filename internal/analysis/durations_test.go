package analysis

import (
	"slices"
	"testing"
)

func TestDurationsKeepEveryValueAddedAndMergedAcrossChunks(t *testing.T) {
	for _, sizes := range [][2]int{{0, 0}, {1, 0}, {0, 5}, {63, 64}, {4096, 1}, {10000, 9000}} {
		var a, b durations
		var want []int64
		for i := range sizes[0] {
			a.add(int64(i))
			want = append(want, int64(i))
		}
		for i := range sizes[1] {
			b.add(-int64(i) - 1)
			want = append(want, -int64(i)-1)
		}
		a.merge(&b)
		a.add(42) // after a merge, into a's own last chunk
		want = append(want, 42)
		got := slices.Concat(a.parts()...)
		slices.Sort(got)
		slices.Sort(want)
		if !slices.Equal(got, want) || a.count() != len(want) {
			t.Errorf("sizes %v: %d values (count %d), want %d", sizes, len(got), a.count(), len(want))
		}
		a.release()
		if a.count() != 0 || len(slices.Concat(a.parts()...)) != 0 {
			t.Errorf("sizes %v: values left after release", sizes)
		}
	}
}
