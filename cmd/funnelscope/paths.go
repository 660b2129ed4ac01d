package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// PLACEHOLDER: being replaced by the paths analysis command.
func newPathsCmd(g *globals) *cobra.Command {
	return &cobra.Command{Use: "paths", Hidden: true, RunE: func(*cobra.Command, []string) error {
		return fmt.Errorf("paths: not built yet")
	}}
}
