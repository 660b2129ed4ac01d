package snapshot

import (
	"slices"
	"strings"
	"testing"
	"time"
)

func TestSessionsSplitOnGapsOrOnExportSessionIDs(t *testing.T) {
	var b Builder
	minute := int64(60e6)
	// user 1: no session ids; a 31-minute gap starts a new session.
	b.Add(1, 1, 0, 0, nil)
	b.Add(1, 1, 10*minute, 0, nil)
	b.Add(1, 1, 41*minute, 0, nil)
	// user 2: export ids decide, whatever the gaps.
	b.Add(2, 1, 0, 7, nil)
	b.Add(2, 1, 300*minute, 7, nil)
	b.Add(2, 1, 301*minute, 8, nil)
	b.Add(2, 1, 302*minute, 7, nil) // back in session 7: interleaved ids are one session
	l := b.Build([]string{"", "a", "b"}, []string{"", "x"}, []string{""}, []string{""})
	got := l.Sessions(DefaultSessionGap)
	if want := []int32{1, 1, 2, 3, 3, 4, 3}; !slices.Equal(got, want) {
		t.Fatalf("sessions %v, want %v", got, want)
	}
	if got := l.Sessions(5 * minute); !slices.Equal(got, []int32{1, 2, 3, 4, 4, 5, 4}) {
		t.Fatalf("5-minute gap: %v", got)
	}
	if got := l.Sessions(0); !slices.Equal(got, []int32{1, 1, 2, 3, 3, 4, 3}) {
		t.Fatalf("no gap named: %v, want the default gap's", got)
	}
}

func TestBuildSortsEachUserByTimeKeepingImportOrderForTies(t *testing.T) {
	var b Builder
	b.Add(2, 1, 50, 0, nil)
	b.Add(1, 2, 30, 0, []byte{1, 1, 1})
	b.Add(1, 1, 10, 0, nil)
	b.Add(1, 3, 30, 0, nil) // same time as the name-2 event, added later
	l := b.Build([]string{"", "u1", "u2"}, []string{"", "a", "b", "c"}, []string{"", "k"}, []string{"", "v"})
	if !slices.Equal(l.Users, []string{"u1", "u2"}) || !slices.Equal(l.Offsets, []int32{0, 3, 4}) {
		t.Fatalf("users %v offsets %v", l.Users, l.Offsets)
	}
	if !slices.Equal(l.Name, []int32{1, 2, 3, 1}) || !slices.Equal(l.Time, []int64{10, 30, 30, 50}) {
		t.Fatalf("names %v times %v", l.Name, l.Time)
	}
	col, err := l.Prop(1)
	if err != nil || !slices.Equal(col, []int32{0, 1, 0, 0}) {
		t.Fatalf("property column %v %v: it must follow its event through the sort", col, err)
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	var b Builder
	b.Add(1, 1, 1_700_000_000_000_000, 3, []byte{1, 1, 2})
	b.Add(1, 2, 1_700_000_000_500_000, 3, nil)
	b.Add(2, 1, -5, 0, []byte{1, 1, 1})
	l := b.Build([]string{"", "a", "b"}, []string{"", "x", "y"}, []string{"", "k"}, []string{"", "v1", "v2"})
	enc, err := l.Encode()
	if err != nil {
		t.Fatal(err)
	}
	d, err := Decode(enc, func() ([]byte, []byte, error) { return enc[ColPropOffsets], enc[ColPropData], nil })
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.Time, l.Time) || !slices.Equal(d.Name, l.Name) || !slices.Equal(d.Session, l.Session) || !slices.Equal(d.Users, l.Users) {
		t.Fatalf("decoded %+v", d)
	}
	a, _ := l.Prop(1)
	c, _ := d.Prop(1)
	if !slices.Equal(a, c) {
		t.Fatalf("property columns differ: %v vs %v", a, c)
	}
	enc["time"] = enc["time"][:3]
	if _, err := Decode(enc, nil); err == nil {
		t.Fatal("a truncated column must be refused")
	}
}

