package spec

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseCommandLine reads back the words of a line CommandLine wrote
// ("funnelscope", the command, its arguments), undoing its quoting: bare
// words, '…' (a quote inside closed, escaped, reopened) and $'…' words.
// It is not a shell: a line holding anything else (a "# comment" of a
// placeholder command, say) is an error, so that callers show such a
// line as it is.
func ParseCommandLine(line string) ([]string, error) {
	var words []string
	for rest := strings.TrimLeft(line, " "); rest != ""; rest = strings.TrimLeft(rest, " ") {
		w, n, err := parseWord(rest)
		if err != nil {
			return nil, fmt.Errorf("parse command %q: %w", line, err)
		}
		words = append(words, w)
		rest = rest[n:]
	}
	return words, nil
}

// parseWord reads the shell word at the start of s, returning its value
// and the bytes it took.
func parseWord(s string) (string, int, error) {
	var b strings.Builder
	i := 0
	for i < len(s) && s[i] != ' ' {
		var n int
		var err error
		switch {
		case s[i] == '#' && i == 0:
			return "", 0, fmt.Errorf("a comment")
		case s[i] == '\'':
			n, err = singleQuoted(&b, s[i:])
		case strings.HasPrefix(s[i:], "$'"):
			n, err = ansiCQuoted(&b, s[i:])
		case s[i] == '\\' && i+1 < len(s):
			b.WriteByte(s[i+1])
			n = 2
		default:
			b.WriteByte(s[i])
			n = 1
		}
		if err != nil {
			return "", 0, err
		}
		i += n
	}
	return b.String(), i, nil
}

// singleQuoted copies the value of the '…' at the start of s into b.
func singleQuoted(b *strings.Builder, s string) (int, error) {
	end := strings.IndexByte(s[1:], '\'')
	if end < 0 {
		return 0, fmt.Errorf("unterminated quote in %q", s)
	}
	b.WriteString(s[1 : 1+end])
	return end + 2, nil
}

// ansiCQuoted copies the value of the $'…' at the start of s into b,
// reading the escapes ansiCQuote writes.
func ansiCQuoted(b *strings.Builder, s string) (int, error) {
	for i := 2; i < len(s); i++ {
		switch {
		case s[i] == '\'':
			return i + 1, nil
		case s[i] != '\\' || i+1 == len(s):
			b.WriteByte(s[i])
			continue
		}
		i++
		switch c := s[i]; c {
		case 'n':
			b.WriteByte('\n')
		case 't':
			b.WriteByte('\t')
		case 'x':
			v, err := strconv.ParseUint(s[i+1:min(len(s), i+3)], 16, 8)
			if err != nil {
				return 0, fmt.Errorf("escape in %q: %w", s, err)
			}
			b.WriteByte(byte(v))
			i += 2
		default:
			b.WriteByte(c)
		}
	}
	return 0, fmt.Errorf("unterminated quote in %q", s)
}
