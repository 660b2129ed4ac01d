package store

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

func TestSortKeySeqsOrdersAsTheComparisonSortDoes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	tests := []struct {
		name string
		key  func(i int) int64
		n    int
	}{
		{"no pairs", func(int) int64 { return 0 }, 0},
		{"one pair", func(int) int64 { return 7 }, 1},
		{"random keys, negative ones too", func(int) int64 { return int64(r.Uint64()) }, 5000},
		{"many duplicates keep seq order", func(int) int64 { return int64(r.IntN(5)) - 2 }, 5000},
		{"keys sharing their high bytes", func(int) int64 { return int64(r.IntN(1000)) }, 5000},
		{"extremes", func(i int) int64 { return []int64{math.MinInt64, math.MaxInt64, -1, 0}[i%4] }, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ps := make([]keySeq, tt.n)
			for i := range ps {
				ps[i] = keySeq{tt.key(i), int64(i + 1)}
			}
			want := slices.Clone(ps)
			slices.SortFunc(want, compareKeySeq)
			sortKeySeqs(ps, make([]keySeq, tt.n))
			if !slices.Equal(ps, want) {
				t.Fatalf("radix order differs from (key, seq) order")
			}
		})
	}
}

func TestSortKeySeqsSortsPairsWhoseSeqsDoNotAscend(t *testing.T) {
	ps := []keySeq{{2, 9}, {1, 5}, {2, 3}, {1, 8}}
	sortKeySeqs(ps, make([]keySeq, len(ps)))
	want := []keySeq{{1, 5}, {1, 8}, {2, 3}, {2, 9}}
	if !slices.Equal(ps, want) {
		t.Fatalf("got %v, want %v", ps, want)
	}
}

func BenchmarkSortKeySeqs(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	src := make([]keySeq, 1<<19)
	for i := range src {
		src[i] = keySeq{int64(r.Uint64()), int64(i + 1)}
	}
	ps, tmp := make([]keySeq, len(src)), make([]keySeq, len(src))
	for b.Loop() {
		copy(ps, src)
		sortKeySeqs(ps, tmp)
	}
}
