package ingest

import (
	"fmt"
	"strings"
)

// role is what a field means to an event rather than as a property.
type role int

const (
	roleNone role = iota
	roleUser
	roleEvent
	roleTime
	roleSession
	roleInsertID
)

// Candidate field names per role, in order of preference: the first one
// present wins. Matching ignores case and everything but letters and digits,
// so "User ID", "userId" and "user_id" are all the user column.
var roleCandidates = map[role][]string{
	roleUser: {"user_id", "user", "distinct_id", "visitor_id", "fullVisitorId", "user_pseudo_id", "anonymous_id",
		"customer_id", "client_id", "person_id", "account_id", "member_id", "uid", "device_id", "visitor", "customer"},
	roleEvent: {"event", "event_name", "event_type", "action", "event_action", "activity", "name", "type"},
	roleTime: {"timestamp", "time", "ts", "event_time", "event_timestamp", "occurred_at", "created_at", "datetime",
		"event_datetime", "timestamp_ms", "date", "event_date"},
	roleSession:  {"session_id", "user_session", "visitId", "session", "ga_session_id", "sess_id"},
	roleInsertID: {"insert_id", "message_id", "event_id", "uuid"},
}

// normCandidates holds roleCandidates normalised, for matching.
var normCandidates = func() map[role][]string {
	m := map[role][]string{}
	for r, cs := range roleCandidates {
		for _, c := range cs {
			m[r] = append(m[r], normName(c))
		}
	}
	return m
}()

var roleNames = map[role]string{roleUser: "user", roleEvent: "event", roleTime: "time",
	roleSession: "session", roleInsertID: "insert id"}

var roleFlags = map[role]string{roleUser: "--user-col", roleEvent: "--event-col", roleTime: "--time-col",
	roleSession: "--session-col"}

func normName(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Columns names fields by role where the user said so (--user-col ...).
type Columns struct {
	User, Event, Time, Session, InsertID string
}

func (c Columns) explicit(r role) string {
	switch r {
	case roleUser:
		return c.User
	case roleEvent:
		return c.Event
	case roleTime:
		return c.Time
	case roleSession:
		return c.Session
	case roleInsertID:
		return c.InsertID
	}
	return ""
}

// assignRoles picks, for each role, the index of the field in names that
// plays it (-1 when none). Explicit names must exist exactly.
func assignRoles(names []string, cols Columns) (map[role]int, error) {
	norm := make([]string, len(names))
	for i, n := range names {
		norm[i] = normName(n)
	}
	out := map[role]int{}
	taken := map[int]bool{}
	for _, r := range []role{roleUser, roleEvent, roleTime, roleSession, roleInsertID} {
		out[r] = -1
		if want := cols.explicit(r); want != "" {
			i := indexOf(names, want)
			if i < 0 {
				return nil, fmt.Errorf("%s %q: no such column (columns: %s)", roleFlags[r], want,
					clipText(strings.Join(names, ", ")))
			}
			out[r], taken[i] = i, true
		}
	}
	for _, r := range []role{roleUser, roleEvent, roleTime, roleSession, roleInsertID} {
		if out[r] >= 0 {
			continue
		}
	search:
		for _, cand := range normCandidates[r] {
			for i, n := range norm {
				if n == cand && !taken[i] {
					out[r], taken[i] = i, true
					break search
				}
			}
		}
	}
	return out, nil
}

func indexOf(names []string, want string) int {
	for i, n := range names {
		if n == want {
			return i
		}
	}
	return -1
}

// NotEventDataError says a file lacks a user, event or time field.
type NotEventDataError struct {
	Missing []string // "user", "event", "time"
	Fields  []string // the fields that were there
	Hint    string
}

func (e *NotEventDataError) Error() string {
	var parts []string
	for _, m := range e.Missing {
		var r role
		for k, v := range roleNames {
			if v == m {
				r = k
			}
		}
		parts = append(parts, fmt.Sprintf("no %s column (looked for %s; name one with %s)", m,
			strings.Join(roleCandidates[r][:min(5, len(roleCandidates[r]))], ", "), roleFlags[r]))
	}
	msg := "not event data: " + strings.Join(parts, "; ")
	if len(e.Fields) > 0 {
		shown := make([]string, min(12, len(e.Fields)))
		for i := range shown {
			shown[i] = clipTo(e.Fields[i], maxArgText)
		}
		msg += "; columns found: " + strings.Join(shown, ", ")
		if len(e.Fields) > len(shown) {
			msg += ", ..."
		}
	}
	if e.Hint != "" {
		msg += "; " + e.Hint
	}
	return msg
}

func missingRoles(found map[role]int, fields []string) error {
	var missing []string
	for _, r := range []role{roleUser, roleEvent, roleTime} {
		if found[r] < 0 {
			missing = append(missing, roleNames[r])
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return &NotEventDataError{Missing: missing, Fields: fields}
}
