package engine_test

import (
	"context"
	"errors"
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
