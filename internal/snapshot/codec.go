package snapshot

import (
	"encoding/binary"
	"fmt"
)

// CacheVersion changes whenever Encode's layout does, invalidating caches.
// Version 2 stores the per-event columns as varint streams (time as zigzag
// deltas): about 5 bytes an event instead of 16, which is what opening
// spends its time reading.
const CacheVersion = 2

// Column names of the encoded form. The property blobs are separate so that
// opening need not read them.
const (
	ColPropOffsets = "prop_offsets"
	ColPropData    = "prop_data"
)

// CoreColumns are the columns Decode needs.
var CoreColumns = []string{"users", "names", "keys", "values", "offsets", "name", "time", "session"}

// Encode returns the Log as named little-endian blobs, for the store's cache.
func (l *Log) Encode() (map[string][]byte, error) {
	off, data, err := l.props.blobs()
	if err != nil {
		return nil, err
	}
	return map[string][]byte{
		"users": encStrings(l.Users), "names": encStrings(l.Names),
		"keys": encStrings(l.Keys), "values": encStrings(l.Values),
		"offsets": enc32(l.Offsets), "name": encVar32(l.Name), "time": encDelta64(l.Time), "session": encDelta32(l.Session),
		ColPropOffsets: encU32(off), ColPropData: data,
	}, nil
}

// Decode rebuilds a Log from Encode's core columns; loadProps fetches the
// two property columns on first use.
func Decode(cols map[string][]byte, loadProps func() (offsets, data []byte, err error)) (*Log, error) {
	for _, c := range CoreColumns {
		if _, ok := cols[c]; !ok {
			return nil, fmt.Errorf("snapshot cache lacks column %q", c)
		}
	}
	l := &Log{Users: decStrings(cols["users"]), Names: decStrings(cols["names"]),
		Keys: decStrings(cols["keys"]), Values: decStrings(cols["values"]), Offsets: dec32(cols["offsets"])}
	n := 0
	if len(l.Offsets) > 0 {
		n = int(l.Offsets[len(l.Offsets)-1])
	}
	l.Name, l.Time, l.Session = decVar32(cols["name"], n), decDelta64(cols["time"], n), decDelta32(cols["session"], n)
	if err := l.check(n); err != nil {
		return nil, fmt.Errorf("snapshot cache is inconsistent: %w", err)
	}
	l.props.load = func() ([]uint32, []byte, error) {
		off, data, err := loadProps()
		if err != nil {
			return nil, nil, err
		}
		o := decU32(off)
		if len(o) != n+1 {
			return nil, nil, fmt.Errorf("snapshot property cache is inconsistent")
		}
		return o, data, nil
	}
	if err := l.finish(); err != nil {
		return nil, fmt.Errorf("snapshot cache is inconsistent: %w", err)
	}
	return l, nil
}

// check verifies the shape the log's readers index by: n events in every
// column, offsets that partition them. finish checks the name ids.
func (l *Log) check(n int) error {
	if len(l.Name) != n || len(l.Time) != n || len(l.Session) != n {
		return fmt.Errorf("columns of %d, %d and %d events, want %d", len(l.Name), len(l.Time), len(l.Session), n)
	}
	if len(l.Offsets) != len(l.Users)+1 || (n > 0 && int(l.Offsets[len(l.Offsets)-1]) != n) {
		return fmt.Errorf("%d offsets for %d users", len(l.Offsets), len(l.Users))
	}
	for u := 0; u+1 < len(l.Offsets); u++ {
		if l.Offsets[u] < 0 || l.Offsets[u] > l.Offsets[u+1] {
			return fmt.Errorf("user %d's events start at %d", u, l.Offsets[u])
		}
	}
	return nil
}

func encStrings(ss []string) []byte {
	var b []byte
	for _, s := range ss {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	return b
}

func decStrings(b []byte) []string {
	var out []string
	for len(b) > 0 {
		n, k := binary.Uvarint(b)
		if k <= 0 || int(n) > len(b)-k {
			break
		}
		out = append(out, string(b[k:k+int(n)]))
		b = b[k+int(n):]
	}
	return out
}

func enc32(v []int32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], uint32(x))
	}
	return b
}

func dec32(b []byte) []int32 {
	v := make([]int32, len(b)/4)
	for i := range v {
		v[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v
}

func encU32(v []uint32) []byte {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], x)
	}
	return b
}

func decU32(b []byte) []uint32 {
	v := make([]uint32, len(b)/4)
	for i := range v {
		v[i] = binary.LittleEndian.Uint32(b[4*i:])
	}
	return v
}

func encVar32(v []int32) []byte {
	b := make([]byte, 0, len(v)+16)
	for _, x := range v {
		b = binary.AppendUvarint(b, uint64(uint32(x)))
	}
	return b
}

// The decoders take the event count so they allocate once; a short or
// corrupt stream leaves a short slice, which Decode reports.

func decVar32(b []byte, n int) []int32 {
	out := make([]int32, 0, n)
	for len(b) > 0 && len(out) < n {
		if b[0] < 0x80 { // one-byte fast path: most names and session deltas
			out = append(out, int32(b[0]))
			b = b[1:]
			continue
		}
		x, k := binary.Uvarint(b)
		if k <= 0 {
			break
		}
		out = append(out, int32(uint32(x)))
		b = b[k:]
	}
	return out
}

func encDelta64(v []int64) []byte {
	b := make([]byte, 0, 4*len(v)+16)
	var prev int64
	for _, x := range v {
		b = binary.AppendVarint(b, x-prev)
		prev = x
	}
	return b
}

func decDelta64(b []byte, n int) []int64 {
	out := make([]int64, 0, n)
	var prev int64
	for len(b) > 0 && len(out) < n {
		d, k := binary.Varint(b)
		if k <= 0 {
			break
		}
		prev += d
		out = append(out, prev)
		b = b[k:]
	}
	return out
}

func encDelta32(v []int32) []byte {
	b := make([]byte, 0, len(v)+16)
	var prev int64
	for _, x := range v {
		b = binary.AppendVarint(b, int64(x)-prev)
		prev = int64(x)
	}
	return b
}

func decDelta32(b []byte, n int) []int32 {
	out := make([]int32, 0, n)
	var prev int64
	for len(b) > 0 && len(out) < n {
		if b[0] < 0x80 { // one-byte zigzag: deltas -64..63, mostly 0
			prev += int64(b[0]>>1) ^ -int64(b[0]&1)
			out = append(out, int32(prev))
			b = b[1:]
			continue
		}
		d, k := binary.Varint(b)
		if k <= 0 {
			break
		}
		prev += d
		out = append(out, int32(prev))
		b = b[k:]
	}
	return out
}
