package engine_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/dataset/datasettest"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/sample"
)

func sampleEngine(t *testing.T) *engine.Local {
	t.Helper()
	l, err := datasettest.Sample(sample.Config{Users: 2000, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	return engine.NewLocal(l)
}

func TestLocalGivesTheAnalysisPackagesNumbers(t *testing.T) {
	e := sampleEngine(t)
	f := spec.Funnel{Steps: []spec.Step{{Name: "view_item"}, {Name: "purchase"}}, Window: spec.DefaultWindow}
	got, err := e.Funnel(context.Background(), f)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := analysis.Funnel(e.Log(), f)
	for i := range want.Steps {
		if got.Steps[i].Count != want.Steps[i].Count {
			t.Errorf("step %d: %d, analysis says %d", i+1, got.Steps[i].Count, want.Steps[i].Count)
		}
	}
	if got.Steps[0].Count == 0 {
		t.Error("the sample has no view_item users: the comparison proves nothing")
	}
}

func TestLocalCatalogListsEventsMostFrequentFirstAndKeysAlphabetically(t *testing.T) {
	e := sampleEngine(t)
	ev := e.Events()
	if len(ev) < 5 {
		t.Fatalf("only %d events", len(ev))
	}
	for i := 1; i < len(ev); i++ {
		if ev[i].Count > ev[i-1].Count {
			t.Errorf("%v listed after %v", ev[i], ev[i-1])
		}
	}
	ks := e.Keys()
	for i := 1; i < len(ks); i++ {
		if ks[i] < ks[i-1] {
			t.Errorf("key %q after %q", ks[i], ks[i-1])
		}
	}
	if !e.HasEvent(ev[0].Name) || e.HasEvent("no such event") || !e.HasKey(ks[0]) || e.HasKey("no such key") {
		t.Error("HasEvent/HasKey disagree with Events/Keys")
	}
	s := e.Summary()
	if s.Events != e.Log().NumEvents() || s.Users != e.Log().NumUsers() || s.First == 0 || s.Last < s.First {
		t.Errorf("summary %+v", s)
	}
}

func TestLocalValuesCountEveryEventOfTheKeyAndRefuseUnknownKeys(t *testing.T) {
	e := sampleEngine(t)
	vs, err := e.Values(context.Background(), "device")
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) == 0 {
		t.Fatal("no device values")
	}
	for i := 1; i < len(vs); i++ {
		if vs[i].Count > vs[i-1].Count {
			t.Errorf("%v after %v", vs[i], vs[i-1])
		}
	}
	if _, err := e.Values(context.Background(), "no such key"); err == nil {
		t.Error("an unknown key gave no error")
	}
}

func TestLocalStartsNothingForACancelledCaller(t *testing.T) {
	e := sampleEngine(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := e.Drivers(ctx, spec.Drivers{Goal: spec.Step{Name: "purchase"}, MinUsers: 1})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}

func TestLocalSuggestsTheAnalysisPackagesFunnelAsSteps(t *testing.T) {
	e := sampleEngine(t)
	got, err := e.Suggest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want, _ := analysis.SuggestFunnel(e.Log())
	if len(want) < 2 || len(got) != len(want) {
		t.Fatalf("engine suggests %v, analysis %q", got, want)
	}
	for i, s := range got {
		if s.Name != want[i] || s.String() != want[i] {
			t.Errorf("step %d is %v, want plain %q", i+1, s, want[i])
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := e.Suggest(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("a cancelled caller gets %v, want context.Canceled", err)
	}
}

// TestLocalReturnsAPanicAsAnErrorWhereverItHappens breaks a log behind the
// engine's back so that a reader panics on the calling goroutine (the
// dictionary of values shrinks after the column was checked), and injects
// one into a scan worker: both come back as errors asking for a report.
func TestLocalReturnsAPanicAsAnErrorWhereverItHappens(t *testing.T) {
	ctx := context.Background()
	f := spec.Funnel{Steps: []spec.Step{{Name: "view_item"}, {Name: "purchase"}}, By: "device"}
	tests := []struct {
		name   string
		damage func(e *engine.Local)
		call   func(e *engine.Local) error
	}{
		{"a worker of an analysis", func(e *engine.Local) { analysis.InjectWorkerPanic(e.Log(), "injected") },
			func(e *engine.Local) error { _, err := e.Funnel(ctx, f); return err }},
		{"a worker of the suggestion", func(e *engine.Local) { analysis.InjectWorkerPanic(e.Log(), "injected") },
			func(e *engine.Local) error { _, err := e.Suggest(ctx); return err }},
		{"Breakdown on the caller's goroutine", shrinkValues,
			func(e *engine.Local) error { _, _, err := e.Breakdown(ctx, f); return err }},
		{"Values on the caller's goroutine", shrinkValues,
			func(e *engine.Local) error { _, err := e.Values(ctx, "device"); return err }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := sampleEngine(t)
			tt.damage(e)
			err := tt.call(e)
			var pe *analysis.PanicError
			if !errors.As(err, &pe) || !strings.Contains(err.Error(), "funnelscope bug") {
				t.Fatalf("error %v, want a *analysis.PanicError", err)
			}
		})
	}
}

// shrinkValues decodes the device column, which checks its value ids,
// then drops every value but the unused first: readers of the column now
// index past the dictionary, as a bug would.
func shrinkValues(e *engine.Local) {
	id, _ := e.Log().KeyID("device")
	if _, err := e.Log().Prop(id); err != nil {
		panic(err)
	}
	e.Log().Values = e.Log().Values[:1]
}
