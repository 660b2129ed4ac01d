package snapshot

import (
	"encoding/binary"
	"fmt"
	"slices"
)

// CacheVersion changes whenever Encode's layout does, invalidating caches.
// Version 2 stores the per-event columns as varint streams (time as zigzag
// deltas): about 5 bytes an event instead of 16, which is what opening
// spends its time reading. Version 3 splits a column over rows of at most
// 512 MiB (the store's chunks): a version 2 reader would see only the
// first chunk of a column over that size.
const CacheVersion = 3

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
	off, data, err := l.props.all(len(l.Time))
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
// two property columns whole each time a property Column decodes.
func Decode(cols map[string][]byte, loadProps func() (offsets, data []byte, err error)) (*Log, error) {
	return DecodeStream(cols, bytesSource(loadProps))
}

// DecodeStream rebuilds a Log from Encode's core columns; props streams
// the two property columns each time a property Column decodes, which
// never holds them whole. The cache is a file anyone who can write the
// database can craft, so DecodeStream checks everything a reader indexes
// by (see decodeCore) and returns an error, never a log that panics
// later; the property columns are checked as they stream, and their value
// ids as each column decodes.
func DecodeStream(cols map[string][]byte, props PropSource) (*Log, error) {
	for _, c := range CoreColumns {
		if _, ok := cols[c]; !ok {
			return nil, fmt.Errorf("snapshot cache lacks column %q", c)
		}
	}
	l, err := decodeCore(cols)
	if err == nil {
		err = l.finish()
	}
	if err != nil {
		return nil, fmt.Errorf("snapshot cache is inconsistent: %w", err)
	}
	l.props.source = props
	return l, nil
}

// decodeCore decodes the dictionaries, the offsets and the three event
// columns, checking what the log's readers rely on and cannot check
// cheaply themselves: dictionaries with their unused entry 0 (the catalog
// slices it off), offsets that partition the events, and each user's
// events in time order. finish checks the name ids.
func decodeCore(cols map[string][]byte) (*Log, error) {
	l := &Log{}
	if err := l.decodeDicts(cols); err != nil {
		return nil, err
	}
	n, err := l.decodeOffsets(cols)
	if err != nil {
		return nil, err
	}
	if l.Name, err = decVar32(cols["name"], n); err != nil {
		return nil, fmt.Errorf("name: %w", err)
	}
	if l.Time, err = decDelta64(cols["time"], n); err != nil {
		return nil, fmt.Errorf("time: %w", err)
	}
	if err := l.timeOrdered(); err != nil {
		return nil, err
	}
	if l.Session, err = decDelta32(cols["session"], n); err != nil {
		return nil, fmt.Errorf("session: %w", err)
	}
	return l, nil
}

func (l *Log) decodeDicts(cols map[string][]byte) error {
	for _, d := range []struct {
		col string
		dst *[]string
	}{{"users", &l.Users}, {"names", &l.Names}, {"keys", &l.Keys}, {"values", &l.Values}} {
		var err error
		if *d.dst, err = decStrings(cols[d.col]); err != nil {
			return fmt.Errorf("%s: %w", d.col, err)
		}
	}
	if len(l.Names) == 0 || len(l.Keys) == 0 || len(l.Values) == 0 {
		return fmt.Errorf("a dictionary lacks its unused entry 0")
	}
	return nil
}

// decodeOffsets decodes the users' offsets and returns the number of
// events they claim.
func (l *Log) decodeOffsets(cols map[string][]byte) (n int, err error) {
	b := cols["offsets"]
	if len(b) != 4*(len(l.Users)+1) {
		return 0, fmt.Errorf("%d bytes of offsets for %d users", len(b), len(l.Users))
	}
	l.Offsets = dec32(b)
	n = int(l.Offsets[len(l.Offsets)-1])
	// Every event takes at least a byte of each stream: a larger count is
	// a lie, and allocating for it could take all the memory there is.
	for _, c := range []string{"name", "time", "session"} {
		if n < 0 || n > len(cols[c]) {
			return 0, fmt.Errorf("%d events, but %d bytes of %s", n, len(cols[c]), c)
		}
	}
	if err := partition(l.Offsets, int32(n)); err != nil {
		return 0, fmt.Errorf("user offsets: %w", err)
	}
	return n, nil
}

// timeOrdered checks that each user's events are in time order: Range
// reads only a user's first and last, and Trends finds each event's
// period in the span those give. It costs opening about a millisecond a
// million events.
func (l *Log) timeOrdered() error {
	for u := 0; u+1 < len(l.Offsets); u++ {
		if !slices.IsSorted(l.Time[l.Offsets[u]:l.Offsets[u+1]]) {
			return fmt.Errorf("user %d's events are not in time order", u)
		}
	}
	return nil
}

// partition checks that off splits [0, end) into consecutive ranges: it
// starts at 0, never decreases and ends at end.
func partition[T int32 | uint32](off []T, end T) error {
	if len(off) == 0 || off[0] != 0 || off[len(off)-1] != end {
		return fmt.Errorf("offsets do not run from 0 to %d", end)
	}
	for i := 1; i < len(off); i++ {
		if off[i] < off[i-1] {
			return fmt.Errorf("offset %d goes back from %d to %d", i, off[i-1], off[i])
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

// decStrings decodes a dictionary into substrings of one copy of b: the
// users' dictionary is 746,000 short strings at 10 M events, and a string
// each cost twice its bytes and a growing slice of garbage to open.
func decStrings(b []byte) ([]string, error) {
	count := 0
	for rest := b; len(rest) > 0; count++ {
		n, k := binary.Uvarint(rest)
		if k <= 0 || n > uint64(len(rest)-k) {
			return nil, fmt.Errorf("string %d runs past the end", count)
		}
		rest = rest[k+int(n):]
	}
	all, out := string(b), make([]string, 0, count)
	for at := 0; at < len(all); {
		n, k := binary.Uvarint(b[at:])
		out = append(out, all[at+k:at+k+int(n)])
		at += k + int(n)
	}
	return out, nil
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

func encVar32(v []int32) []byte {
	b := make([]byte, 0, len(v)+16)
	for _, x := range v {
		b = binary.AppendUvarint(b, uint64(uint32(x)))
	}
	return b
}

// The decoders take the event count so they allocate once (Decode has
// checked that the stream is long enough to hold it), and fail unless the
// stream holds exactly that many values.

// exact is the decoders' last check: n values read and nothing left over.
func exact(got, n int, rest []byte) error {
	if got != n || len(rest) > 0 {
		return fmt.Errorf("%d of %d values, %d bytes left over", got, n, len(rest))
	}
	return nil
}

func decVar32(b []byte, n int) ([]int32, error) {
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
	return out, exact(len(out), n, b)
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

func decDelta64(b []byte, n int) ([]int64, error) {
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
	return out, exact(len(out), n, b)
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

func decDelta32(b []byte, n int) ([]int32, error) {
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
	return out, exact(len(out), n, b)
}
