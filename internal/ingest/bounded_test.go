package ingest

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/internal/store/storetest"
)

// testRow is one row of the test files: user, event, time (seconds), page,
// and an insert id and a session id when not empty.
type testRow struct {
	user, name     string
	sec            int64
	page, id, sess string
}

// baseSec is where the rows' times start: 2024-03-01, inside the default
// time range.
const baseSec = 1709251200

func csvOf(rows []testRow) string {
	var b strings.Builder
	b.WriteString("user_id,event,timestamp,page,insert_id,session_id\n")
	for _, r := range rows {
		fmt.Fprintf(&b, "%s,%s,%d,%s,%s,%s\n", r.user, r.name, baseSec+r.sec, r.page, r.id, r.sess)
	}
	return b.String()
}

// naiveImport is docs/semantics.md's dedup rule in its simplest form: the
// events of the files in order, each skipped when its key came before.
func naiveImport(files [][]testRow) []string {
	seen := map[int64]bool{}
	var out []string
	for _, rows := range files {
		for _, r := range rows {
			ev := Event{User: r.user, Name: r.name, Time: (baseSec + r.sec) * 1e6, InsertID: r.id, Session: r.sess}
			if r.page != "" {
				ev.Props = []Prop{{Key: "page", Value: r.page}}
			}
			if k := DedupKey(&ev); !seen[k] {
				seen[k] = true
				out = append(out, eventText(storedEvent{User: ev.User, Name: ev.Name, Time: ev.Time,
					Session: ev.Session, Props: propsMap(ev.Props)}))
			}
		}
	}
	slices.Sort(out)
	return out
}

func propsMap(ps []Prop) map[string]string {
	if len(ps) == 0 {
		return nil
	}
	m := map[string]string{}
	for _, p := range ps {
		m[p.Key] = p.Value
	}
	return m
}

func eventText(e storedEvent) string { return fmt.Sprint(e) }

// storedTexts is the store's events as naiveImport words them, sorted:
// the ids a bounded dictionary hands out may differ, the events may not.
func storedTexts(t *testing.T, st *store.Store) []string {
	var out []string
	for _, e := range storedEvents(t, st) {
		out = append(out, eventText(e))
	}
	slices.Sort(out)
	return out
}

// withDictSizes runs the test with the encoder's cache and filter sizes.
func withDictSizes(t *testing.T, cache, filter int) {
	oldCache, oldFilter := genCacheSize, bloomFirst
	genCacheSize, bloomFirst = cache, filter
	t.Cleanup(func() { genCacheSize, bloomFirst = oldCache, oldFilter })
}

var dictSizes = []struct {
	name          string
	cache, filter int
}{
	{"whole", 1 << 20, 1 << 20},
	{"a cache of one string", 1, 1 << 20},
	{"a filter that always says maybe", 1, 1},
}

func TestImportMatchesTheNaiveDedupWhateverTheDictionarySizes(t *testing.T) {
	a := testRow{"u1", "view", 100, "/a", "", "s1"}
	b := testRow{"u2", "view", 100, "/a", "", "s2"}
	c := testRow{"u1", "buy", 160, "", "", "s1"}
	d := testRow{"u3", "view", 90, "/b", "", ""}
	idX := testRow{"u4", "view", 10, "/x", "X", ""}
	idXAgain := testRow{"u5", "buy", 20, "/y", "X", "s5"} // same insert id, other content: a duplicate
	// Users and sessions that come back after three others, each.
	var back []testRow
	for round := range 3 {
		for u := range 4 {
			back = append(back, testRow{fmt.Sprint("b", u), "view", int64(10*round + u), "", "", fmt.Sprint("bs", u)})
		}
	}
	tests := []struct {
		name  string
		files [][]testRow
	}{
		{"a duplicate within one file", [][]testRow{{a, b, a, c, a}}},
		{"a duplicate across two files", [][]testRow{{a, b}, {b, c, d}}},
		{"a file imported twice adds nothing", [][]testRow{{a, b, c, d}, {a, b, c, d}}},
		{"an insert id decides alone", [][]testRow{{idX, a}, {idXAgain, b}}},
		{"users come back after others pushed them out", [][]testRow{{a, b, d, c}, {d, b, a, testRow{"u2", "buy", 200, "", "", "s2"}}}},
		{"several users and sessions come back in one batch", [][]testRow{back, back[4:]}},
	}
	for _, size := range dictSizes {
		for _, tt := range tests {
			t.Run(size.name+"/"+tt.name, func(t *testing.T) {
				withDictSizes(t, size.cache, size.filter)
				st := storetest.Temp(t)
				im := &Importer{Store: st}
				for i, rows := range tt.files {
					data := csvOf(rows)
					if res, err := im.ImportReader(context.Background(), fmt.Sprint("f", i), strings.NewReader(data), -1); err != nil || res.Rejected > 0 {
						t.Fatalf("file %d: %+v, %v", i, res, err)
					}
				}
				got, want := storedTexts(t, st), naiveImport(tt.files)
				if !slices.Equal(got, want) {
					t.Errorf("stored\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
				}
				users, err := st.DictStrings(context.Background(), store.DictUsers)
				if err != nil {
					t.Fatal(err)
				}
				if sorted := slices.Sorted(slices.Values(users)); len(slices.Compact(sorted)) != len(users) {
					t.Errorf("users dictionary holds a string twice: %q", users)
				}
			})
		}
	}
}
