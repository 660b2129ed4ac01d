package store

import (
	"bytes"
	"context"
	"io"
	"testing"
)

func TestStreamingTheSnapshotCacheReadsWhatWasSavedOnlyWhileCurrent(t *testing.T) {
	st, _ := openTemp(t)
	ctx := context.Background()
	big := bytes.Repeat([]byte("0123456789"), 300_000) // 3 MB: more than one chunk of the C buffer
	if err := st.SaveSnapshotCache(ctx, 0, 2, map[string][]byte{"a": big, "b": {7}}); err != nil {
		t.Fatal(err)
	}
	got := map[string][]byte{}
	ok, err := st.StreamSnapshotCache(ctx, 0, 2, []string{"a", "b"}, func(r map[string]*io.SectionReader) error {
		for name, sr := range r {
			b, err := io.ReadAll(sr)
			if err != nil {
				return err
			}
			got[name] = b
		}
		return nil
	})
	if err != nil || !ok || !bytes.Equal(got["a"], big) || !bytes.Equal(got["b"], []byte{7}) {
		t.Fatalf("streamed %d and %v bytes (ok %v, %v), want what was saved", len(got["a"]), got["b"], ok, err)
	}
	for _, c := range []struct {
		what  string
		gen   int64
		v     int
		names []string
	}{{"another generation", 1, 2, []string{"a"}}, {"another version", 0, 3, []string{"a"}}, {"a missing column", 0, 2, []string{"a", "c"}}} {
		called := false
		ok, err := st.StreamSnapshotCache(ctx, c.gen, c.v, c.names, func(map[string]*io.SectionReader) error { called = true; return nil })
		if ok || err != nil || called {
			t.Errorf("%s: ok %v, err %v, read called %v; want a stale cache", c.what, ok, err, called)
		}
	}
}
