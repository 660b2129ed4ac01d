package store

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
)

func TestARenamedViewKeepsItsSpecAndAReadOnlyStoreRefusesChanges(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "v.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
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
	s.Close()
	ro, err := OpenWith(path, Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ro.Close()
	if err := ro.RenameView(ctx, "funnel", "b", "c"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only rename: %v, want ErrReadOnly", err)
	}
	if err := ro.DeleteView(ctx, "funnel", "b"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only delete: %v, want ErrReadOnly", err)
	}
}
