package explorerstate

import (
	"context"
	"testing"

	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/internal/store/storetest"
)

func sample() State {
	return State{
		Funnel: spec.Funnel{Steps: []spec.Step{{Name: "view_item"}, {Name: "purchase"}}, Window: spec.DefaultWindow,
			Where: []spec.Cond{{Key: "device", Op: spec.Eq, Value: "mobile"}}, From: 1_790_000_000_000_000},
		Tab:   "Breakdown",
		Views: map[string]map[string]string{"Breakdown": {"by": "country"}, "Trends": {"interval": "day"}},
	}
}

func TestAStateSavedIsTheStateLoadedForThatUserOnly(t *testing.T) {
	ctx := context.Background()
	st := storetest.Temp(t)
	if err := Save(ctx, st, "ana", sample()); err != nil {
		t.Fatal(err)
	}
	got, ok, err := Load(ctx, st, "ana")
	if err != nil || !ok || !got.Equal(sample()) {
		t.Errorf("Load = %+v %v %v, want %+v", got, ok, err, sample())
	}
	if _, ok, err := Load(ctx, st, "bob"); ok || err != nil {
		t.Errorf("another user's Load = %v %v, want nothing", ok, err)
	}
}

func TestSavingAgainReplacesTheState(t *testing.T) {
	ctx := context.Background()
	st := storetest.Temp(t)
	second := sample()
	second.Tab, second.Funnel = "Paths", spec.Funnel{}
	for _, s := range []State{sample(), second} {
		if err := Save(ctx, st, "ana", s); err != nil {
			t.Fatal(err)
		}
	}
	got, _, err := Load(ctx, st, "ana")
	if err != nil || !got.Equal(second) || len(got.Funnel.Steps) != 0 {
		t.Errorf("Load = %+v %v, want the second state %+v", got, err, second)
	}
}

func TestANewerDocumentIsRefused(t *testing.T) {
	if _, err := Unmarshal([]byte(`{"version":2,"tab":"Paths"}`)); err == nil {
		t.Error("a version 2 document was read")
	}
}
