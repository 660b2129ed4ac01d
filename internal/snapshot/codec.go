package snapshot

import (
	"encoding/binary"
	"fmt"
)

// CacheVersion changes whenever Encode's layout does, invalidating caches.
const CacheVersion = 1

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
	p := &l.props
	p.once.Do(func() {
		if p.load != nil {
			p.off, p.data, p.err = p.load()
		}
	})
	if p.err != nil {
		return nil, p.err
	}
	return map[string][]byte{
		"users": encStrings(l.Users), "names": encStrings(l.Names),
		"keys": encStrings(l.Keys), "values": encStrings(l.Values),
		"offsets": enc32(l.Offsets), "name": enc32(l.Name), "time": enc64(l.Time), "session": enc32(l.Session),
		ColPropOffsets: encU32(p.off), ColPropData: p.data,
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
		Keys: decStrings(cols["keys"]), Values: decStrings(cols["values"]),
		Offsets: dec32(cols["offsets"]), Name: dec32(cols["name"]), Time: dec64(cols["time"]),
		Session: dec32(cols["session"])}
	n := len(l.Time)
	if len(l.Name) != n || len(l.Session) != n || len(l.Offsets) != len(l.Users)+1 ||
		(n > 0 && int(l.Offsets[len(l.Offsets)-1]) != n) {
		return nil, fmt.Errorf("snapshot cache is inconsistent")
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
	l.index()
	return l, nil
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

func enc64(v []int64) []byte {
	b := make([]byte, 8*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint64(b[8*i:], uint64(x))
	}
	return b
}

func dec64(b []byte) []int64 {
	v := make([]int64, len(b)/8)
	for i := range v {
		v[i] = int64(binary.LittleEndian.Uint64(b[8*i:]))
	}
	return v
}
