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
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	stopProfile := startProfile(os.Stderr)
	err := newRootCmd().ExecuteContext(ctx)
	stopProfile()
	if err != nil {
		var ec exitCode
		if !errors.As(err, &ec) {
			fmt.Fprintln(os.Stderr, "funnelscope:", err)
		}
		stop()
		os.Exit(1) //nolint:gocritic // exitAfterDefer: stop() ran just above, so no deferred call is skipped
	}
}

// exitCode is returned by commands that already told the user what went
// wrong and only need a non-zero exit.
type exitCode int

func (e exitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }
