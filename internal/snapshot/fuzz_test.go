package snapshot_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// fuzzColumns is the order of FuzzDecode's arguments.
var fuzzColumns = append(slices.Clone(snapshot.CoreColumns), snapshot.ColPropOffsets, snapshot.ColPropData)

// fuzzSeeds are the encodings FuzzDecode starts from.
func fuzzSeeds() []*snapshot.Log {
	var b snapshot.Builder
	b.Add(1, 1, 1_700_000_000_000_000, 3, []byte{2, 1, 2, 2, 1})
	b.Add(1, 2, 1_700_000_000_500_000, 3, nil)
	b.Add(2, 1, -5, 0, []byte{1, 1, 1})
	b.Add(2, 2, 1_700_000_090_000_000, 9, []byte{1, 2, 1})
	return []*snapshot.Log{snapshot.Empty(),
		b.Build([]string{"", "a", "b"}, []string{"", "view", "buy"}, []string{"", "k", "j"}, []string{"", "v1", "v2"})}
}

// FuzzDecode feeds Decode every column of a cache, mutated. Whatever the
// bytes, Decode returns an error or a log on which the readers and every
// analysis return (errors allowed, a recovered panic not); and a log it
// accepts encodes to columns that decode to the same log and encode to
// the same bytes again.
func FuzzDecode(f *testing.F) {
	for _, l := range fuzzSeeds() {
		enc, err := l.Encode()
		if err != nil {
			f.Fatal(err)
		}
		f.Add(enc["users"], enc["names"], enc["keys"], enc["values"], enc["offsets"], enc["name"], enc["time"], enc["session"],
			enc[snapshot.ColPropOffsets], enc[snapshot.ColPropData])
	}
	f.Fuzz(func(t *testing.T, users, names, keys, values, offsets, name, tm, session, propOff, propData []byte) {
		cols := map[string][]byte{}
		for i, b := range [][]byte{users, names, keys, values, offsets, name, tm, session, propOff, propData} {
			cols[fuzzColumns[i]] = b
		}
		l, err := snapshot.Decode(cols, func() ([]byte, []byte, error) { return propOff, propData, nil })
		if err != nil {
			return
		}
		exercise(t, l)
		roundTrip(t, l)
	})
}

// exercise calls the readers and every analysis on l, failing on a panic.
func exercise(t *testing.T, l *snapshot.Log) {
	l.Range()
	l.NameCounts()
	l.Sessions(snapshot.DefaultSessionGap)
	l.Sessions(1)
	for k := range l.Keys {
		_, _ = l.Prop(int32(k))
		_, _, _ = l.TopValues(int32(k))
	}
	first, last, key := spec.Step{Name: l.Names[len(l.Names)/2]}, spec.Step{Name: l.Names[len(l.Names)-1]}, l.Keys[len(l.Keys)-1]
	f := spec.Funnel{Steps: []spec.Step{first, last}, By: key}
	check := func(what string, err error) {
		if pe := (*analysis.PanicError)(nil); errors.As(err, &pe) {
			t.Fatalf("%s panicked on a log Decode accepted: %v\n%s", what, err, pe.Stack)
		}
	}
	_, err := analysis.Funnel(l, f)
	check("Funnel", err)
	_, _, err = analysis.Breakdown(l, f)
	check("Breakdown", err)
	_, err = analysis.Trends(l, spec.Trends{Funnel: f})
	check("Trends", err)
	_, err = analysis.Paths(l, spec.Paths{Anchor: first, Goal: last})
	check("Paths", err)
	_, err = analysis.Drivers(l, spec.Drivers{Goal: last})
	check("Drivers", err)
	_, err = analysis.Attribution(l, spec.Attribution{Goal: last, Touch: key})
	check("Attribution", err)
	_, err = analysis.Micro(l, spec.Micro{Goal: last})
	check("Micro", err)
}

// roundTrip checks that l encodes to columns that decode to l, and that
// those encode to the same bytes: the canonical form is a fixed point.
func roundTrip(t *testing.T, l *snapshot.Log) {
	enc, err := l.Encode()
	if err != nil {
		return // the property columns did not load: nothing to encode
	}
	d, err := snapshot.Decode(enc, func() ([]byte, []byte, error) { return enc[snapshot.ColPropOffsets], enc[snapshot.ColPropData], nil })
	if err != nil {
		t.Fatalf("the encoding of an accepted log is refused: %v", err)
	}
	if !slices.Equal(d.Users, l.Users) || !slices.Equal(d.Names, l.Names) || !slices.Equal(d.Keys, l.Keys) ||
		!slices.Equal(d.Values, l.Values) || !slices.Equal(d.Offsets, l.Offsets) || !slices.Equal(d.Name, l.Name) ||
		!slices.Equal(d.Time, l.Time) || !slices.Equal(d.Session, l.Session) {
		t.Fatal("a log decodes differently after a round trip")
	}
	again, err := d.Encode()
	if err != nil {
		t.Fatal(err)
	}
	for c, b := range enc {
		if !slices.Equal(again[c], b) {
			t.Fatalf("column %s: %x, then %x", c, b, again[c])
		}
	}
}
