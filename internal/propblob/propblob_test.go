package propblob

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"testing"
)

func TestBlobsRoundTripInTheStoredFormat(t *testing.T) {
	tests := []struct {
		name  string
		pairs []Pair
		want  []byte // the exact encoding, nil to skip the check
	}{
		{"no pairs", nil, []byte{0}},
		{"one small pair", []Pair{{1, 2}}, []byte{1, 1, 2}},
		{"ids past one varint byte", []Pair{{127, 128}, {300, 16384}}, []byte{2, 127, 0x80, 1, 0xac, 2, 0x80, 0x80, 1}},
		{"the largest ids", []Pair{{math.MaxInt64 - 1, math.MaxInt64}},
			[]byte{1, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f}},
		{"many pairs", func() []Pair {
			var ps []Pair
			for i := int64(1); i <= 200; i++ {
				ps = append(ps, Pair{i, i * 1000})
			}
			return ps
		}(), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			prefix := []byte("xyz")
			blob := Append(slices.Clone(prefix), tt.pairs)
			if !bytes.HasPrefix(blob, prefix) {
				t.Fatalf("Append overwrote dst")
			}
			blob = blob[len(prefix):]
			if tt.want != nil && !bytes.Equal(blob, tt.want) {
				t.Errorf("encoded as %x, want %x", blob, tt.want)
			}
			start := []Pair{{9, 9}}
			got, err := Decode(slices.Clone(start), blob)
			if err != nil {
				t.Fatal(err)
			}
			if want := append(slices.Clone(start), tt.pairs...); !reflect.DeepEqual(got, want) {
				t.Errorf("decoded %v, want %v (appended to dst)", got, want)
			}
		})
	}
	t.Run("an empty blob has no pairs", func(t *testing.T) {
		if got, err := Decode(nil, nil); err != nil || len(got) != 0 {
			t.Errorf("Decode(nil) = %v, %v", got, err)
		}
	})
}

func TestDecodeRejectsACorruptBlob(t *testing.T) {
	tests := []struct {
		name string
		blob []byte
	}{
		{"a truncated count", []byte{0x80}},
		{"fewer pairs than counted", []byte{2, 1, 2}},
		{"a key without a value", []byte{1, 5}},
		{"a truncated value", []byte{1, 5, 0x80}},
		{"a varint longer than 64 bits", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}},
		{"an absurd count", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := Decode(nil, tt.blob); !errors.Is(err, ErrCorrupt) {
				t.Errorf("Decode(%x): %v, want ErrCorrupt", tt.blob, err)
			}
			if v := Find(tt.blob, 5); v != 0 {
				t.Errorf("Find(%x, 5) = %d, want 0 for a corrupt blob", tt.blob, v)
			}
		})
	}
}

func TestFindReturnsTheValueOfAKeyOrZero(t *testing.T) {
	blob := Append(nil, []Pair{{2, 20}, {5, 50}, {300, 3000}})
	tests := []struct {
		name string
		key  int32
		want int32
	}{
		{"the first key", 2, 20},
		{"a middle key", 5, 50},
		{"a key past one varint byte", 300, 3000},
		{"a key before all of them", 1, 0},
		{"a key between two", 4, 0},
		{"a key after all of them", 301, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Find(blob, tt.key); got != tt.want {
				t.Errorf("Find(%d) = %d, want %d", tt.key, got, tt.want)
			}
		})
	}
	if got := Find(nil, 2); got != 0 {
		t.Errorf("Find in an empty blob = %d", got)
	}
}

// TestRandomBlobsAgreeWithTheirPairs encodes random property sets and
// checks that Decode gives them back and Find finds every key, and no other.
func TestRandomBlobsAgreeWithTheirPairs(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for range 2000 {
		m := map[int64]int64{}
		for range r.IntN(12) {
			m[r.Int64N(1<<r.IntN(31))+1] = r.Int64N(1<<r.IntN(31)) + 1
		}
		var pairs []Pair
		for k, v := range m {
			pairs = append(pairs, Pair{k, v})
		}
		Sort(pairs)
		blob := Append(nil, pairs)
		got, err := Decode(nil, blob)
		if err != nil || !slices.Equal(got, pairs) {
			t.Fatalf("Decode(Append(%v)) = %v, %v", pairs, got, err)
		}
		for range 20 {
			k := r.Int64N(1 << r.IntN(31))
			if want := int32(m[k]); Find(blob, int32(k)) != want {
				t.Fatalf("Find(%v, %d) = %d, want %d", pairs, k, Find(blob, int32(k)), want)
			}
		}
	}
}

// FuzzBlob checks that no input makes Decode or Find panic, and that Find
// agrees with Decode on every blob that keeps the format's promise: keys
// ascending, within the snapshot's int32 ids.
func FuzzBlob(f *testing.F) {
	f.Add([]byte{}, int32(1))
	f.Add([]byte{2, 1, 2, 3, 4}, int32(3))
	f.Add([]byte{2, 3, 4, 1, 2}, int32(1)) // keys out of order
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f, 1, 1}, int32(1))
	f.Fuzz(func(t *testing.T, blob []byte, key int32) {
		pairs, err := Decode(nil, blob)
		v := Find(blob, key)
		if err != nil || key <= 0 || !wellFormed(pairs) {
			return
		}
		want := int32(0)
		for _, p := range pairs {
			if p.Key == int64(key) {
				want = int32(p.Value)
			}
		}
		if v != want {
			t.Fatalf("Find(%x, %d) = %d, Decode says %d (pairs %v)", blob, key, v, want, pairs)
		}
	})
}

// wellFormed reports whether pairs have ascending keys and int32 ids.
func wellFormed(pairs []Pair) bool {
	for i, p := range pairs {
		if p.Key > math.MaxInt32 || p.Value > math.MaxInt32 || (i > 0 && p.Key <= pairs[i-1].Key) {
			return false
		}
	}
	return true
}

func BenchmarkFind(b *testing.B) {
	blob := Append(nil, []Pair{{1, 2}, {2, 5}, {3, 17}, {4, 3}, {5, 4}, {6, 7}, {7, 1}})
	var sink int32
	for b.Loop() {
		for k := int32(1); k <= 8; k++ {
			sink += Find(blob, k)
		}
	}
	_ = sink
}
