package snapshot

import "encoding/binary"

// findProp scans one event's property blob (uvarint count, then uvarint
// key/value id pairs sorted by key) for key; 0 when absent.
func findProp(blob []byte, key int32) int32 {
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
		if k2 <= 0 {
			return 0
		}
		if int32(kid) == key {
			return int32(vid)
		}
		if int32(kid) > key {
			return 0
		}
		blob = blob[k1+k2:]
	}
	return 0
}
