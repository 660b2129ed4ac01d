// Package propblob owns the byte format of one event's properties, the
// blob stored in events.props and in the snapshot cache's prop_data: a
// uvarint count, then for each property a uvarint key id and a uvarint
// value id (dictionary ids), in ascending key order. Varints keep a
// typical event's properties to a dozen bytes or so; the order lets Find
// stop early. Databases hold blobs in this format, so it must not change.
// The package knows nothing of where the blobs are kept.
package propblob

import (
	"cmp"
	"encoding/binary"
	"errors"
	"slices"
)

// Pair is one property as dictionary ids.
type Pair struct{ Key, Value int64 }

// ErrCorrupt is what Decode returns for a blob that does not parse.
var ErrCorrupt = errors.New("corrupt property blob")

// Sort orders pairs by key id, as Append requires.
func Sort(pairs []Pair) {
	slices.SortFunc(pairs, func(a, b Pair) int { return cmp.Compare(a.Key, b.Key) })
}

// Append encodes pairs, which must be sorted by key id (see Sort), onto dst.
func Append(dst []byte, pairs []Pair) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(pairs)))
	for _, p := range pairs {
		dst = binary.AppendUvarint(dst, uint64(p.Key))
		dst = binary.AppendUvarint(dst, uint64(p.Value))
	}
	return dst
}

// Decode appends the pairs of blob to dst. An empty blob has no pairs.
func Decode(dst []Pair, blob []byte) ([]Pair, error) {
	if len(blob) == 0 {
		return dst, nil
	}
	n, k := binary.Uvarint(blob)
	if k <= 0 {
		return dst, ErrCorrupt
	}
	blob = blob[k:]
	for i := uint64(0); i < n; i++ {
		key, k1 := binary.Uvarint(blob)
		if k1 <= 0 {
			return dst, ErrCorrupt
		}
		val, k2 := binary.Uvarint(blob[k1:])
		if k2 <= 0 {
			return dst, ErrCorrupt
		}
		dst = append(dst, Pair{int64(key), int64(val)})
		blob = blob[k1+k2:]
	}
	return dst, nil
}

// Find returns the value id of key in blob, 0 when the blob lacks it or
// does not parse. Ids are int32, as the snapshot holds them. Find is the
// per-event step of decoding a property column, so it is a loop of its
// own rather than a callback of a shared walk (twice as fast).
func Find(blob []byte, key int32) int32 {
	if len(blob) == 0 {
		return 0
	}
	n, k := binary.Uvarint(blob)
	if k <= 0 {
		return 0
	}
	blob = blob[k:]
	for i := uint64(0); i < n; i++ {
		kid, k1 := binary.Uvarint(blob)
		if k1 <= 0 {
			return 0
		}
		vid, k2 := binary.Uvarint(blob[k1:])
		switch {
		case k2 <= 0:
			return 0
		case int32(kid) == key:
			return int32(vid)
		case int32(kid) > key: // keys are ascending: it is not there
			return 0
		}
		blob = blob[k1+k2:]
	}
	return 0
}
