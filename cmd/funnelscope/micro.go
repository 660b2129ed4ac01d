package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

// PLACEHOLDER: being replaced by the micro analysis command.
func newMicroCmd(g *globals) *cobra.Command {
	return &cobra.Command{Use: "micro", Hidden: true, RunE: func(*cobra.Command, []string) error {
		return fmt.Errorf("micro: not built yet")
	}}
}
