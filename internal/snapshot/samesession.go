package snapshot

// SameSession reports whether events a <= b of one user share a session
// of Sessions(gap), without the column: splitting a funnel's converters
// by session asks it of a few users, and the column costs a pass over
// every event and 4 bytes each.
func (l *Log) SameSession(a, b int, gap int64) bool {
	if gap <= 0 {
		gap = DefaultSessionGap
	}
	if sa, sb := l.Session[a], l.Session[b]; sa != 0 || sb != 0 {
		return sa == sb // export ids decide, and no id is a session of its own
	}
	// Sessions without ids are cut by a gap between two events without ids.
	last := l.Time[a]
	for i := a + 1; i <= b; i++ {
		if l.Session[i] != 0 {
			continue
		}
		if l.Time[i]-last > gap {
			return false
		}
		last = l.Time[i]
	}
	return true
}
