// Package textsafe makes untrusted text (event names, property keys and
// values, user ids) safe to show: no byte of it can drive the terminal,
// reorder what is shown or fake a line. It only rewrites text; what is
// computed or stored keeps the real names.
package textsafe

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// What an escape looks like, so that the escaped form is one glance from
// the real name (docs/semantics.md): "\t", "\n" and "\r" for those three,
// "\xNN" for the other C0 controls, DEL and each byte of invalid UTF-8,
// "\uNNNN" for C1 controls, bidi controls and the Unicode line and
// paragraph separators. A backslash in the data is left as it is: the
// escaped form is for eyes, and a name that spells "\x1b" itself still
// drives nothing.

// keep says what may pass unescaped besides printable text.
type keep uint8

const (
	keepNewline keep = 1 << iota // the layout's own line breaks
	keepSGR                      // lipgloss styles: ESC [ params m
	keepC0                       // every C0 control: JSON has escaped them
)

// Display returns s with every control character escaped, newlines
// included: for plain text from the data, one line of it.
func Display(s string) string { return escape(s, 0) }

// Lines is Display keeping newlines: for messages of several lines
// (joined errors, headings) that may quote data.
func Lines(s string) string { return escape(s, keepNewline) }

// Styled is Display keeping SGR sequences (colours, bold, reverse), which
// only restyle: for one line that lipgloss may already have styled.
func Styled(s string) string { return escape(s, keepSGR) }

// Screen is Styled keeping newlines: for a whole frame of the TUI, as the
// last guard before it reaches the terminal.
func Screen(s string) string { return escape(s, keepNewline|keepSGR) }

// Clean reports whether Display leaves s as it is.
func Clean(s string) bool { return safeSpan(s, 0) == len(s) }

func escape(s string, k keep) string { return rewrite(s, k, writeEscape) }

// rewrite returns s with each character that k does not let pass
// replaced by what write writes for it; write returns the length of that
// character in its argument.
func rewrite(s string, k keep, write func(*strings.Builder, string) int) string {
	i := safeSpan(s, k)
	if i == len(s) {
		return s // the common case: no copy
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	for i < len(s) {
		b.WriteString(s[:i])
		s = s[i:]
		n := write(&b, s)
		s = s[n:]
		i = safeSpan(s, k)
	}
	b.WriteString(s)
	return b.String()
}

// safeSpan is the length of the prefix of s that passes unescaped.
func safeSpan(s string, k keep) int {
	i := 0
	for i < len(s) {
		c := s[i]
		switch {
		case c >= 0x20 && c < 0x7f:
			i++
		case c == '\n' && k&keepNewline != 0, c < 0x20 && k&keepC0 != 0:
			i++
		case c == 0x1b && k&keepSGR != 0 && sgrLen(s[i:]) > 0:
			i += sgrLen(s[i:])
		case c < utf8.RuneSelf:
			return i
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			if unsafeRune(r, n) {
				return i
			}
			i += n
		}
	}
	return i
}

// sgrLen is the length of the SGR sequence (ESC [ digits ; : m) that s
// starts with, or 0 when it starts with anything else.
func sgrLen(s string) int {
	if len(s) < 3 || s[0] != 0x1b || s[1] != '[' {
		return 0
	}
	for i := 2; i < len(s); i++ {
		c := s[i]
		switch {
		case c == 'm':
			return i + 1
		case c >= '0' && c <= '9' || c == ';' || c == ':':
		default:
			return 0
		}
	}
	return 0
}

// unsafeRune says whether the rune r, n bytes long, must be escaped
// (above ASCII: ASCII is decided by safeSpan).
func unsafeRune(r rune, n int) bool {
	switch {
	case r == utf8.RuneError && n == 1: // an invalid byte
		return true
	case r >= 0x80 && r <= 0x9f: // C1: U+009B is CSI, U+009D OSC
		return true
	case r == '\u2028' || r == '\u2029': // line and paragraph separators
		return true
	}
	// U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069: they reorder
	// what follows them, so that a name can read as another.
	return unicode.Is(unicode.Bidi_Control, r)
}

const hexDigits = "0123456789abcdef"

// writeEscape writes the escape of the character s starts with and
// returns its length in s.
func writeEscape(b *strings.Builder, s string) int {
	switch c := s[0]; {
	case c == '\t':
		b.WriteString(`\t`)
		return 1
	case c == '\n':
		b.WriteString(`\n`)
		return 1
	case c == '\r':
		b.WriteString(`\r`)
		return 1
	case c < utf8.RuneSelf:
		writeHex(b, `\x`, uint32(c), 2)
		return 1
	}
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError && n == 1 {
		writeHex(b, `\x`, uint32(s[0]), 2)
		return 1
	}
	writeHex(b, `\u`, uint32(r), 4)
	return n
}

func writeHex(b *strings.Builder, prefix string, v uint32, digits int) {
	b.WriteString(prefix)
	for shift := 4 * (digits - 1); shift >= 0; shift -= 4 {
		b.WriteByte(hexDigits[v>>shift&0xf])
	}
}
