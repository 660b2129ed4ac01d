package textsafe

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Spreadsheet returns s as a CSV cell that a spreadsheet shows as text. A
// cell starting with = + - @, a tab or a carriage return is read as a
// formula (OWASP's CSV injection), so it gets a leading apostrophe, which
// spreadsheets hide; numbers ("-3", "-2.5%") and the lone "-" of a
// missing value are no formula and stay as they are. Cells that must stay
// byte-exact (user ids a re-import has to match) are not for this.
func Spreadsheet(s string) string {
	if s == "" || !strings.ContainsRune("=+-@\t\r", rune(s[0])) || s == "-" || isNumber(strings.TrimSuffix(s, "%")) {
		return s
	}
	return "'" + s
}

func isNumber(s string) bool {
	_, err := strconv.ParseFloat(s, 64)
	return err == nil
}

// JSON rewrites encoded JSON so that DEL, C1 and bidi controls and the
// line separators come out as \u escapes, as encoding/json already writes
// C0 controls: the same value, and nothing a terminal acts on. Outside
// strings JSON is ASCII, so every character rewritten is inside a string.
// Invalid UTF-8, which encoding/json never writes, becomes \ufffd.
func JSON(s string) string {
	return rewrite(s, keepC0, func(b *strings.Builder, s string) int {
		r, n := utf8.DecodeRuneInString(s) // an invalid byte decodes as U+FFFD
		writeHex(b, `\u`, uint32(r), 4)
		return n
	})
}
