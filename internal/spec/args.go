package spec

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/funnelscope/funnelscope/internal/textsafe"
)

// The command-line renderings below (FunnelArgs, DriversArgs, ...) give
// the flags of the funnelscope command that computes a spec, so that every
// TUI view can show its command-line twin. Parsing them with the command's
// own flags gives the spec back, except where a zero field means a
// default: the flag is then left out and the parsed spec holds the
// default itself, which the analysis reads the same way.

// Defaults of the CLI flags that the spec types leave to zero values.
const (
	defaultSessionGap int64 = 30 * 60 * 1e6 // --session-gap 30m, snapshot.DefaultSessionGap
	defaultTop              = 10            // funnel --top: breakdown segments before "(other)"
)

// args collects flags and their values in the order they are added.
type args []string

func (a *args) add(flag, value string) { *a = append(*a, flag, value) }

// duration adds flag when us is neither zero nor def: zero means def to
// the analysis, and a negative duration is read as def too.
func (a *args) duration(flag string, us, def int64) {
	if us > 0 && us != def {
		a.add(flag, FormatDuration(us))
	}
}

// count adds flag when n is neither zero nor def.
func (a *args) count(flag string, n, def int) {
	if n != 0 && n != def {
		a.add(flag, strconv.Itoa(n))
	}
}

// filters adds one --where per condition and the date range as --from
// and --to; dates at midnight in loc are written as bare days.
func (a *args) filters(where []Cond, from, to int64, loc *time.Location) {
	for _, c := range where {
		a.add("--where", c.String())
	}
	if from != 0 {
		a.add("--from", FormatInstant(from, loc))
	}
	if to != 0 {
		a.add("--to", FormatInstant(to, loc))
	}
}

// stepList joins steps as --steps reads them. No space after the commas,
// so that simple funnels need no shell quotes.
func stepList(steps []Step) string {
	parts := make([]string, len(steps))
	for i, s := range steps {
		parts[i] = s.String()
	}
	return strings.Join(parts, ",")
}

// FormatInstant renders µs since the epoch as the --from and --to flags
// read them: YYYY-MM-DD when it is midnight in loc (nil is UTC), else RFC
// 3339 in UTC with as many fractional digits as it needs, at most six.
// Commands other than trends read a bare day as midnight UTC, so give
// them UTC.
func FormatInstant(us int64, loc *time.Location) string {
	if loc == nil {
		loc = time.UTC
	}
	t := time.UnixMicro(us)
	if l := t.In(loc); l.Hour() == 0 && l.Minute() == 0 && l.Second() == 0 && l.Nanosecond() == 0 {
		return l.Format(time.DateOnly)
	}
	return t.UTC().Format("2006-01-02T15:04:05.999999Z07:00")
}

// CommandLine renders a funnelscope command with its arguments for a
// POSIX shell: "funnelscope " + cmd + the arguments, each in single quotes
// when it holds anything beyond letters, digits and _./:=@,+-, or as a
// $'…' word when it holds a control character (see ansiCQuote).
func CommandLine(cmd string, args []string) string {
	var b strings.Builder
	b.WriteString("funnelscope")
	for _, s := range append([]string{cmd}, args...) {
		b.WriteByte(' ')
		b.WriteString(ShellQuote(s))
	}
	return b.String()
}

// ShellQuote returns s as one shell word, as CommandLine writes it.
// Inside single quotes nothing is special but the quote itself, which is
// closed, escaped and reopened.
func ShellQuote(s string) string {
	if !textsafe.Clean(s) {
		return ansiCQuote(s)
	}
	safe := s != ""
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("_./:=@,+-", r)) {
			safe = false
			break
		}
	}
	if safe {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// ansiCQuote returns s as one $'…' word (bash, zsh, ksh and POSIX.1-2024
// sh), the one quoting that spells a control character as an escape: the
// command shows no raw control (the name may come from anyone who can
// send events), and pasted back it passes s byte for byte. Each byte of
// what textsafe would escape is written as \xNN.
func ansiCQuote(s string) string {
	var b strings.Builder
	b.WriteString("$'")
	for i := 0; i < len(s); {
		_, n := utf8.DecodeRuneInString(s[i:])
		switch c := s[i : i+n]; {
		case c == `\` || c == "'":
			b.WriteString(`\` + c)
		case c == "\n":
			b.WriteString(`\n`)
		case c == "\t":
			b.WriteString(`\t`)
		case textsafe.Clean(c):
			b.WriteString(c)
		default:
			for j := range len(c) {
				fmt.Fprintf(&b, `\x%02x`, c[j])
			}
		}
		i += n
	}
	b.WriteString("'")
	return b.String()
}

// zoneName renders loc as --tz reads it: its name when ParseZone knows
// it, else (a fixed zone the caller named, e.g. "CEST") its offset at
// instant us, as ±HH:MM.
func zoneName(loc *time.Location, us int64) string {
	name := loc.String()
	if _, err := ParseZone(name); err == nil {
		return name
	}
	_, off := time.UnixMicro(us).In(loc).Zone()
	sign := '+'
	if off < 0 {
		sign, off = '-', -off
	}
	return fmt.Sprintf("%c%02d:%02d", sign, off/3600, off%3600/60)
}
