package store

import (
	"encoding/binary"
	"errors"
)

// PropPair is one property as dictionary ids.
type PropPair struct{ Key, Value int64 }

// AppendProps encodes pairs (sorted by key id) as the events.props blob:
// uvarint count, then uvarint key id and uvarint value id for each pair.
// Varints keep a typical event's properties to a dozen bytes or so.
func AppendProps(dst []byte, pairs []PropPair) []byte {
	dst = binary.AppendUvarint(dst, uint64(len(pairs)))
	for _, p := range pairs {
		dst = binary.AppendUvarint(dst, uint64(p.Key))
		dst = binary.AppendUvarint(dst, uint64(p.Value))
	}
	return dst
}

var errBadProps = errors.New("corrupt property blob")

// DecodeProps appends the pairs of blob to dst.
func DecodeProps(dst []PropPair, blob []byte) ([]PropPair, error) {
	if len(blob) == 0 {
		return dst, nil
	}
	n, k := binary.Uvarint(blob)
	if k <= 0 {
		return dst, errBadProps
	}
	blob = blob[k:]
	for i := uint64(0); i < n; i++ {
		key, k1 := binary.Uvarint(blob)
		if k1 <= 0 {
			return dst, errBadProps
		}
		val, k2 := binary.Uvarint(blob[k1:])
		if k2 <= 0 {
			return dst, errBadProps
		}
		dst = append(dst, PropPair{int64(key), int64(val)})
		blob = blob[k1+k2:]
	}
	return dst, nil
}
