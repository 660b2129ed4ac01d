package store

import "encoding/binary"

func encodeKeys(keys []int64) []byte {
	b := make([]byte, 8*len(keys))
	for i, k := range keys {
		binary.LittleEndian.PutUint64(b[8*i:], uint64(k))
	}
	return b
}

func decodeKeys(b []byte) []int64 {
	keys := make([]int64, len(b)/8)
	for i := range keys {
		keys[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return keys
}

// mergeSorted merges two ascending slices into a new ascending slice.
func mergeSorted(a, b []int64) []int64 {
	if len(a) == 0 {
		return b
	}
	out := make([]int64, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if a[i] <= b[j] {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}

// MergeSorted merges two ascending key slices; exported for the importer,
// which keeps the keys of earlier files of one run.
func MergeSorted(a, b []int64) []int64 { return mergeSorted(a, b) }
