package store

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestSavedViewsAreReplacedByNameAndListedPerKind(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []SavedView{
		{Name: "checkout", Kind: "funnel", Spec: []byte(`{"a":1}`)},
		{Name: "other", Kind: "paths", Spec: []byte(`{}`)},
		{Name: "checkout", Kind: "funnel", Spec: []byte(`{"a":2}`)},
	} {
		if err := s.SaveView(ctx, v); err != nil {
			t.Fatal(err)
		}
	}
	got, err := s.Views(ctx, "funnel")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Name != "checkout" || string(got[0].Spec) != `{"a":2}` {
		t.Fatalf("funnel views = %+v, want the one checkout with the second spec", got)
	}
	if all, _ := s.Views(ctx, ""); len(all) != 2 {
		t.Errorf("all views = %d, want 2", len(all))
	}
	if err := s.SaveView(ctx, SavedView{Kind: "funnel"}); err == nil {
		t.Error("a view without a name was saved")
	}
	s.Close()
	ro, err := OpenWith(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if err := ro.SaveView(ctx, SavedView{Name: "x", Kind: "funnel"}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only save: %v, want ErrReadOnly", err)
	}
	if got, _ := ro.Views(ctx, "funnel"); len(got) != 1 {
		t.Errorf("read-only list = %d views, want 1", len(got))
	}
}

func TestRemoveDeletesTheDatabaseWithItsWALAndMissingFilesAreFine(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, p := range []string{path + "-wal", path + "-shm"} { // as a killed build leaves them
		if err := os.WriteFile(p, []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := Remove(path); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{path, path + "-wal", path + "-shm"} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s is still there", p)
		}
	}
	if err := Remove(path); err != nil {
		t.Errorf("removing what is gone: %v", err)
	}
}
