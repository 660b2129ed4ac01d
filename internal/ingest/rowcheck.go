package ingest

import (
	"strings"
	"time"
	"unicode/utf8"
)

// rowRules are what every event passes before it is stored, whatever
// format it came in: checked once here rather than in each reader.
//   - A NUL byte rejects the row: no export means one, and C strings, and
//     the terminals and tools the data goes on to, end the text there.
//   - Text that is not valid UTF-8 is repaired, each bad run of bytes
//     replaced by U+FFFD, and the row counted as repaired: one stray byte
//     should not cost the event, and what is stored, deduplicated and
//     shown is then the same text everywhere.
//   - A time outside the range rejects the row (TimeRange says why).
type rowRules struct {
	from, to int64  // µs, both included
	span     string // the range as --time-range takes it, for the row error
}

func newRowRules(tr TimeRange) rowRules {
	return rowRules{from: tr.From.UnixMicro(), to: tr.To.UnixMicro(), span: tr.String()}
}

// vet checks ev, read from line, repairing its text in place; it counts
// rows repaired and times out of range in res and returns the row's error
// when it must be rejected.
func (r rowRules) vet(ev *Event, line int64, res *Result) *RowError {
	plain := plainText(ev)
	if !plain {
		if re := nulError(ev, line); re != nil {
			return re
		}
	}
	if ev.Time < r.from || ev.Time > r.to {
		res.BadTimes++
		return rowErr(line, "time %s is outside %s (widen the range with --time-range)",
			time.UnixMicro(ev.Time).UTC().Format(time.RFC3339Nano), r.span)
	}
	if !plain && repairUTF8(ev) {
		res.Repaired++
	}
	return nil
}

// plainText reports whether every text of ev is ASCII without a NUL, as
// nearly all are: then there is nothing to reject or repair, and one
// simple pass over the bytes has told so.
func plainText(ev *Event) bool {
	ok := plainASCII(ev.User) && plainASCII(ev.Name) && plainASCII(ev.Session) && plainASCII(ev.InsertID)
	for i := 0; ok && i < len(ev.Props); i++ {
		ok = plainASCII(ev.Props[i].Key) && plainASCII(ev.Props[i].Value)
	}
	return ok
}

func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == 0 || c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// nulError is the error of the row ev, read from line, naming its first
// text that holds a NUL byte; nil when none does. rowErr clips the
// property name, once.
func nulError(ev *Event, line int64) *RowError {
	for _, f := range []struct{ what, s string }{{"the user id", ev.User}, {"the event name", ev.Name},
		{"the session id", ev.Session}, {"the insert id", ev.InsertID}} {
		if strings.IndexByte(f.s, 0) >= 0 {
			return rowErr(line, "NUL byte in %s", f.what)
		}
	}
	for _, p := range ev.Props {
		if strings.IndexByte(p.Key, 0) >= 0 {
			return rowErr(line, "NUL byte in a property name")
		}
		if strings.IndexByte(p.Value, 0) >= 0 {
			return rowErr(line, "NUL byte in property %q", p.Key)
		}
	}
	return nil
}

// repairUTF8 makes every text of ev valid UTF-8 and reports whether any was not.
func repairUTF8(ev *Event) bool {
	bad := false
	fix := func(s *string) {
		if !utf8.ValidString(*s) {
			*s, bad = strings.ToValidUTF8(*s, "\uFFFD"), true
		}
	}
	fix(&ev.User)
	fix(&ev.Name)
	fix(&ev.Session)
	fix(&ev.InsertID)
	for i := range ev.Props {
		fix(&ev.Props[i].Key)
		fix(&ev.Props[i].Value)
	}
	return bad
}
