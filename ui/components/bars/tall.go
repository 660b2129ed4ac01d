package bars

import (
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/theme"
)

// Room is how Tall draws bars for a room (presenter mode), where they
// must read from the back.
type Room struct {
	// Rows is how many lines each bar takes: its label and note are on
	// the first, the bar alone on the others.
	Rows int
	// Solid draws whole blocks, at least one for every bar unless full is
	// 0, the note right after its bar, in the width less 16 columns kept
	// for the notes (the funnel's steps). Otherwise the bars are
	// Render's, the notes in a column after them.
	Solid bool
}

// noteRoom is the columns a Solid chart keeps for the notes after its
// bars: a count and a percentage.
const noteRoom = 16

// Tall is Render with each bar drawn as room says. Render is Tall with
// bars one line tall.
func Tall(th *theme.Theme, bs []Bar, between []string, width int, full float64, room Room) Chart {
	if len(bs) == 0 || width < 10 {
		return Chart{}
	}
	bs = shown(bs)
	labelW, noteW := 0, 0
	for _, b := range bs {
		labelW = max(labelW, lipgloss.Width(b.Label))
		noteW = max(noteW, lipgloss.Width(b.Note))
	}
	labelW = min(labelW, width/3)
	// Without notes between bars the bars sit on consecutive lines.
	gap := 1
	if between == nil {
		gap = 0
	}
	var rows []string
	if room.Solid {
		rows = solid(th, bs, max(4, width-labelW-noteRoom), full)
	} else {
		barW := width - labelW - noteW - 3
		if barW < 5 {
			noteW, barW = 0, width-labelW-2
		}
		rows = charted(th, bs, barW, gap, full)
	}
	pad := strings.Repeat(" ", labelW+1)
	var b strings.Builder
	for i, bar := range bs {
		b.WriteString(common.Fit(bar.Label, labelW) + " " + rows[i])
		if noteW > 0 || room.Solid {
			b.WriteString(" " + bar.Note)
		}
		for range room.Rows - 1 {
			b.WriteString("\n" + strings.TrimRight(pad+rows[i], " "))
		}
		if i < len(bs)-1 {
			b.WriteString("\n")
			if gap > 0 {
				if i < len(between) {
					b.WriteString(pad + between[i])
				}
				b.WriteString("\n")
			}
		}
	}
	return Chart{out: b.String()}
}

// solid draws each bar as whole blocks in up to barW cells against full
// (0: the largest value), at least one block unless full is 0.
func solid(th *theme.Theme, bs []Bar, barW int, full float64) []string {
	full = fullOf(bs, full)
	rows := make([]string, len(bs))
	for i, b := range bs {
		n := 0
		if full > 0 {
			n = max(1, int(float64(barW)*b.Value/full))
		}
		rows[i] = style(th, b.Tone).Render(strings.Repeat("█", n))
	}
	return rows
}
