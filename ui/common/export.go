package common

import (
	"fmt"

	"github.com/funnelscope/funnelscope/internal/report"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// Export is a view's Export: the table of result r in format, or, before
// there is a result (r nil), an error saying how to get one (hint).
func Export[R any](r *R, format, hint string, table func(*R) report.Table) (string, error) {
	if r == nil {
		return "", fmt.Errorf("nothing to export yet: %s", hint)
	}
	return RenderTable(table(r), format)
}

// Command is a view's Command: the CLI command cmd with args, or, while
// the view has no spec (ok false), hint, which says what to choose.
func Command(ok bool, cmd string, args []string, hint string) string {
	if !ok {
		return hint
	}
	return spec.CommandLine(cmd, args)
}
