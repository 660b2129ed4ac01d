package progress

import (
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/progress"
)

func TestLineShowsBytesRateAndETAWhenTheSizeIsKnown(t *testing.T) {
	bar := progress.New(progress.WithWidth(10), progress.WithoutPercentage())
	got := Line(bar, "events.csv", 50_000_000, 100_000_000, 500_000, 2*time.Second)
	for _, want := range []string{"events.csv", "50 MB/100 MB", "250 kev/s", "ETA 2s"} {
		if !strings.Contains(got, want) {
			t.Errorf("line %q lacks %q", got, want)
		}
	}
}

func TestLineOmitsETAForStdin(t *testing.T) {
	got := Line(progress.New(), "(stdin)", 2_000_000, -1, 1000, time.Second)
	if strings.Contains(got, "ETA") || !strings.Contains(got, "2.0 MB") || !strings.Contains(got, "1 kev/s") {
		t.Errorf("unexpected line %q", got)
	}
}

func TestLineShortensLongFileNamesFromTheLeft(t *testing.T) {
	got := Line(progress.New(), strings.Repeat("x", 40)+"/tail.csv", 1, -1, 0, time.Second)
	if !strings.Contains(got, "…") || !strings.Contains(got, "tail.csv") {
		t.Errorf("unexpected line %q", got)
	}
}
