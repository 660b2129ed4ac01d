package snapshot

import (
	"math/rand/v2"
	"slices"
	"testing"
)

func TestAColumnKeepsEveryValueInTheNarrowestCodesThatHoldThem(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 3))
	tests := []struct {
		name     string
		distinct int // values besides "none"
		bytes    int // per event
	}{
		{"a few values", 3, 1},
		{"255 values and none fill one byte", 255, 1},
		{"256 values need two bytes", 256, 2},
		{"65,535 values and none fill two bytes", 65535, 2},
		{"65,536 values need the ids themselves", 65536, 4},
	}
	for _, tt := range tests {
		events := 2 * (tt.distinct + 1)
		want := make([]int32, events)
		for i := range want {
			want[i] = int32(i % (tt.distinct + 1)) // every value, none included, twice
		}
		r.Shuffle(len(want), func(i, j int) { want[i], want[j] = want[j], want[i] })
		b := newColumnBuilder(events, tt.distinct+1)
		for _, v := range want {
			b.add(v)
		}
		c := b.column()
		if got := c.Ints(); !slices.Equal(got, want) {
			t.Errorf("%s: the column does not give back its values", tt.name)
		}
		if per := (c.Bytes() - 4*len(c.ids)) / events; per != tt.bytes {
			t.Errorf("%s: %d bytes per event, want %d", tt.name, per, tt.bytes)
		}
		if codes := c.Codes(); codes > 0 && !slices.Equal(codesAsValues(c), want) {
			t.Errorf("%s: the codes do not give back the values", tt.name)
		} else if codes == 0 && tt.bytes != 4 {
			t.Errorf("%s: no codes in a column of %d-byte codes", tt.name, tt.bytes)
		}
	}
}

// codesAsValues reads c through its codes, checking each is below Codes.
func codesAsValues(c *Column) []int32 {
	out := make([]int32, c.Len())
	for i := range out {
		if k := c.Code(i); k < c.Codes() {
			out[i] = c.Value(k)
		} else {
			out[i] = -1
		}
	}
	return out
}

func TestADecodedLogReadsItsPropertyBlobsPerKeyAndKeepsOnlyTheColumns(t *testing.T) {
	var b Builder
	b.Add(1, 1, 10, 0, []byte{1, 1, 2, 2})
	b.Add(1, 1, 20, 0, []byte{1, 2})
	l := b.Build([]string{"", "u"}, []string{"", "x"}, []string{"", "k", "j"}, []string{"", "v1", "v2"})
	enc, err := l.Encode()
	if err != nil {
		t.Fatal(err)
	}
	loads := 0
	d, err := Decode(enc, func() ([]byte, []byte, error) {
		loads++
		return enc[ColPropOffsets], enc[ColPropData], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 {
		for key := int32(1); key <= 2; key++ {
			a, _ := l.Prop(key)
			c, err := d.Prop(key)
			if err != nil || !slices.Equal(a, c) {
				t.Fatalf("key %d: %v (%v), want %v", key, c, err, a)
			}
		}
	}
	if loads != 2 {
		t.Errorf("the blobs were loaded %d times for two keys asked twice, want once per key", loads)
	}
	if d.props.off != nil || d.props.data != nil {
		t.Error("the decoded log kept its property blobs")
	}
}
