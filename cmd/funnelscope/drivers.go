package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// PLACEHOLDER: being replaced by the drivers analysis command.
func newDriversCmd(g *globals) *cobra.Command {
	return &cobra.Command{Use: "drivers", Hidden: true, RunE: func(*cobra.Command, []string) error {
		return fmt.Errorf("drivers: not built yet")
	}}
}
