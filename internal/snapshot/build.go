package snapshot

import (
	"slices"
)

// Builder collects events in any order and builds a Log.
type Builder struct {
	user, name, sess []int32
	time             []int64
	propOff          []int64
	propData         []byte
}

// Add appends one event. User, name and session are dictionary ids; props
// is the store's property blob (copied).
func (b *Builder) Add(user, name int32, t int64, session int32, props []byte) {
	if len(b.propOff) == 0 {
		b.propOff = append(b.propOff, 0)
	}
	b.user = append(b.user, user)
	b.name = append(b.name, name)
	b.time = append(b.time, t)
	b.sess = append(b.sess, session)
	b.propData = append(b.propData, props...)
	b.propOff = append(b.propOff, int64(len(b.propData)))
}

// Build sorts the events by (user, time, order of Add) and returns the
// Log. users, names, keys and values are the dictionaries by id. The
// Builder must not be used afterwards.
func (b *Builder) Build(users, names, keys, values []string) *Log {
	n := len(b.time)
	// Users that have events, in dictionary-id order, get compact indexes.
	counts := make([]int32, len(users)+1)
	for _, u := range b.user {
		counts[u]++
	}
	l := &Log{Names: names, Keys: keys, Values: values}
	index := make([]int32, len(users)+1)
	l.Offsets = []int32{0}
	for id, c := range counts {
		if c > 0 {
			index[id] = int32(len(l.Users))
			l.Users = append(l.Users, users[id])
			l.Offsets = append(l.Offsets, l.Offsets[len(l.Offsets)-1]+c)
		}
	}
	// Scatter by user (stable, so import order survives), then sort each
	// user's events by time, stably.
	pos := slices.Clone(l.Offsets[:len(l.Offsets)-1])
	perm := make([]int32, n)
	for i, u := range b.user {
		k := index[u]
		perm[pos[k]] = int32(i)
		pos[k]++
	}
	for u := 0; u+1 < len(l.Offsets); u++ {
		seg := perm[l.Offsets[u]:l.Offsets[u+1]]
		slices.SortStableFunc(seg, func(a, c int32) int {
			ta, tc := b.time[a], b.time[c]
			switch {
			case ta < tc:
				return -1
			case ta > tc:
				return 1
			}
			return 0
		})
	}
	l.Name = make([]int32, n)
	l.Time = make([]int64, n)
	l.Session = make([]int32, n)
	off := make([]int64, n+1)
	data := make([]byte, 0, len(b.propData))
	for i, src := range perm {
		l.Name[i], l.Time[i], l.Session[i] = b.name[src], b.time[src], b.sess[src]
		if len(b.propOff) > 0 {
			data = append(data, b.propData[b.propOff[src]:b.propOff[src+1]]...)
		}
		off[i+1] = int64(len(data))
	}
	l.props.off, l.props.data = off, data
	*b = Builder{}
	if err := l.finish(); err != nil {
		// The caller's dictionaries do not match its own Add calls.
		panic("snapshot: Build: " + err.Error())
	}
	return l
}
