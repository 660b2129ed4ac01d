package ingest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// padRows are n good CSV rows of distinct users, to move what follows
// them past the first 64 KB that format detection looks at.
func padRows(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "pad%d,view,2024-03-01T10:00:00Z\n", i)
	}
	return b.String()
}

func TestNULBytesRejectTheRowAndBadUTF8IsRepairedWhereverTheyAre(t *testing.T) {
	// The same four rows near the start and past the first 100 KB: the
	// rule must not depend on where detection looks.
	rows := func(u string) string {
		return u + "n,a\x00b,2024-03-01T10:00:00Z\n" + // NUL: rejected
			u + "x,caf\xe9,2024-03-01T10:00:00Z\n" + // Latin-1: repaired
			u + "x,caf\xff,2024-03-01T10:00:00Z\n" + // repairs to the same text: a duplicate
			u + "ok,view,2024-03-01T10:00:00Z\n"
	}
	data := "user_id,event,timestamp\n" + rows("a") + padRows(4000) + rows("b")
	res, err := importString(t, openTemp(t), Options{}, "mixed.csv", data)
	if err != nil {
		t.Fatal(err)
	}
	want := counts{RowsRead: 4008, Imported: 4004, Duplicates: 2, Rejected: 2}
	if got := countsOf(res); got != want || res.Repaired != 4 {
		t.Errorf("counts %+v, repaired %d; want %+v and 4 repaired", got, res.Repaired, want)
	}
	wantErrs := []string{"mixed.csv:2: NUL byte in the event name", "mixed.csv:4006: NUL byte in the event name"}
	if len(res.Errors) != 2 || res.Errors[0].Error() != wantErrs[0] || res.Errors[1].Error() != wantErrs[1] {
		t.Errorf("errors %v, want %q", res.Errors, wantErrs)
	}
}

func TestEveryTextOfAnEventIsCheckedAndRepairedAlike(t *testing.T) {
	st := openTemp(t)
	data := `{"user_id":"u\u0000","event":"e","timestamp":"2024-03-01T10:00:00Z"}
{"user_id":"u1","event":"e","timestamp":"2024-03-01T10:00:00Z","session_id":"s\u0000"}
{"user_id":"u1","event":"e","timestamp":"2024-03-01T10:00:00Z","k\u0000":"v"}
{"user_id":"u1","event":"e","timestamp":"2024-03-01T10:00:00Z","k":"v\u0000"}
{"user_id":"u1","event":"e","timestamp":"2024-03-01T10:00:00Z","insert_id":"i\u0000"}
` + "{\"user_id\":\"u\xff\",\"event\":\"e\xfe\",\"timestamp\":\"2024-03-01T10:00:00Z\",\"session_id\":\"s\xfd\",\"k\xfc\":\"v\xfb\"}\n"
	res, err := importString(t, st, Options{}, "nul.ndjson", data)
	if err != nil {
		t.Fatal(err)
	}
	wantErrs := []string{"nul.ndjson:1: NUL byte in the user id", "nul.ndjson:2: NUL byte in the session id",
		"nul.ndjson:3: NUL byte in a property name", `nul.ndjson:4: NUL byte in property "k"`,
		"nul.ndjson:5: NUL byte in the insert id"}
	if len(res.Errors) != len(wantErrs) {
		t.Fatalf("errors %v, want %q", res.Errors, wantErrs)
	}
	for i, e := range res.Errors {
		if e.Error() != wantErrs[i] {
			t.Errorf("error %d: %q, want %q", i, e, wantErrs[i])
		}
	}
	evs := storedEvents(t, st)
	if res.Repaired != 1 || len(evs) != 1 || evs[0].User != "u\uFFFD" || evs[0].Name != "e\uFFFD" ||
		evs[0].Session != "s\uFFFD" || evs[0].Props["k\uFFFD"] != "v\uFFFD" {
		t.Errorf("repaired %d, stored %+v; want one event with every text repaired", res.Repaired, evs)
	}
}

func TestTimesOutsideTheRangeAreRejectedCountedAndLetInByAWiderRange(t *testing.T) {
	now := time.Now().UTC()
	iso := func(t time.Time) string { return t.Format(time.RFC3339) }
	data := "user_id,event,timestamp\n" +
		"u1,e,1989-12-31T23:59:59Z\n" + // before 1990
		"u2,e,1990-01-01T00:00:00Z\n" + // the first instant accepted
		"u3,e," + iso(now.AddDate(1, 0, -1)) + "\n" + // within a year ahead
		"u4,e," + iso(now.AddDate(1, 0, 1)) + "\n" + // more than a year ahead
		"u5,e,0001-01-01T00:00:00Z\n" +
		"u6,e,9999-12-31T00:00:00Z\n" +
		"u7,e,-86400\n" + // a negative epoch
		"u8,e,0\n" +
		"u9,e,1980-06-01\n"
	tests := []struct {
		name      string
		tr        TimeRange
		wantUsers int64
		wantLines []int64
	}{
		{"by default", TimeRange{}, 2, []int64{2, 5, 6, 7, 8, 9, 10}},
		{"from 1970 to 2100", TimeRange{From: time.Unix(0, 0), To: time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC)}, 6,
			[]int64{6, 7, 8}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := importString(t, openTemp(t), Options{TimeRange: tt.tr, MaxErrors: 20}, "t.csv", data)
			if err != nil {
				t.Fatal(err)
			}
			rejected := int64(len(tt.wantLines))
			if res.Imported != tt.wantUsers || res.Rejected != rejected || res.BadTimes != rejected {
				t.Errorf("imported %d, rejected %d, bad times %d; want %d, %d, %d", res.Imported, res.Rejected,
					res.BadTimes, tt.wantUsers, rejected, rejected)
			}
			for i, e := range res.Errors {
				if i >= len(tt.wantLines) || e.Line != tt.wantLines[i] || !strings.Contains(e.Reason, "--time-range") {
					t.Errorf("error %d: %v; want line %v saying how to widen the range", i, e, tt.wantLines)
				}
			}
		})
	}
}

func TestTheRangeDefaultsToNineteenNinetyUntilAYearFromTheImport(t *testing.T) {
	now := time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC)
	got := TimeRange{}.resolve(now)
	if !got.From.Equal(time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)) || !got.To.Equal(now.AddDate(1, 0, 0)) {
		t.Errorf("default range %v, want 1990-01-01..2027-12-01T12:00:00Z", got)
	}
	set := TimeRange{From: time.Unix(0, 0), To: now}
	if got := set.resolve(now.AddDate(5, 0, 0)); got != set {
		t.Errorf("a range given in full became %v", got)
	}
}
