package app

import (
	"context"
	"fmt"
	"os"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/engine"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/internal/dataset"
	"github.com/funnelscope/funnelscope/internal/store"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// benchHarness opens FUNNELSCOPE_BENCH_DB (e.g. the 10 M event sample:
// funnelscope --db /tmp/big.db sample --users 746000) or the test sample.
func benchHarness(b *testing.B) *harness {
	o := Options{Steps: steps("landing_page_view", "view_item", "add_to_cart", "purchase")}
	if path := os.Getenv("FUNNELSCOPE_BENCH_DB"); path != "" {
		st, err := store.OpenWith(path, store.Options{ReadOnly: true})
		if err != nil {
			b.Fatal(err)
		}
		b.Cleanup(func() { st.Close() })
		start := time.Now()
		log, _, err := dataset.Load(context.Background(), st)
		if err != nil {
			b.Fatal(err)
		}
		b.Logf("snapshot of %d events loaded in %s", log.NumEvents(), time.Since(start))
		l := engine.NewLocal(log)
		o.Load = func(context.Context, func(Progress)) (engine.Engine, error) { return l, nil }
	}
	h := newHarness(&testing.T{}, o)
	h.update(tea.WindowSizeMsg{Width: 160, Height: 50})
	return h
}

// BenchmarkKeystrokeToScreen is one change of the funnel (o toggles the
// order) through to the new screen: the key, the recompute, the result
// message and View.
func BenchmarkKeystrokeToScreen(b *testing.B) {
	h := benchHarness(b)
	for b.Loop() {
		uitest.Type(h.update, "o")
		_ = h.m.View()
	}
}

// BenchmarkBreakdownTabToScreen switches to the breakdown view of a
// changed funnel (it recomputes on the switch) and draws it.
func BenchmarkBreakdownTabToScreen(b *testing.B) {
	h := benchHarness(b)
	for b.Loop() {
		uitest.Type(h.update, "1o2")
		_ = h.m.View()
	}
}

// BenchmarkView draws the current screen (a result already in).
func BenchmarkView(b *testing.B) {
	h := benchHarness(b)
	for b.Loop() {
		_ = h.m.View()
	}
}

// BenchmarkViewEveryTabAt200x60 draws each tab, its result in, at the
// largest size the issue names (View ≤ 5 ms).
func BenchmarkViewEveryTabAt200x60(b *testing.B) {
	h := benchHarness(b)
	h.update(tea.WindowSizeMsg{Width: 200, Height: 60})
	for i, v := range h.m.Views() {
		uitest.Type(h.update, fmt.Sprint(i+1))
		b.Run(v.Title(), func(b *testing.B) {
			for b.Loop() {
				_ = h.m.View()
			}
		})
	}
}
