package snapshot

import (
	"encoding/binary"
	"maps"
	"slices"
	"strings"
	"testing"
)

// threeUsers is a small log with properties, sessions and a user with
// events at equal times: the encoding the corruption tests start from.
func threeUsers() *Log {
	var b Builder
	b.Add(1, 1, 100, 0, []byte{1, 1, 2})
	b.Add(1, 2, 100, 4, []byte{2, 1, 1, 2, 2})
	b.Add(1, 1, 250, 4, nil)
	b.Add(2, 2, 50, 0, []byte{1, 2, 1})
	b.Add(3, 1, 70, 0, nil)
	return b.Build([]string{"", "a", "b", "c"}, []string{"", "x", "y"}, []string{"", "k", "j"}, []string{"", "v1", "v2"})
}

func encoded(t *testing.T, l *Log) map[string][]byte {
	t.Helper()
	enc, err := l.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return enc
}

func putOffset(b []byte, i int, v uint32) { binary.LittleEndian.PutUint32(b[4*i:], v) }

func TestDecodeRefusesACacheThatIsNotAnEncodedLog(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(cols map[string][]byte)
		want    string // in the error
	}{
		{"offsets ending in -1", func(c map[string][]byte) { putOffset(c["offsets"], 3, 0xffffffff) }, "-1 events"},
		{"offsets claiming more events than the columns hold", func(c map[string][]byte) { putOffset(c["offsets"], 3, 1<<30) }, "1073741824 events, but"},
		{"offsets not starting at 0", func(c map[string][]byte) { putOffset(c["offsets"], 0, 1) }, "from 0 to 5"},
		{"offsets going back", func(c map[string][]byte) { putOffset(c["offsets"], 2, 2) }, "offset 2 goes back from 3 to 2"},
		{"one offset too few", func(c map[string][]byte) { c["offsets"] = c["offsets"][:12] }, "bytes of offsets for 3 users"},
		{"a ragged offsets column", func(c map[string][]byte) { c["offsets"] = append(c["offsets"], 0) }, "bytes of offsets"},
		{"a name id past the dictionary", func(c map[string][]byte) { c["name"][0] = 3 }, "name id 3 of 3 names"},
		{"a negative name id", func(c map[string][]byte) { c["name"] = append([]byte{0xff, 0xff, 0xff, 0xff, 0x0f}, c["name"][1:]...) }, "name id -1"},
		{"a user string past the end", func(c map[string][]byte) { c["users"] = c["users"][:len(c["users"])-1] }, "users: string 2 runs past the end"},
		{"no names, not even the unused first", func(c map[string][]byte) { c["names"] = nil }, "lacks its unused entry 0"},
		{"no values, not even the unused first", func(c map[string][]byte) { c["values"] = nil }, "lacks its unused entry 0"},
		{"a short time column", func(c map[string][]byte) { c["time"] = c["time"][:len(c["time"])-1] }, "time: 4 of 5 values"},
		{"a name column with a byte to spare", func(c map[string][]byte) { c["name"] = append(c["name"], 1) }, "name: 5 of 5 values, 1 bytes left over"},
		{"an unfinished session varint", func(c map[string][]byte) { c["session"][4] = 0x80 }, "session: 4 of 5 values"},
		{"events out of time order", func(c map[string][]byte) { c["time"] = encDelta64([]int64{100, 100, 99, 50, 70}) }, "user 0's events are not in time order"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := encoded(t, threeUsers())
			tt.corrupt(enc)
			l, err := Decode(enc, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Decode = %v, %v; want an error containing %q", l != nil, err, tt.want)
			}
		})
	}
}

func TestPropertyColumnsRefuseCorruptBlobsWhenTheyLoad(t *testing.T) {
	tests := []struct {
		name    string
		corrupt func(off, data []byte) ([]byte, []byte)
		want    string
	}{
		{"offsets past the data", func(off, data []byte) ([]byte, []byte) { putOffset(off, 5, 1000); return off, data },
			"properties end past the data"},
		// Offsets are kept modulo 2^32 (PropBlobs): one going back reads
		// as a blob of almost 4 GiB, which the data does not have.
		{"offsets going back", func(off, data []byte) ([]byte, []byte) { putOffset(off, 2, 1); return off, data },
			"properties end past the data"},
		{"a first offset other than 0", func(off, data []byte) ([]byte, []byte) { putOffset(off, 0, 1); return off, data },
			"the first offset is 1"},
		{"offsets ending before the data", func(off, data []byte) ([]byte, []byte) { return off, append(data, 0) },
			"the offsets end at 11, not at the data's 12 bytes"},
		{"one offset too few", func(off, data []byte) ([]byte, []byte) { return off[:20], data },
			"5 offsets for 5 events"},
		{"a value id past the dictionary", func(off, data []byte) ([]byte, []byte) {
			data[2] = 9 // the first event's k=v2 becomes k=9
			return off, data
		}, "property value id 9 of 3 values"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			enc := encoded(t, threeUsers())
			off, data := tt.corrupt(enc[ColPropOffsets], enc[ColPropData])
			l, err := Decode(enc, func() ([]byte, []byte, error) { return off, data, nil })
			if err != nil {
				t.Fatalf("Decode checks the core columns only: %v", err)
			}
			if _, err := l.Prop(1); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("Prop = %v, want an error containing %q", err, tt.want)
			}
			if _, _, err := l.TopValues(1); err == nil {
				t.Error("TopValues gave values of a corrupt column")
			}
		})
	}
}

func TestAnEncodedLogDecodesToItselfAndEncodesToTheSameBytes(t *testing.T) {
	for name, l := range map[string]*Log{"three users": threeUsers(), "empty": Empty()} {
		t.Run(name, func(t *testing.T) {
			enc := encoded(t, l)
			d, err := Decode(maps.Clone(enc), func() ([]byte, []byte, error) { return enc[ColPropOffsets], enc[ColPropData], nil })
			if err != nil {
				t.Fatal(err)
			}
			if !sameLog(t, d, l) {
				t.Fatalf("decoded %+v, want %+v", d, l)
			}
			again := encoded(t, d)
			for c, b := range enc {
				if !slices.Equal(again[c], b) {
					t.Errorf("column %s encodes to %x after a round trip, was %x", c, again[c], b)
				}
			}
		})
	}
}

// sameLog says whether a and b hold the same dictionaries, columns and
// property columns.
func sameLog(t *testing.T, a, b *Log) bool {
	t.Helper()
	if !slices.Equal(a.Users, b.Users) || !slices.Equal(a.Names, b.Names) || !slices.Equal(a.Keys, b.Keys) ||
		!slices.Equal(a.Values, b.Values) || !slices.Equal(a.Offsets, b.Offsets) || !slices.Equal(a.Name, b.Name) ||
		!slices.Equal(a.Time, b.Time) || !slices.Equal(a.Session, b.Session) {
		return false
	}
	for k := range a.Keys {
		ca, errA := a.Prop(int32(k))
		cb, errB := b.Prop(int32(k))
		if (errA == nil) != (errB == nil) || !slices.Equal(ca, cb) {
			return false
		}
	}
	return true
}
