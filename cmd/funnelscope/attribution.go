package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/spf13/cobra"
)

type attributionFlags struct {
	analysisFlags
	goalFlag
	touch, model, lookback, halfLife string
}

// attributionCommand builds the command and returns its flags as well, so that
// tests can parse arguments into a spec without running it.
func attributionCommand(g *globals) (*cobra.Command, *attributionFlags) {
	f := &attributionFlags{}
	cmd := analysisCommand(&cobra.Command{
		Use:   "attribution --goal EVENT --touch PROPERTY [--model MODEL] [flags]",
		Short: "Split the credit for conversions over the touches before them (utm_source, campaign, ...)",
		Long: `For each converter, the touches are the non-empty values of --touch on their events
before the first goal event (in time, then import order) and at most --lookback older
than it. Each converter hands out one credit; one without touches credits (none).

Models:
  first       all to the first touch
  last        all to the last touch
  linear      equal shares; every touch event counts, so a value seen twice gets two
  time-decay  weight 2^(-age/half-life), age = time before the goal; shares normalised
  position    40% first, 40% last, 20% split over the ones between (U-shaped);
              a single touch gets 100%, two touches 50% each

Credits sum to the number of converters; "share" is the credit over that number.`,
		Example: `  funnelscope attribution --goal purchase --touch utm_campaign
  funnelscope attribution --goal purchase --touch utm_source --model time-decay --half-life 3d
  funnelscope attribution --goal purchase --touch utm_source --model position --lookback 90d --format md
  funnelscope attribution --goal signup --touch utm_medium --model first --lookback none`,
	}, g, &f.analysisFlags, f.spec, attribute, attributionView)
	f.registerGoal(cmd)
	fl := cmd.Flags()
	fl.StringVar(&f.touch, "touch", "", "property whose values are the touches, e.g. utm_source (required)")
	fl.StringVar(&f.model, "model", "last", "attribution model: "+strings.Join(spec.ModelNames(), "|"))
	fl.StringVar(&f.lookback, "lookback", "30d", "how long before the conversion a touch counts (none: no limit)")
	fl.StringVar(&f.halfLife, "half-life", "7d", "time-decay: age at which a touch weighs half as much")
	cmd.MarkFlagRequired("touch")
	return cmd, f
}

func (f *attributionFlags) spec() (spec.Attribution, error) {
	a := spec.Attribution{Touch: strings.TrimSpace(f.touch)}
	var err error
	if a.Goal, err = f.parseGoal(); err != nil {
		return a, err
	}
	if a.Touch == "" {
		return a, fmt.Errorf("--touch: name a property, e.g. utm_source")
	}
	if a.Model, err = spec.ParseModel(f.model); err != nil {
		return a, fmt.Errorf("--model: %w", err)
	}
	switch strings.ToLower(strings.TrimSpace(f.lookback)) {
	case "none", "all", "inf", "unlimited":
		a.Lookback = spec.NoLookback
	default:
		if a.Lookback, err = spec.ParseDuration(f.lookback); err != nil {
			return a, fmt.Errorf("--lookback: %w (or none for no limit)", err)
		}
		if a.Lookback == 0 {
			return a, fmt.Errorf("--lookback: must be more than 0 (or none for no limit)")
		}
	}
	if a.HalfLife, err = parsePositiveDuration("--half-life", f.halfLife, "7d"); err != nil {
		return a, err
	}
	a.Where, a.From, a.To, err = f.filters()
	return a, err
}

// attributed is an attribution with its spec: the heading and the JSON
// name the window it ran with.
type attributed struct {
	spec spec.Attribution
	res  *analysis.AttributionResult
}

func attribute(ctx context.Context, e engine.Engine, a spec.Attribution) (attributed, error) {
	res, err := e.Attribution(ctx, a)
	return attributed{a, res}, err
}

var attributionView = view[attributed]{
	json:    func(r attributed) any { return report.AttributionJSON(r.spec, r.res) },
	heading: func(r attributed) string { return report.AttributionHeading(r.spec, r.res) },
	table:   plain(func(r attributed) report.Table { return report.AttributionTable(r.res) }),
}
