package report

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
	"github.com/funnelscope/funnelscope/internal/spec"
)

// WrapCommandLine renders words (as spec.ParseCommandLine gives them) as
// spec.CommandLine does, in lines of at most width columns for a screen
// that must stay pasteable: lines break only between arguments, ending in " \"
// (a flag stays beside its value when they fit on one line), and the
// continuation lines are indented. A word wider than a line is cut, after
// a comma where it can be, into pieces each quoted on its own and joined
// by a backslash-newline, which the shell removes: pasted, it is still
// one word. Lines exceed width only when width is too small for one
// character of a piece.
func WrapCommandLine(words []string, width int) []string {
	w := wrapper{width: width}
	for _, u := range units(words) {
		w.unit(u)
	}
	return append(w.lines, w.line)
}

const (
	indent       = "  "
	continuation = " \\"
	minPiece     = 12 // columns worth starting a cut word in
)

// wrapper packs quoted words into lines.
type wrapper struct {
	width int
	lines []string
	line  string // the line being filled
}

// units groups words into what is best kept on one line: the program with
// its command, and each --flag with its value.
func units(words []string) [][]string {
	var out [][]string
	for i := 0; i < len(words); i++ {
		n := 1
		if i == 0 || strings.HasPrefix(words[i], "--") && !strings.Contains(words[i], "=") {
			n = min(2, len(words)-i)
		}
		if i > 0 && n == 2 && strings.HasPrefix(words[i+1], "--") {
			n = 1 // a switch, not a flag with a value
		}
		out = append(out, words[i:i+n])
		i += n - 1
	}
	return out
}

// room is what is left on the line for more text, keeping space for the
// " \" that may end it.
func (w *wrapper) room() int {
	return w.width - ansi.StringWidth(w.line) - len(continuation)
}

// sep is what goes before a word on the current line.
func (w *wrapper) sep() string {
	if w.line == "" || w.line == indent {
		return ""
	}
	return " "
}

func (w *wrapper) unit(u []string) {
	q := make([]string, len(u))
	for i, s := range u {
		q[i] = spec.ShellQuote(s)
	}
	whole := strings.Join(q, " ")
	if w.place(whole, w.fitsALine(whole)) {
		return
	}
	for i, s := range u {
		w.word(s, q[i])
	}
}

// place adds s to the line when it fits there, after starting a new line
// when s does not fit on this one and newLine says to; it reports whether
// s was added.
func (w *wrapper) place(s string, newLine bool) bool {
	if newLine && ansi.StringWidth(w.sep()+s) > w.room() {
		w.breakLine()
	}
	if ansi.StringWidth(w.sep()+s) > w.room() {
		return false
	}
	w.line += w.sep() + s
	return true
}

// fitsALine reports whether s fits on a continuation line of its own.
func (w *wrapper) fitsALine(s string) bool {
	return ansi.StringWidth(s) <= w.width-len(indent)-len(continuation)
}

func (w *wrapper) breakLine() {
	if w.line == indent {
		return // nothing on this line yet
	}
	w.lines = append(w.lines, w.line+continuation)
	w.line = indent
}

// word adds one word, on the next line when it does not fit on this one,
// cut into pieces when it fits on no line.
func (w *wrapper) word(raw, quoted string) {
	// A word that fits on no line starts where it is, unless too
	// little of it would.
	if w.place(quoted, w.fitsALine(quoted) || w.room() < minPiece) {
		return
	}
	w.line += w.sep()
	for raw != "" {
		// The piece ends in a lone backslash, which needs one column.
		n := cut(raw, w.width-ansi.StringWidth(w.line)-1)
		w.line += spec.ShellQuote(raw[:n])
		if raw = raw[n:]; raw != "" {
			w.lines = append(w.lines, w.line+`\`)
			w.line = "" // an indent would become part of the word
		}
	}
}

// cut is how many bytes of s to take for a piece whose quoted form fits
// in room columns: up to the last comma or slash that fits when there is
// one (a step of --steps, a directory of a path stays whole), at least one
// character.
func cut(s string, room int) int {
	n, comma := 0, 0
	for n < len(s) {
		r, size := utf8.DecodeRuneInString(s[n:]) // one byte of invalid UTF-8
		if n > 0 && ansi.StringWidth(spec.ShellQuote(s[:n+size])) > room {
			break
		}
		n += size
		if r == ',' || r == '/' {
			comma = n
		}
	}
	if comma > 0 && n < len(s) {
		return comma
	}
	return n
}
