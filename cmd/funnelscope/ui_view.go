package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/funnelscope/funnelscope/internal/explorerstate"
	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/ui/app"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// viewFlags are the flags of ui, open and demo that name the view to open
// on: the funnel flags, --tab, and each tab's options under the names the
// analysis commands give them. The flags are the analysis commands' own
// (declared once, in funnel.go, paths.go, ...), so a command that y shows
// pastes into ui unchanged.
type viewFlags struct {
	fs  *pflag.FlagSet
	fun *funnelFlags
	tab string
}

// funnelFlagNames are the funnel's flags that ui takes from funnel.
var funnelFlagNames = []string{"steps", "window", "order", "count", "session-gap", "exclude", "segment",
	"where", "from", "to", "by", "top"}

// tabOptions are, per tab, the flags of its options (common.Stateful);
// breakdown's --by is a funnel flag, which with --tab trends names the
// trend's segment lines instead (as trends --by does).
var tabOptions = map[string][]string{
	"paths":       {"anchor", "direction", "after-step", "goal"},
	"drivers":     {"goal"},
	"attribution": {"goal", "touch", "model"},
	"trends":      {"interval", "lines", "by"},
	"events":      {"goal"},
}

// registerView declares the view flags on cmd.
func registerView(cmd *cobra.Command) *viewFlags {
	// Only the flags are used: the commands never run, and their globals
	// are a throwaway.
	g := &globals{}
	fc, fun := funnelCommand(g)
	pc, _ := pathsCommand(g)
	ac, _ := attributionCommand(g)
	tc, _ := trendsCommand(g)
	v := &viewFlags{fs: cmd.Flags(), fun: fun}
	borrow(v.fs, fc, funnelFlagNames...)
	borrow(v.fs, pc, "anchor", "direction", "after-step")
	borrow(v.fs, ac, "touch", "model")
	borrow(v.fs, tc, "interval", "lines")
	v.fs.String("goal", "", "the goal of the paths, drivers, attribution or events tab (with --tab)")
	v.fs.StringVar(&v.tab, "tab", "", "the view to open on: "+strings.Join(app.TabNames, "|"))
	return v
}

// borrow adds the flags names of src to fs: the same values, parsed by
// src's own code, but never required here (the explorer asks instead),
// and with no default in the help: a flag not given leaves the view as
// it was kept, or as the explorer starts it.
func borrow(fs *pflag.FlagSet, src *cobra.Command, names ...string) {
	for _, n := range names {
		if f := src.Flags().Lookup(n); f != nil {
			c := *f
			c.Annotations = nil
			c.Usage = strings.TrimSuffix(c.Usage, " (required)")
			if c.Value.Type() == "string" {
				c.DefValue = ""
			}
			fs.AddFlag(&c)
		}
	}
}

// apply sets on st what the flags given say: the funnel when --steps is
// given (else only --where and the dates), the tab, the breakdown's
// --by, and the tab's options. What was not given keeps st's value, so
// the flags win over a stored state without wiping it.
func (v *viewFlags) apply(st *explorerstate.State) error {
	if st.Views == nil {
		st.Views = map[string]map[string]string{}
	}
	if err := v.applyFunnel(st); err != nil {
		return err
	}
	if v.fs.Changed("tab") {
		if !slices.Contains(app.TabNames, v.tab) {
			return fmt.Errorf("--tab %q: use one of %s", v.tab, strings.Join(app.TabNames, ", "))
		}
		st.Tab = v.tab
	}
	return v.applyOptions(st)
}

func (v *viewFlags) applyFunnel(st *explorerstate.State) error {
	if v.fs.Changed("steps") {
		f, err := v.fun.spec()
		if err != nil {
			return err
		}
		if f.By != "" && !v.trendsBy() {
			setOption(st, "breakdown", "by", f.By)
		}
		f.By = ""
		st.Funnel = f
		return nil
	}
	for _, n := range []string{"window", "order", "count", "session-gap", "exclude", "segment", "top"} {
		if v.fs.Changed(n) {
			return fmt.Errorf("--%s shapes a funnel: give its steps with --steps", n)
		}
	}
	if v.fs.Changed("by") && !v.trendsBy() {
		setOption(st, "breakdown", "by", v.fun.by)
	}
	where, from, to, err := v.fun.filters()
	if err != nil {
		return err
	}
	if v.fs.Changed("where") {
		st.Funnel.Where = where
	}
	if v.fs.Changed("from") {
		st.Funnel.From = from
	}
	if v.fs.Changed("to") {
		st.Funnel.To = to
	}
	return nil
}

// applyOptions sets the tab's options given, checked as the analysis
// commands check them; an option of another tab is refused rather than
// silently ignored.
func (v *viewFlags) applyOptions(st *explorerstate.State) error {
	for _, n := range []string{"anchor", "direction", "after-step", "goal", "touch", "model", "interval", "lines", "by"} {
		if !v.fs.Changed(n) || (n == "by" && !v.trendsBy()) {
			continue
		}
		if !slices.Contains(tabOptions[st.Tab], n) {
			return fmt.Errorf("--%s is an option of the %s tab: add --tab %s", n, tabsTaking(n), tabsTaking(n))
		}
		val := v.fs.Lookup(n).Value.String()
		if err := checkOption(n, val); err != nil {
			return err
		}
		setOption(st, st.Tab, n, val)
	}
	if v.trendsBy() && v.fs.Changed("by") && !v.fs.Changed("lines") {
		setOption(st, "trends", "lines", spec.SegmentLines.Flag()) // as trends --by alone
	}
	return nil
}

// tabsTaking names the tabs that take option n ("paths|drivers|...").
func tabsTaking(n string) string {
	var tabs []string
	for _, t := range app.TabNames {
		if slices.Contains(tabOptions[t], n) {
			tabs = append(tabs, t)
		}
	}
	return strings.Join(tabs, "|")
}

// checkOption parses an option's value as its analysis command does.
func checkOption(n, val string) (err error) {
	switch n {
	case "anchor", "goal":
		_, err = spec.ParseStep(val)
	case "model":
		_, err = spec.ParseModel(val)
	case "interval":
		_, err = spec.ParseInterval(val)
	case "lines":
		_, err = spec.ParseLines(val)
	case "direction":
		_, err = spec.ParseDirection(val)
	}
	if err != nil {
		return fmt.Errorf("--%s: %w", n, err)
	}
	return nil
}

// trendsBy says whether --by names the trend's segment lines: with
// --tab trends, as in the trends command, rather than the breakdown's.
func (v *viewFlags) trendsBy() bool { return v.fs.Changed("tab") && v.tab == "trends" }

func setOption(st *explorerstate.State, tab, key, val string) {
	if st.Views[tab] == nil {
		st.Views[tab] = map[string]string{}
	}
	st.Views[tab][key] = val
}