func TestNameCountsCountEventsPerName(t *testing.T) {
	var b Builder
	b.Add(1, 2, 10, 0, nil)
	b.Add(1, 2, 20, 0, nil)
	b.Add(2, 1, 5, 0, nil)
	l := b.Build([]string{"", "u1", "u2"}, []string{"", "a", "b", "c"}, []string{""}, []string{""})
	if got := l.NameCounts(); !slices.Equal(got, []int{0, 1, 2, 0}) {
		t.Fatalf("name counts %v, want [0 1 2 0]", got)
	}
}

func TestRangeIsTheEarliestAndLatestEventOfAnyUser(t *testing.T) {
	var b Builder
	b.Add(1, 1, 50, 0, nil)
	b.Add(1, 1, 70, 0, nil)
	b.Add(2, 1, 10, 0, nil) // a later user with the earliest event
	b.Add(2, 1, 60, 0, nil)
	l := b.Build([]string{"", "u1", "u2"}, []string{"", "a"}, []string{""}, []string{""})
	if first, last := l.Range(); first != 10 || last != 70 {
		t.Fatalf("range %d..%d, want 10..70", first, last)
	}
	if first, last := Empty().Range(); first != 0 || last != 0 {
		t.Errorf("empty log range %d..%d", first, last)
	}
}

// within fails the test unless fn returns within 100 ms, and logs how long
// it took: a call that waits on a blocked decode would never return, so
// the generous deadline cannot flake, and the log shows the real figure
// (well under a millisecond).
func within(t *testing.T, what string, fn func()) {
	t.Helper()
	done := make(chan time.Duration, 1)
	go func() {
		start := time.Now()
		fn()
		done <- time.Since(start)
	}()
	select {
	case d := <-done:
		t.Logf("%s returned in %v (expected: well under 1 ms)", what, d)
	case <-time.After(100 * time.Millisecond):
		t.Fatalf("%s waited for a property column decode", what)
	}
}

func TestReadersDoNotWaitForAPropertyColumnDecode(t *testing.T) {
	var b Builder
	b.Add(1, 1, 50, 0, []byte{1, 1, 1})
	b.Add(2, 2, 10, 0, nil)
	enc, err := b.Build([]string{"", "u1", "u2"}, []string{"", "a", "b"}, []string{"", "k"}, []string{"", "v"}).Encode()
	if err != nil {
		t.Fatal(err)
	}
	release, loading := make(chan struct{}), make(chan struct{})
	l, err := Decode(enc, func() ([]byte, []byte, error) {
		close(loading)
		<-release // the decode of Prop(1) stays blocked here until the end
		return enc[ColPropOffsets], enc[ColPropData], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	propDone := make(chan error)
	go func() {
		_, err := l.Prop(1)
		propDone <- err
	}()
	<-loading
	within(t, "Range", func() {
		for range 3 {
			if first, last := l.Range(); first != 10 || last != 50 {
				t.Errorf("range %d..%d, want 10..50", first, last)
			}
		}
	})
	within(t, "NameCounts", func() {
		if got := l.NameCounts(); !slices.Equal(got, []int{0, 1, 1}) {
			t.Errorf("name counts %v", got)
		}
	})
	within(t, "Sessions", func() { l.Sessions(DefaultSessionGap) })
	close(release)
	if err := <-propDone; err != nil {
		t.Fatal(err)
	}
}

func TestDecodeRefusesAnEventNameOutsideTheDictionary(t *testing.T) {
	var b Builder
	b.Add(1, 2, 10, 0, nil)
	l := b.Build([]string{"", "u1"}, []string{"", "a", "b"}, []string{""}, []string{""})
	l.Names = l.Names[:2] // the cache's dictionary lost name 2
	enc, err := l.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Decode(enc, nil); err == nil || !strings.Contains(err.Error(), "name id 2") {
		t.Fatalf("Decode: %v, want an inconsistent-cache error naming id 2", err)
	}
}
