package app

import (
	"strings"

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

// tabs are the views in tab order (number keys follow it), each by its
// title: the one list that buildViews, TabNames and the tour read.
var tabs = []struct {
	title string
	build func(ctx *common.Context, steps []spec.Step) common.View
}{
	{funnel.Name, func(ctx *common.Context, steps []spec.Step) common.View { return funnel.New(ctx, steps) }},
	{breakdown.Name, func(ctx *common.Context, _ []spec.Step) common.View { return breakdown.New(ctx) }},
	{paths.Name, func(ctx *common.Context, _ []spec.Step) common.View { return paths.New(ctx) }},
	{drivers.Name, func(ctx *common.Context, _ []spec.Step) common.View { return drivers.New(ctx) }},
	{trends.Name, func(ctx *common.Context, _ []spec.Step) common.View { return trends.New(ctx) }},
	{attribution.Name, func(ctx *common.Context, _ []spec.Step) common.View { return attribution.New(ctx) }},
	{events.Name, func(ctx *common.Context, _ []spec.Step) common.View { return events.New(ctx) }},
}

// TabNames are the values of the ui command's --tab, in tab order (the
// views' titles in lower case).
var TabNames = func() []string {
	out := make([]string, len(tabs))
	for i, t := range tabs {
		out[i] = tabName(t.title)
	}
	return out
}()

func tabName(title string) string { return strings.ToLower(title) }

// buildViews creates the tabs in their order.
func buildViews(ctx *common.Context, steps []spec.Step) []common.View {
	out := make([]common.View, len(tabs))
	for i, t := range tabs {
		out[i] = t.build(ctx, steps)
	}
	return out
}
