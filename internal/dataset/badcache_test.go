package dataset

import (
	"bytes"
	"context"
	"encoding/binary"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/snapshot"
	"github.com/funnelscope/funnelscope/internal/store"
)

// craftCache replaces st's snapshot cache with a real encoding of its
// events, changed as someone who may write the file could: change edits
// the log before it is encoded, corrupt the encoding (either may be nil).
func craftCache(t *testing.T, st *store.Store, change func(*snapshot.Log), corrupt func(cols map[string][]byte)) {
	t.Helper()
	ctx := context.Background()
	l, err := Build(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	if change != nil {
		change(l)
	}
	cols, err := l.Encode()
	if err != nil {
		t.Fatal(err)
	}
	if corrupt != nil {
		corrupt(cols)
	}
	gen, err := st.Generation(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveSnapshotCache(ctx, gen, snapshot.CacheVersion, cols); err != nil {
		t.Fatal(err)
	}
}

// setLastOffset makes the last user's events end at end.
func setLastOffset(end uint32) func(map[string][]byte) {
	return func(cols map[string][]byte) {
		off := cols["offsets"]
		binary.LittleEndian.PutUint32(off[len(off)-4:], end)
	}
}

// swapFirstTimes puts the first user with two times out of time order.
func swapFirstTimes(l *snapshot.Log) {
	for u := 0; u < l.NumUsers(); u++ {
		if a := l.Offsets[u]; l.Offsets[u+1]-a > 1 && l.Time[a] != l.Time[a+1] {
			l.Time[a], l.Time[a+1] = l.Time[a+1], l.Time[a]
			return
		}
	}
	panic("no user with two times")
}

// captureLog sends slog's default logger to a buffer for the test.
func captureLog(t *testing.T) *bytes.Buffer {
	var b bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&b, nil)))
	t.Cleanup(func() { slog.SetDefault(old) })
	return &b
}

func TestACraftedSnapshotCacheIsRejectedLoggedAndRebuilt(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*snapshot.Log) // before the encoding
		corrupt func(cols map[string][]byte)
	}{
		{"offsets ending in -1", nil, setLastOffset(0xffffffff)},
		{"offsets claiming two billion events", nil, setLastOffset(0x7fffffff)},
		{"name ids out of range", nil, func(cols map[string][]byte) {
			cols["name"] = bytes.Repeat([]byte{0x7f}, len(cols["name"])) // id 127 of a dozen names
		}},
		{"a truncated user dictionary", nil, func(cols map[string][]byte) {
			cols["users"] = cols["users"][:len(cols["users"])-1]
		}},
		{"a time column with bytes to spare", nil, func(cols map[string][]byte) {
			cols["time"] = append(cols["time"], 0)
		}},
		{"events out of time order", swapFirstTimes, nil},
	}
	ctx := context.Background()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := sampleStore(t, 200)
			want, err := Build(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			craftCache(t, st, tt.change, tt.corrupt)
			logged := captureLog(t)

			got, err := Open(ctx, st)
			if err != nil {
				t.Fatalf("Open on the crafted cache: %v", err)
			}
			if got.NumEvents() != want.NumEvents() || got.NumUsers() != want.NumUsers() ||
				!slices.Equal(got.NameCounts(), want.NameCounts()) || !slices.Equal(got.Time, want.Time) {
				t.Errorf("Open: %d events of %d users, want %d of %d, the events' own numbers",
					got.NumEvents(), got.NumUsers(), want.NumEvents(), want.NumUsers())
			}
			if !strings.Contains(logged.String(), "snapshot cache rejected") {
				t.Errorf("nothing logged about the rejected cache: %q", logged)
			}
			again, cached, err := Load(ctx, st)
			if err != nil || !cached || again.NumEvents() != want.NumEvents() {
				t.Errorf("after Open: cached=%v, %v; want the rebuilt cache saved and read", cached, err)
			}
		})
	}
}

func TestLoadBuildsInMemoryWhatACraftedCacheGotWrong(t *testing.T) {
	ctx := context.Background()
	st := sampleStore(t, 200)
	want, err := Build(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	craftCache(t, st, nil, setLastOffset(0xffffffff))
	captureLog(t)
	got, cached, err := Load(ctx, st)
	if err != nil || cached || got.NumEvents() != want.NumEvents() {
		t.Fatalf("Load: cached=%v, %v, %d events; want a build of %d events", cached, err, got.NumEvents(), want.NumEvents())
	}
}

func TestAnEventOutsideTheDictionariesIsAnErrorNotAPanic(t *testing.T) {
	for _, col := range []string{"user_id", "name_id"} {
		t.Run(col, func(t *testing.T) {
			st := sampleStore(t, 20)
			if _, err := st.DB().Exec(`UPDATE events SET ` + col + ` = 99999 WHERE seq = (SELECT MIN(seq) FROM events)`); err != nil {
				t.Fatal(err)
			}
			if _, err := Build(context.Background(), st); err == nil || !strings.Contains(err.Error(), "the database is corrupt") {
				t.Fatalf("Build: %v, want the corrupt event named", err)
			}
		})
	}
}
