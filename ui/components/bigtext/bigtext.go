// Package bigtext draws figures three rows tall in block characters, for
// presenter mode's headlines: readable from the back of a room, and with
// no colour needed (the blocks are the glyphs).
package bigtext

import "strings"

// Height is the rows of every glyph.
const Height = 3

// glyphs are the characters a figure uses, row by row; each row of a
// glyph has the same width.
var glyphs = map[rune][Height]string{
	'0': {"█▀█", "█ █", "▀▀▀"},
	'1': {"▀█ ", " █ ", "▀▀▀"},
	'2': {"▀▀█", "█▀▀", "▀▀▀"},
	'3': {"▀▀█", " ▀█", "▀▀▀"},
	'4': {"█ █", "▀▀█", "  ▀"},
	'5': {"█▀▀", "▀▀█", "▀▀▀"},
	'6': {"█▀▀", "█▀█", "▀▀▀"},
	'7': {"▀▀█", "  █", "  ▀"},
	'8': {"█▀█", "█▀█", "▀▀▀"},
	'9': {"█▀█", "▀▀█", "▀▀▀"},
	'.': {" ", " ", "▀"},
	',': {" ", " ", "█"},
	'%': {"▀ ▄▀", "▄▀ ▄", "▀  ▀"},
	'-': {"   ", "▀▀▀", "   "},
	' ': {" ", " ", " "},
}

// Render draws s in Height rows joined by newlines; a character without
// a glyph is written as is on the middle row, so nothing is lost.
func Render(s string) string {
	var rows [Height]strings.Builder
	for i, r := range s {
		g, ok := glyphs[r]
		if !ok {
			g = [Height]string{" ", string(r), " "}
		}
		for row := range rows {
			if i > 0 {
				rows[row].WriteByte(' ')
			}
			rows[row].WriteString(g[row])
		}
	}
	out := make([]string, Height)
	for i := range rows {
		out[i] = rows[i].String()
	}
	return strings.Join(out, "\n")
}
