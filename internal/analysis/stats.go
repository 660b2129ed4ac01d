package analysis

import (
	"math"
	"math/bits"
	"slices"
	"sync"
)

// Wilson returns the 95% Wilson score interval of k successes in n trials.
func Wilson(k, n int) (lo, hi float64) {
	if n == 0 {
		return 0, 0
	}
	const z = 1.959963984540054
	p := float64(k) / float64(n)
	nn := float64(n)
	den := 1 + z*z/nn
	mid := (p + z*z/(2*nn)) / den
	half := z * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn)) / den
	return math.Max(0, mid-half), math.Min(1, mid+half)
}

// TwoProportionP is the two-sided p-value of the z-test that k1/n1 and
// k2/n2 come from the same proportion (1 when undefined).
func TwoProportionP(k1, n1, k2, n2 int) float64 {
	if n1 == 0 || n2 == 0 {
		return 1
	}
	p := float64(k1+k2) / float64(n1+n2)
	se := math.Sqrt(p * (1 - p) * (1/float64(n1) + 1/float64(n2)))
	if se == 0 {
		return 1
	}
	z := (float64(k1)/float64(n1) - float64(k2)/float64(n2)) / se
	return math.Erfc(math.Abs(z) / math.Sqrt2)
}

// ratio is k/n, 0 when n is 0.
func ratio(k, n int) float64 {
	if n == 0 {
		return 0
	}
	return float64(k) / float64(n)
}

// quantile returns the q-quantile (nearest rank) of v, reordering v.
func quantile(v []int64, q float64) int64 {
	var out [1]int64
	quantiles([][]int64{v}, []float64{q}, out[:], nil)
	return out[0]
}

// quantiles sets out[i] to the qs[i]-quantile of the values of chunks:
// the value at rank ceil(q·n) in ascending order (docs/semantics.md,
// "Median and p90"), 0 when there are none. When bins is not nil, it also
// adds the count of values of each histogram bin (histogramBin) to bins.
// It may reorder the values.
//
// Rather than select in all values once per quantile, it counts them by
// log-scale bucket (bucketOf) in one pass, which finds the bucket holding
// each rank and the bin of most buckets' values, then gathers in a second
// pass the values of those buckets and of the few buckets a bin edge
// cuts: two cheap passes for every figure of a step.
func quantiles(chunks [][]int64, qs []float64, out []int64, bins []int) {
	var counts [buckets]int32
	n := 0
	for _, v := range chunks {
		n += len(v)
		for _, x := range v {
			if x < 0 { // durations are never negative; keep the plain way for others
				selectEach(slices.Concat(chunks...), qs, out, bins)
				return
			}
			counts[bucketOf(x)]++
		}
	}
	if n == 0 {
		clear(out)
		return
	}
	// mark[b]: 1 when bucket b holds a quantile, 2 when a bin edge cuts it.
	var mark [buckets]uint8
	if bins != nil {
		for b, c := range counts {
			if bin := binOfBucket[b]; bin < 0 {
				mark[b] = 2
			} else {
				bins[bin] += int(c)
			}
		}
	}
	ranks := make([]int, len(qs)) // each quantile's rank within its bucket
	at := make([]int, len(qs))    // ... and its bucket
	for i, q := range qs {
		ranks[i] = rank(q, n)
		for ; ranks[i] >= int(counts[at[i]]); at[i]++ {
			ranks[i] -= int(counts[at[i]])
		}
		mark[at[i]] |= 1
	}
	var scratch []int64
	for _, v := range chunks {
		for _, x := range v {
			m := mark[bucketOf(x)]
			if m == 0 {
				continue
			}
			if m&1 != 0 {
				scratch = append(scratch, x)
			}
			if m&2 != 0 {
				bins[histogramBin(x)]++
			}
		}
	}
	for i := range qs {
		// The gathered values of lower buckets rank below this one's.
		k := ranks[i]
		for b := range at[i] {
			if mark[b]&1 != 0 {
				k += int(counts[b])
			}
		}
		out[i] = selectK(scratch, k)
	}
}

// selectEach is quantiles by a partition of v per quantile, and a
// comparison per value for the bins.
func selectEach(v []int64, qs []float64, out []int64, bins []int) {
	for i, q := range qs {
		out[i] = selectK(v, rank(q, len(v)))
	}
	if bins != nil {
		for _, x := range v {
			bins[histogramBin(x)]++
		}
	}
}

// rank is the 0-based nearest rank of quantile q among n values.
func rank(q float64, n int) int {
	return max(0, min(int(math.Ceil(q*float64(n)))-1, n-1))
}

// buckets is how many buckets bucketOf has: values below 64 one each,
// then 64 per power of two up to 2^63.
const buckets = 64 + 57*64

// bucketRange returns the smallest and largest value of bucket b.
func bucketRange(b int) (lo, hi int64) {
	if b < 64 {
		return int64(b), int64(b)
	}
	e := (b-64)/64 + 7 // bits.Len64 of the bucket's values
	lo = 1<<(e-1) | int64((b-64)%64)<<(e-7)
	return lo, lo + 1<<(e-7) - 1
}

// bucketOf maps x >= 0 to a bucket, in the order of the values: its
// power of two and its next 6 bits, so a bucket holds a 64th of its
// octave's values or fewer.
func bucketOf(x int64) int {
	if x < 64 {
		return int(x)
	}
	e := bits.Len64(uint64(x)) // 7..63
	return 64 + (e-7)*64 + int(x>>(e-7)&63)
}

// selectK returns the k-th smallest element (0-based), partially sorting v.
func selectK(v []int64, k int) int64 {
	lo, hi := 0, len(v)-1
	for lo < hi {
		p := v[(lo+hi)/2]
		i, j := lo, hi
		for i <= j {
			for v[i] < p {
				i++
			}
			for v[j] > p {
				j--
			}
			if i <= j {
				v[i], v[j] = v[j], v[i]
				i++
				j--
			}
		}
		switch {
		case k <= j:
			hi = j
		case k >= i:
			lo = i
		default:
			return v[k]
		}
	}
	return v[k]
}

// together runs fns at once, each on a goroutine of its own, and returns
// when all have. A panic in one is raised again on the caller's
// goroutine, inside the analysis's recover boundary (Catch): on the
// goroutine itself nothing would recover it and the process would end.
func together(fns []func()) {
	panics := make([]any, len(fns))
	var wg sync.WaitGroup
	for i, f := range fns {
		wg.Go(func() {
			defer func() { panics[i] = recover() }()
			f()
		})
	}
	wg.Wait()
	for _, v := range panics {
		if v != nil {
			panic(v)
		}
	}
}
