package saved

import (
	"context"
	"errors"
	"os"
	"testing"

	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/internal/store/storetest"
)

func TestASavedFunnelReopensAsItWasSaved(t *testing.T) {
	ctx := context.Background()
	s := New(storetest.Temp(t))
	f := spec.Funnel{Steps: []spec.Step{{Name: "view_item", Conds: []spec.Cond{{Key: "device", Op: spec.Ne, Value: "bot"}}},
		{Name: "purchase"}}, Window: spec.DefaultWindow, Order: spec.AnyOrder, Count: spec.Sessions}
	if err := s.Save(ctx, "checkout", f); err != nil {
		t.Fatal(err)
	}
	list, err := s.List(ctx)
	if err != nil || len(list) != 1 || list[0].Name != "checkout" {
		t.Fatalf("list %+v, %v", list, err)
	}
	got, err := s.Load(ctx, "checkout")
	if err != nil {
		t.Fatal(err)
	}
	if spec.CommandLine("funnel", spec.FunnelArgs(got)) != spec.CommandLine("funnel", spec.FunnelArgs(f)) {
		t.Errorf("reopened %+v, saved %+v", got, f)
	}
	if _, err := s.Load(ctx, "nope"); err == nil {
		t.Error("a funnel never saved opened")
	}
}

func TestReadOnlyListsAndOpensButRefusesToSave(t *testing.T) {
	ctx := context.Background()
	st := storetest.Temp(t)
	if err := New(st).Save(ctx, "a", spec.Funnel{Steps: []spec.Step{{Name: "x"}}}); err != nil {
		t.Fatal(err)
	}
	ro := ReadOnly(st)
	if err := ro.Save(ctx, "b", spec.Funnel{}); !errors.Is(err, ErrSavingOff) {
		t.Errorf("read-only save: %v", err)
	}
	if _, err := ro.Load(ctx, "a"); err != nil {
		t.Errorf("read-only load: %v", err)
	}
	if list, _ := ro.List(ctx); len(list) != 1 {
		t.Errorf("read-only list %+v", list)
	}
}

func TestAFunnelSavedByAnOlderVersionStillOpens(t *testing.T) {
	ctx := context.Background()
	st := storetest.Temp(t)
	legacy, err := os.ReadFile("../spec/testdata/legacy_plain.json")
	if err != nil {
		t.Fatal(err)
	}
	if err := st.SaveView(ctx, store.SavedView{Name: "old", Kind: kind, Spec: legacy}); err != nil {
		t.Fatal(err)
	}
	f, err := New(st).Load(ctx, "old")
	if err != nil || len(f.Steps) == 0 {
		t.Errorf("legacy funnel: %+v, %v", f, err)
	}
}
