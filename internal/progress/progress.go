// Package progress draws a one-line progress bar (bytes, events/s, ETA) on
// a terminal for long imports. It only renders; callers feed it figures.
package progress

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/bubbles/progress"
	"github.com/dustin/go-humanize"
)

// Bar redraws one line in place on w.
type Bar struct {
	w     io.Writer
	bar   progress.Model
	drawn bool
}

// New returns a bar that writes to w, which should be a terminal.
func New(w io.Writer) *Bar {
	return &Bar{w: w, bar: progress.New(progress.WithDefaultGradient(), progress.WithWidth(30))}
}

// Update redraws the line for file after bytes of total (total < 0: unknown)
// and events so far, elapsed since the start.
func (b *Bar) Update(file string, bytes, total, events int64, elapsed time.Duration) {
	fmt.Fprint(b.w, "\r\x1b[K"+Line(b.bar, file, bytes, total, events, elapsed))
	b.drawn = true
}

// Done clears the line so a summary can take its place.
func (b *Bar) Done() {
	if b.drawn {
		fmt.Fprint(b.w, "\r\x1b[K")
		b.drawn = false
	}
}

// Line formats one progress line; exported for tests.
func Line(bar progress.Model, file string, bytes, total, events int64, elapsed time.Duration) string {
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(events) / s
	}
	parts := []string{shorten(file, 24)}
	if total > 0 {
		frac := min(1, float64(bytes)/float64(total))
		parts = append(parts, bar.ViewAs(frac),
			humanize.Bytes(uint64(bytes))+"/"+humanize.Bytes(uint64(total)))
		if frac > 0.01 {
			eta := time.Duration(float64(elapsed) * (1 - frac) / frac).Round(time.Second)
			parts = append(parts, fmt.Sprintf("%s/s  ETA %s", humanize.SI(rate, "ev"), eta))
			return strings.Join(parts, "  ")
		}
	} else {
		parts = append(parts, humanize.Bytes(uint64(bytes)))
	}
	parts = append(parts, humanize.SI(rate, "ev")+"/s")
	return strings.Join(parts, "  ")
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return "…" + string(r[len(r)-n+1:])
}
