package analysis

import (
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

// sortedQuantile is the nearest-rank quantile of docs/semantics.md in its
// plainest form: sort, take rank ceil(q·n).
func sortedQuantile(v []int64, q float64) int64 {
	if len(v) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(v))
	return s[max(0, int(math.Ceil(q*float64(len(s))))-1)]
}

func TestQuantilesAreTheNearestRankOfTheSortedValues(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 9))
	spreads := []struct {
		name string
		draw func() int64
	}{
		{"ties among a few small values", func() int64 { return int64(r.IntN(4)) }},
		{"all equal", func() int64 { return 7 * 24 * 3600 * 1e6 }},
		{"seconds to a week in µs", func() int64 { return r.Int64N(7 * 24 * 3600 * 1e6) }},
		{"around the histogram's edges", func() int64 {
			return int64(histogramEdges[r.IntN(len(histogramEdges))])*1e6 + r.Int64N(3) - 1
		}},
		{"one octave, many per bucket", func() int64 { return 1<<40 + r.Int64N(1<<20) }},
		{"up to the largest int64", func() int64 { return r.Int64() }},
		{"negative ones too", func() int64 { return r.Int64N(2000) - 1000 }},
	}
	qs := []float64{0, 0.1, 0.5, 0.9, 0.99, 1}
	for _, sp := range spreads {
		for _, n := range []int{0, 1, 2, 3, 10, 101, 5000} {
			v := make([]int64, n)
			for i := range v {
				v[i] = sp.draw()
			}
			want := make([]int64, len(qs))
			for i, q := range qs {
				want[i] = sortedQuantile(v, q)
			}
			wantBins := make([]int, len(histogramEdges))
			for _, x := range v {
				wantBins[histogramBin(x)]++
			}
			got, bins := make([]int64, len(qs)), make([]int, len(histogramEdges))
			quantiles(inChunks(v, 1+r.IntN(3)), qs, got, bins)
			if !slices.Equal(got, want) || !slices.Equal(bins, wantBins) {
				t.Errorf("%s, n=%d: quantiles %v, bins %v, want %v, %v", sp.name, n, got, bins, want, wantBins)
			}
		}
	}
}

// inChunks cuts v into parts pieces, the last one holding the rest.
func inChunks(v []int64, parts int) [][]int64 {
	var out [][]int64
	for p := range parts - 1 {
		out = append(out, v[p*len(v)/parts:(p+1)*len(v)/parts])
	}
	return append(out, v[(parts-1)*len(v)/parts:])
}

func TestTheMedianOfAnEvenCountIsTheLowerMiddleValue(t *testing.T) {
	if got := quantile([]int64{40, 10, 30, 20}, 0.5); got != 20 {
		t.Errorf("median of 10, 20, 30, 40 = %d, want 20", got)
	}
}

func TestBucketsFollowTheOrderOfTheValues(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 1))
	for range 100000 {
		a, b := r.Int64N(1<<(1+r.IntN(62))), r.Int64N(1<<(1+r.IntN(62)))
		if a < b && bucketOf(a) > bucketOf(b) {
			t.Fatalf("bucket of %d is %d, above %d's %d", a, bucketOf(a), b, bucketOf(b))
		}
	}
	if got := bucketOf(math.MaxInt64); got >= buckets {
		t.Errorf("the largest value's bucket %d is past the %d buckets", got, buckets)
	}
}

func TestABucketsRangeHoldsExactlyItsValues(t *testing.T) {
	for b := range buckets {
		lo, hi := bucketRange(b)
		if bucketOf(lo) != b || bucketOf(hi) != b || (b > 0 && bucketOf(lo-1) != b-1) {
			t.Fatalf("bucket %d: range [%d, %d] maps to %d..%d", b, lo, hi, bucketOf(lo), bucketOf(hi))
		}
	}
}

func TestTheHistogramBinIsTheLastEdgeADurationReaches(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	var vs []int64
	for _, e := range histogramEdges {
		us := int64(e) * 1e6
		vs = append(vs, us-1, us, us+1)
	}
	for range 100000 {
		vs = append(vs, r.Int64N(30*24*3600*1e6), r.Int64N(1<<(1+r.IntN(62))))
	}
	for _, v := range vs {
		want := 0
		for i, e := range histogramEdges {
			if float64(v)/1e6 >= e {
				want = i
			}
		}
		if got := histogramBin(v); got != want {
			t.Fatalf("%d µs in bin %d, want %d", v, got, want)
		}
	}
}

func TestStepFiguresComputedTogetherEqualThoseComputedOneByOne(t *testing.T) {
	r := rand.New(rand.NewPCG(6, 16))
	l := randomLog(r, 3000, 12)
	defer func(n int) { parallelFigures = n }(parallelFigures)
	for range 20 {
		f := randomFunnel(r)
		parallelFigures = math.MaxInt
		want, err := Funnel(l, f)
		if err != nil {
			t.Fatal(err)
		}
		parallelFigures = 0
		got, err := Funnel(l, f)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%+v: together %+v, one by one %+v", f, got, want)
		}
	}
}

func TestTogetherRunsEveryFunctionAndRaisesAPanicOnTheCaller(t *testing.T) {
	ran := make([]bool, 5)
	fns := make([]func(), len(ran))
	for i := range fns {
		fns[i] = func() { ran[i] = true }
	}
	together(fns)
	if slices.Contains(ran, false) {
		t.Fatalf("ran %v, want all", ran)
	}
	fns[3] = func() { panic("step 3") }
	defer func() {
		if v := recover(); v != "step 3" {
			t.Fatalf("recovered %v, want the panic of step 3", v)
		}
	}()
	together(fns)
	t.Fatal("together returned after a panic")
}
