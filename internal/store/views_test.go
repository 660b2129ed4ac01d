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
	s, path := openTemp(t)
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
	ro := reopenReadOnly(t, s, path)
	if err := ro.SaveView(ctx, SavedView{Name: "x", Kind: "funnel"}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only save: %v, want ErrReadOnly", err)
	}
	if got, _ := ro.Views(ctx, "funnel"); len(got) != 1 {
		t.Errorf("read-only list = %d views, want 1", len(got))
	}
}

func TestARenamedViewKeepsItsSpecAndAReadOnlyStoreRefusesChanges(t *testing.T) {
	ctx := context.Background()
	s, path := openTemp(t)
	if err := s.SaveView(ctx, SavedView{Name: "a", Kind: "funnel", Spec: []byte(`{"a":1}`)}); err != nil {
		t.Fatal(err)
	}
	if err := s.RenameView(ctx, "paths", "a", "b"); err == nil {
		t.Error("renamed a funnel as if it were a paths view")
	}
	if err := s.RenameView(ctx, "funnel", "a", "b"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Views(ctx, "funnel"); len(got) != 1 || got[0].Name != "b" || string(got[0].Spec) != `{"a":1}` {
		t.Errorf("views after rename: %+v", got)
	}
	ro := reopenReadOnly(t, s, path)
	if err := ro.RenameView(ctx, "funnel", "b", "c"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only rename: %v, want ErrReadOnly", err)
	}
	if err := ro.DeleteView(ctx, "funnel", "b"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only delete: %v, want ErrReadOnly", err)
	}
}

// reopenReadOnly closes s and opens its file at path again read-only,
// closed when t ends.
func reopenReadOnly(t *testing.T, s *Store, path string) *Store {
	t.Helper()
	s.Close()
	ro, err := OpenWith(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ro.Close() })
	return ro
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
