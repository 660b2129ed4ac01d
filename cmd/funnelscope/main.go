// Command funnelscope is a terminal funnel explorer: import event exports
// into one local SQLite file, then build and slice funnels.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/funnelscope/funnelscope/internal/textsafe"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stopProfile := startProfile(os.Stderr)
	err := newRootCmd().ExecuteContext(ctx)
	stopProfile()
	if err != nil {
		if !saidAlready(err) {
			// Errors may quote names from the data ("did you mean …").
			fmt.Fprintln(os.Stderr, "funnelscope:", textsafe.Lines(err.Error()))
		}
		stop()
		os.Exit(1) //nolint:gocritic // exitAfterDefer: stop() ran just above, so no deferred call is skipped
	}
}

// exitCode is returned by commands that already told the user what went
// wrong and only need a non-zero exit.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// saidAlready reports whether err is an exitCode and nothing more: joined
// with another error (a store that failed to close), that one still needs
// saying.
func saidAlready(err error) bool {
	var ec exitCode
	return errors.As(err, &ec) && err.Error() == ec.Error()
}
