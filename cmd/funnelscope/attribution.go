package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// PLACEHOLDER: being replaced by the attribution analysis command.
func newAttributionCmd(g *globals) *cobra.Command {
	return &cobra.Command{Use: "attribution", Hidden: true, RunE: func(*cobra.Command, []string) error {
		return fmt.Errorf("attribution: not built yet")
	}}
}
