package saved

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
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

// names lists the saved funnels' names, most recent first.
func names(t *testing.T, s *Funnels) []string {
	t.Helper()
	list, err := s.List(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range list {
		out = append(out, e.Name)
	}
	return out
}

func TestRenameAndDeleteChangeOnlyTheNamedFunnel(t *testing.T) {
	one := spec.Funnel{Steps: []spec.Step{{Name: "x"}}}
	cases := []struct {
		name    string
		change  func(ctx context.Context, s *Funnels) error
		wantErr string
		want    string
	}{
		{"rename", func(ctx context.Context, s *Funnels) error { return s.Rename(ctx, "a", "c") }, "", "b,c"},
		{"rename onto another funnel", func(ctx context.Context, s *Funnels) error { return s.Rename(ctx, "a", "b") }, `"b" exists already`, "a,b"},
		{"rename to nothing", func(ctx context.Context, s *Funnels) error { return s.Rename(ctx, "a", "") }, "a new name is needed", "a,b"},
		{"rename a funnel never saved", func(ctx context.Context, s *Funnels) error { return s.Rename(ctx, "zz", "c") }, "no such view", "a,b"},
		{"delete", func(ctx context.Context, s *Funnels) error { return s.Delete(ctx, "a") }, "", "b"},
		{"delete a funnel never saved", func(ctx context.Context, s *Funnels) error { return s.Delete(ctx, "zz") }, "no such view", "a,b"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ctx := context.Background()
			s := New(storetest.Temp(t))
			for _, n := range []string{"a", "b"} {
				if err := s.Save(ctx, n, one); err != nil {
					t.Fatal(err)
				}
			}
			err := c.change(ctx, s)
			if (err == nil) != (c.wantErr == "") || (err != nil && !strings.Contains(err.Error(), c.wantErr)) {
				t.Errorf("error %v, want %q", err, c.wantErr)
			}
			got := names(t, s)
			slices.Sort(got)
			if strings.Join(got, ",") != c.want {
				t.Errorf("saved funnels %v, want %s", got, c.want)
			}
		})
	}
}

func TestReadOnlyRefusesToRenameOrDelete(t *testing.T) {
	ctx := context.Background()
	st := storetest.Temp(t)
	if err := New(st).Save(ctx, "a", spec.Funnel{Steps: []spec.Step{{Name: "x"}}}); err != nil {
		t.Fatal(err)
	}
	ro := ReadOnly(st)
	if err := ro.Rename(ctx, "a", "b"); !errors.Is(err, ErrSavingOff) {
		t.Errorf("read-only rename: %v", err)
	}
	if err := ro.Delete(ctx, "a"); !errors.Is(err, ErrSavingOff) {
		t.Errorf("read-only delete: %v", err)
	}
	if got := names(t, ro); len(got) != 1 || got[0] != "a" {
		t.Errorf("saved funnels %v, want a alone, as it was", got)
	}
}
