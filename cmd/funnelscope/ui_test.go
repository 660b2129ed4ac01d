package main

import (
	"bytes"
	"log/slog"
	"strings"
	"testing"
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
