package snapshot

import (
	"encoding/binary"
	"sort"
)

// postingsBlock is how many users a skip entry covers: small enough that
// seeking decodes little, large enough that the skip list stays a
// rounding error beside the postings.
const postingsBlock = 64

// Postings is where one event name occurs: per user that has it, in user
// order, those events' indexes (their properties are a lookup away) and
// times, delta-coded. A funnel reads the postings of its steps instead of
// every event of the log. The times are kept although the log has them:
// looking each up is a cache miss per user, most of a funnel's time.
type Postings struct {
	data []byte
	// skipUser[b] is the first user of block b, whose group starts at
	// data[skipOff[b]] with the user delta counted from 0.
	skipUser []int32
	skipOff  []uint32
	events   int
}

// Events is how many events the postings hold.
func (p *Postings) Events() int { return p.events }

// Bytes is the postings' size in memory.
func (p *Postings) Bytes() int { return cap(p.data) + 8*cap(p.skipUser) }

// Postings returns the postings of name id, built on first use.
func (l *Log) Postings(name int32) *Postings { return l.PostingsOf([]int32{name})[0] }

// PostingsOf returns the postings of each name, building those not built
// yet together, in one pass over the events. A log never changes, so
// they are never stale: a new import makes a new log.
func (l *Log) PostingsOf(names []int32) []*Postings {
	l.postMu.Lock()
	defer l.postMu.Unlock()
	if l.posts == nil {
		l.posts = map[int32]*Postings{}
	}
	var todo []*postingsBuilder
	slot := map[int32]int{}
	for _, n := range names {
		if _, ok := l.posts[n]; ok || slot[n] > 0 {
			continue
		}
		todo = append(todo, &postingsBuilder{p: &Postings{data: make([]byte, 0, l.nameCount[n]*6+16)}})
		slot[n] = len(todo)
	}
	if len(todo) > 0 {
		l.buildPostings(slot, todo)
		for n, s := range slot {
			p := todo[s-1].p
			p.data = clip(p.data)
			l.posts[n] = p
		}
	}
	out := make([]*Postings, len(names))
	for i, n := range names {
		out[i] = l.posts[n]
	}
	return out
}

// postingsBuilder is one name's postings being built.
type postingsBuilder struct {
	p        *Postings
	idx      []int32 // the current user's events
	events   []byte  // ... encoded
	prevUser int32
	groups   int
}

// buildPostings fills the builders of the names in slot (name -> index
// into todo + 1) in one pass over the events.
func (l *Log) buildPostings(slot map[int32]int, todo []*postingsBuilder) {
	of := make([]int16, len(l.Names)) // name id -> slot, 0 for none
	for n, s := range slot {
		of[n] = int16(s)
	}
	for u := 0; u+1 < len(l.Offsets); u++ {
		a, b := l.Offsets[u], l.Offsets[u+1]
		for i, n := range l.Name[a:b] {
			if s := of[n]; s > 0 {
				t := todo[s-1]
				t.idx = append(t.idx, a+int32(i))
			}
		}
		for _, t := range todo {
			if len(t.idx) > 0 {
				t.addUser(l, int32(u))
			}
		}
	}
}

// addUser encodes the user's group: the user as a delta from the previous
// one (from 0 at a block start), the count, the byte length of the events
// (so that skipping a user costs no decoding), then per event its index
// and time, each as a delta from the previous event's (from the user's
// first event and the log's first time for the first).
func (t *postingsBuilder) addUser(l *Log, u int32) {
	p := t.p
	if t.groups%postingsBlock == 0 {
		p.skipUser, p.skipOff = append(p.skipUser, u), append(p.skipOff, uint32(len(p.data)))
		t.prevUser = 0
	}
	t.groups++
	t.events = t.events[:0]
	prev, prevT := l.Offsets[u], l.first
	for _, i := range t.idx {
		t.events = binary.AppendUvarint(t.events, uint64(i-prev))
		t.events = binary.AppendUvarint(t.events, uint64(l.Time[i]-prevT))
		prev, prevT = i, l.Time[i]
	}
	p.data = binary.AppendUvarint(p.data, uint64(u-t.prevUser))
	p.data = binary.AppendUvarint(p.data, uint64(len(t.idx)))
	p.data = binary.AppendUvarint(p.data, uint64(len(t.events)))
	p.data = append(p.data, t.events...)
	t.prevUser = u
	p.events += len(t.idx)
	t.idx = t.idx[:0]
}

// Cursor reads postings user by user. Its zero value is at the end.
type Cursor struct {
	p       *Postings
	offsets []int32
	first   int64 // the log's first time
	pos     int   // next byte to read
	block   int   // block of the group at pos
	left    int   // groups left in that block, the current one included
	prev    int32 // previous group's user, for the delta
	user    int32 // current group's user, -1 at the end
	count   int   // current group's events
	size    int   // ... and their bytes
}

