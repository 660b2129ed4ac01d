package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestLogsWrittenWhileTheExplorerRunsArePrintedAfterIt(t *testing.T) {
	var held bytes.Buffer
	restore := holdLogs(&held)
	slog.Warn("snapshot cache rejected")
	if !strings.Contains(held.String(), "snapshot cache rejected") {
		t.Fatalf("the log line was not held: %q", held.String())
	}
	restore()
	slog.Info("after")
	if strings.Contains(held.String(), "after") {
		t.Error("logging after the explorer still went to the held buffer")
	}
}

func TestTheExplorerCommandsHelpListsTheNewKeysAndPointsToHelp(t *testing.T) {
	ui, _ := uiCommand(&globals{})
	for _, cmd := range []*cobra.Command{ui, newDemoCmd(&globals{}), newOpenCmd()} {
		for _, want := range []string{"] and [ walk the tour", "P is presenter mode", "enter drills down", "esc goes back",
			"r (replace", "+ (duplicate", "u (undo", "l cycles the lines", "? lists every key"} {
			if !strings.Contains(cmd.Long, want) {
				t.Errorf("%s --help lacks %q", cmd.Name(), want)
			}
		}
	}
}
