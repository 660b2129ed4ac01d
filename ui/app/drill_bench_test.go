package app

import (
	"testing"

	"github.com/funnelscope/funnelscope/ui/uitest"
)

// BenchmarkDrillToScreen is enter on a funnel step through to the
// drop-outs' paths on screen, then esc back to the funnel on screen: the
// drill's two keystrokes, each with its recompute and View.
func BenchmarkDrillToScreen(b *testing.B) {
	h := benchHarness(b)
	uitest.Type(h.update, "jj")
	for b.Loop() {
		uitest.Type(h.update, "<enter>")
		_ = h.m.View()
		uitest.Type(h.update, "<esc>")
		_ = h.m.View()
	}
}

// BenchmarkDrilledView draws the drop-outs' paths once they are in.
func BenchmarkDrilledView(b *testing.B) {
	h := benchHarness(b)
	uitest.Type(h.update, "jj<enter>")
	for b.Loop() {
		_ = h.m.View()
	}
}

// BenchmarkDrillComputeToScreen alternates the drill between steps 2 and
// 3, so that each enter computes its drop-outs afresh (the job skips a
// spec it has): two cold drills and their esc per op.
func BenchmarkDrillComputeToScreen(b *testing.B) {
	h := benchHarness(b)
	uitest.Type(h.update, "j")
	for b.Loop() {
		for _, k := range []string{"j<enter>", "<esc>", "k<enter>", "<esc>"} {
			uitest.Type(h.update, k)
			_ = h.m.View()
		}
	}
}