// Seek returns a cursor at the first user >= from that has the name.
func (l *Log) Seek(p *Postings, from int32) *Cursor {
	c := &Cursor{p: p, offsets: l.Offsets, first: l.first, user: -1}
	b := sort.Search(len(p.skipUser), func(b int) bool { return p.skipUser[b] > from }) - 1
	c.startBlock(max(b, 0))
	c.SkipTo(from)
	return c
}

// startBlock moves to the first group of block b.
func (c *Cursor) startBlock(b int) {
	c.user = -1
	if b >= len(c.p.skipOff) {
		return
	}
	c.block, c.pos, c.prev = b, int(c.p.skipOff[b]), 0
	c.left = postingsBlock
	c.header()
}

// header decodes the group at pos, or ends the cursor.
func (c *Cursor) header() {
	if c.pos >= len(c.p.data) {
		c.user = -1
		return
	}
	d, pos := uvarint(c.p.data, c.pos)
	k, pos := uvarint(c.p.data, pos)
	size, pos := uvarint(c.p.data, pos)
	c.pos = pos
	c.user = c.prev + int32(d)
	c.prev, c.count, c.size = c.user, int(k), int(size)
}

// User is the current group's user, -1 at the end.
func (c *Cursor) User() int32 { return c.user }

// Count is how many events the current group has.
func (c *Cursor) Count() int { return c.count }

// First is the current user's first event index, read without moving.
func (c *Cursor) First() int32 {
	d, _ := uvarint(c.p.data, c.pos)
	return c.offsets[c.user] + int32(d)
}

// Take appends the current user's event indexes and times to idx and
// times and moves to the next user.
func (c *Cursor) Take(idx []int32, times []int64) ([]int32, []int64) {
	prev, prevT := c.offsets[c.user], c.first
	data, pos := c.p.data, c.pos
	for range c.count {
		var d, dt uint64
		d, pos = uvarint(data, pos)
		dt, pos = uvarint(data, pos)
		prev, prevT = prev+int32(d), prevT+int64(dt)
		idx, times = append(idx, prev), append(times, prevT)
	}
	c.pos = pos
	c.next()
	return idx, times
}

// Scatter is Take for merging several names' events in index order
// without comparing them: each event goes to its offset j from the
// user's first event, its time to times[j], tag to tags[j], and bit j of
// present is set. The slices must cover the user's events.
func (c *Cursor) Scatter(times []int64, tags []uint8, tag uint8, present []uint64) {
	j, prevT := int32(0), c.first
	data, pos := c.p.data, c.pos
	for range c.count { // Take's loop, kept apart: a call per event costs
		d, next := uvarint(data, pos)
		dt, next := uvarint(data, next)
		j, prevT, pos = j+int32(d), prevT+int64(dt), next
		times[j], tags[j] = prevT, tag
		present[j>>6] |= 1 << (j & 63)
	}
	c.pos = pos
	c.next()
}

// Skip moves to the next user without decoding the current one's events.
func (c *Cursor) Skip() {
	c.pos += c.size
	c.next()
}

// uvarint is binary.Uvarint at data[pos], returning the next position,
// with the one-byte case first: most index deltas are. Postings are built
// here, never read from a file, so they are well formed.
func uvarint(data []byte, pos int) (uint64, int) {
	if b := data[pos]; b < 0x80 {
		return uint64(b), pos + 1
	}
	return uvarintLong(data, pos)
}

// uvarintLong is uvarint's loop for two bytes and more (times mostly),
// decoded in place: binary.Uvarint's slice and checks cost a fifth of
// a funnel's decoding.
func uvarintLong(data []byte, pos int) (uint64, int) {
	var v uint64
	for s := uint(0); ; s += 7 {
		b := data[pos]
		pos++
		if b < 0x80 {
			return v | uint64(b)<<s, pos
		}
		v |= uint64(b&0x7f) << s
	}
}

func (c *Cursor) next() {
	c.left--
	if c.left == 0 {
		c.startBlock(c.block + 1)
		return
	}
	c.header()
}

// SkipTo moves to the first user >= u, jumping whole blocks through the
// skip list; it returns how many events it skipped over.
func (c *Cursor) SkipTo(u int32) (skipped int) {
	for c.user >= 0 && c.user < u {
		if nb := c.block + 1; nb < len(c.p.skipUser) && c.p.skipUser[nb] <= u {
			c.startBlock(nb)
			continue
		}
		skipped += c.count
		c.Skip()
	}
	return skipped
}
