package app

import (
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/views/attribution"
	"github.com/funnelscope/funnelscope/ui/views/breakdown"
	"github.com/funnelscope/funnelscope/ui/views/drivers"
	"github.com/funnelscope/funnelscope/ui/views/events"
	"github.com/funnelscope/funnelscope/ui/views/funnel"
	"github.com/funnelscope/funnelscope/ui/views/paths"
	"github.com/funnelscope/funnelscope/ui/views/trends"
)

// buildViews creates the tabs in their order (number keys follow it).
func buildViews(ctx *common.Context, steps []spec.Step) []common.View {
	return []common.View{
		funnel.New(ctx, steps),
		breakdown.New(ctx),
		paths.New(ctx),
		drivers.New(ctx),
		trends.New(ctx),
		attribution.New(ctx),
		events.New(ctx),
	}
}
