package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// PLACEHOLDER: being replaced by the trends analysis command.
func newTrendsCmd(g *globals) *cobra.Command {
	return &cobra.Command{Use: "trends", Hidden: true, RunE: func(*cobra.Command, []string) error {
		return fmt.Errorf("trends: not built yet")
	}}
}
