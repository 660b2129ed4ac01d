package store

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
)

// chunkRows counts the snapshot cache rows of column name.
func chunkRows(t *testing.T, st *Store, name string) int {
	t.Helper()
	var n int
	err := st.DB().QueryRow(`SELECT COUNT(*) FROM snapshot_cache WHERE name = ? OR name LIKE ?`, name, name+"#%").Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestAColumnOverTheChunkSizeIsSplitOverRowsAndReadBackWhole(t *testing.T) {
	SetCacheChunk(t, 1024)
	col := func(n int) []byte { return bytes.Repeat([]byte("abcdefghijklmnopqrstuvwxyz0123456789"), n)[:n] }
	tests := []struct {
		name string
		size int
		rows int
	}{
		{"an empty column is one empty row", 0, 1},
		{"a column under the chunk size is one row", 1000, 1},
		{"a column of exactly one chunk is one row", 1024, 1},
		{"a column one byte over is two rows", 1025, 2},
		{"a column of several chunks and a part", 5*1024 + 77, 6},
	}
	save := map[string]func(*Store, []byte) error{
		"streamed": func(st *Store, data []byte) error {
			return st.SaveSnapshotCacheStream(context.Background(), 1, 9,
				[]CacheColumn{{Name: "c", Size: int64(len(data)), R: bytes.NewReader(data)}, {Name: "d", Size: 1, R: strings.NewReader("x")}})
		},
		"whole": func(st *Store, data []byte) error {
			return st.SaveSnapshotCache(context.Background(), 1, 9, map[string][]byte{"c": data, "d": []byte("x")})
		},
	}
	for _, tt := range tests {
		for how, saveFn := range save {
			t.Run(tt.name+", written "+how, func(t *testing.T) {
				st, _ := openTemp(t)
				want := col(tt.size)
				if err := saveFn(st, want); err != nil {
					t.Fatal(err)
				}
				if got := chunkRows(t, st, "c"); got != tt.rows {
					t.Errorf("%d rows, want %d", got, tt.rows)
				}
				cols, ok, err := st.LoadSnapshotCache(context.Background(), 1, 9, []string{"c", "d"})
				if err != nil || !ok || !bytes.Equal(cols["c"], want) || string(cols["d"]) != "x" {
					t.Fatalf("loaded %d bytes and %q (ok %v, %v), want %d bytes and x", len(cols["c"]), cols["d"], ok, err, len(want))
				}
				streamed := streamColumn(t, st, "c")
				if !bytes.Equal(streamed, want) {
					t.Fatalf("streamed %d bytes, want the %d saved", len(streamed), len(want))
				}
			})
		}
	}
}

// streamColumn reads column name through StreamSnapshotCache, in reads of
// 300 bytes so that some straddle a chunk boundary.
func streamColumn(t *testing.T, st *Store, name string) []byte {
	t.Helper()
	var got []byte
	ok, err := st.StreamSnapshotCache(context.Background(), 1, 9, []string{name}, func(r map[string]*io.SectionReader) error {
		buf := make([]byte, 300)
		for {
			n, err := r[name].Read(buf)
			got = append(got, buf[:n]...)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return err
			}
		}
	})
	if err != nil || !ok {
		t.Fatalf("stream %s: ok %v, %v", name, ok, err)
	}
	return got
}

func TestAReadAtStraddlingChunksReturnsTheBytesOfBoth(t *testing.T) {
	SetCacheChunk(t, 1024)
	data := make([]byte, 3000)
	for i := range data {
		data[i] = byte(i * 7)
	}
	st, _ := openTemp(t)
	if err := st.SaveSnapshotCache(context.Background(), 1, 9, map[string][]byte{"c": data}); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		off, n  int
		wantN   int
		wantEOF bool
	}{
		{"across the first boundary", 1000, 100, 100, false},
		{"across two boundaries", 1020, 1040, 1040, false},
		{"from a boundary", 2048, 10, 10, false},
		{"past the end", 2990, 20, 10, true},
	}
	_, err := st.StreamSnapshotCache(context.Background(), 1, 9, []string{"c"}, func(r map[string]*io.SectionReader) error {
		for _, tt := range tests {
			p := make([]byte, tt.n)
			n, err := r["c"].ReadAt(p, int64(tt.off))
			if n != tt.wantN || (err == io.EOF) != tt.wantEOF || (err != nil && err != io.EOF) {
				t.Errorf("%s: read %d bytes, %v; want %d, EOF %v", tt.name, n, err, tt.wantN, tt.wantEOF)
			}
			if !bytes.Equal(p[:n], data[tt.off:tt.off+n]) {
				t.Errorf("%s: the bytes differ from the saved ones", tt.name)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
