package snapshot

import (
	"encoding/binary"
	"math/bits"
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
// data ends with pad zero bytes, so that a fixed-width field is read with
// one 8-byte load anywhere.
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
		todo = append(todo, &postingsBuilder{p: &Postings{data: make([]byte, 0, l.nameCount[n]*6+16+pad)}})
		slot[n] = len(todo)
	}
	if len(todo) > 0 {
		l.buildPostings(slot, todo)
		for n, s := range slot {
			p := todo[s-1].p
			p.data = clip(append(p.data, make([]byte, pad)...))
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
// one (from 0 at a block start) and the count, as varints; then the
// widths (groupWidths) and per event its index and time, each as a delta
// from the previous event's (from the user's first event and the log's
// first time for the first), in fixed widths: a group's fields decode
// without a branch per byte, and skipping a group is a jump its widths
// give.
func (t *postingsBuilder) addUser(l *Log, u int32) {
	p := t.p
	if t.groups%postingsBlock == 0 {
		p.skipUser, p.skipOff = append(p.skipUser, u), append(p.skipOff, uint32(len(p.data)))
		t.prevUser = 0
	}
	t.groups++
	var maxD, maxT uint64
	prev, prevT := l.Offsets[u], l.Time[t.idx[0]]
	for _, i := range t.idx {
		maxD, maxT = max(maxD, uint64(i-prev)), max(maxT, uint64(l.Time[i]-prevT))
		prev, prevT = i, l.Time[i]
	}
	w := groupWidths{idx: width(maxD), time0: width(uint64(l.Time[t.idx[0]] - l.first)), time: width(maxT)}
	p.data = binary.AppendUvarint(p.data, uint64(u-t.prevUser))
	p.data = binary.AppendUvarint(p.data, uint64(len(t.idx)))
	p.data = append(p.data, byte(w.idx|w.time<<4), byte(w.time0))
	prev, prevT = l.Offsets[u], l.first
	for n, i := range t.idx {
		tw := w.time
		if n == 0 {
			tw = w.time0
		}
		p.data = appendFixed(p.data, uint64(i-prev), w.idx)
		p.data = appendFixed(p.data, uint64(l.Time[i]-prevT), tw)
		prev, prevT = i, l.Time[i]
	}
	t.prevUser = u
	p.events += len(t.idx)
	t.idx = t.idx[:0]
}

// Cursor reads postings user by user. Its zero value is at the end.
type Cursor struct {
	p       *Postings
	data    []byte // p.data, one load nearer
	offsets []int32
	first   int64 // the log's first time
	pos     int   // next byte to read
	block   int   // block of the group at pos
	left    int   // groups left in that block, the current one included
	prev    int32 // previous group's user, for the delta
	user    int32 // current group's user, -1 at the end
	count   int   // current group's events
	size    int   // ... and their bytes, widths included
	w       groupWidths
}

// Seek returns a cursor at the first user >= from that has the name.
func (l *Log) Seek(p *Postings, from int32) *Cursor {
	c := &Cursor{p: p, data: p.data, offsets: l.Offsets, first: l.first, user: -1}
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
	data := c.data
	if c.pos >= len(data)-pad {
		c.user = -1
		return
	}
	d, pos := uvarint(data, c.pos)
	k, pos := uvarint(data, pos)
	c.pos = pos
	c.user = c.prev + int32(d)
	w := widthsAt(data, pos)
	c.prev, c.count, c.size, c.w = c.user, int(k), 2+w.time0-w.time+int(k)*(w.idx+w.time), w
}

// User is the current group's user, -1 at the end.
func (c *Cursor) User() int32 { return c.user }

// Count is how many events the current group has.
func (c *Cursor) Count() int { return c.count }

// First is the current user's first event index, read without moving.
func (c *Cursor) First() int32 {
	return c.offsets[c.user] + int32(fixed(c.data, c.pos+2, mask(c.w.idx)))
}

// Take appends the current user's event indexes and times to idx and
// times and moves to the next user.
func (c *Cursor) Take(idx []int32, times []int64) ([]int32, []int64) {
	prev, prevT := c.offsets[c.user], c.first
	data, pos, w := c.data, c.pos, c.w
	im, tm, step := mask(w.idx), mask(w.time0), w.idx+w.time0
	tmRest, stepRest := mask(w.time), w.idx+w.time // the first time only is wide
	pos += 2
	for range c.count {
		d, dt := fixed(data, pos, im), fixed(data, pos+w.idx, tm)
		prev, prevT = prev+int32(d), prevT+int64(dt)
		idx, times = append(idx, prev), append(times, prevT)
		pos += step
		tm, step = tmRest, stepRest
	}
	c.pos += c.size
	c.next()
	return idx, times
}

// Scatter is Take for merging several names' events in index order
// without comparing them: each event goes to its offset j from the
// user's first event, its time to times[j], tag to tags[j], and bit j of
// present is set. The slices must cover the user's events. A tag is a
// word, so that a caller can tag events with what it needs of them and
// read that back with no lookup.
func (c *Cursor) Scatter(times []int64, tags []uint64, tag uint64, present []uint64) {
	j, prevT := int32(0), c.first
	data, pos, w := c.data, c.pos, c.w
	im, tm, step := mask(w.idx), mask(w.time0), w.idx+w.time0
	tmRest, stepRest := mask(w.time), w.idx+w.time // the first time only is wide
	pos += 2
	for range c.count { // Take's loop, kept apart: a call per event costs
		d, dt := fixed(data, pos, im), fixed(data, pos+w.idx, tm)
		j, prevT = j+int32(d), prevT+int64(dt)
		times[j], tags[j] = prevT, tag
		present[j>>6] |= 1 << (j & 63)
		pos += step
		tm, step = tmRest, stepRest
	}
	c.pos += c.size
	c.next()
}

// Skip moves to the next user without decoding the current one's events.
func (c *Cursor) Skip() {
	c.pos += c.size
	c.next()
}

// pad is how many zero bytes end a postings' data: fixed reads 8 bytes.
const pad = 8

// groupWidths are the byte widths of a group's fields, stored in two
// bytes after its header: idx | time<<4, then time0.
type groupWidths struct {
	idx   int // an index delta
	time  int // a time delta after the first event
	time0 int // the first event's time, from the log's first
}

// widthsAt reads the widths of the group whose fields start at pos.
func widthsAt(data []byte, pos int) groupWidths {
	return groupWidths{idx: int(data[pos] & 15), time: int(data[pos] >> 4), time0: int(data[pos+1])}
}

// width is how many bytes hold v, 0 for 0.
func width(v uint64) int { return (bits.Len64(v) + 7) / 8 }

// mask keeps the low w bytes; a shift by 64 is 0 in Go, so 8 keeps all.
func mask(w int) uint64 { return 1<<(8*uint(w)) - 1 }

// appendFixed appends the low w bytes of v, little-endian.
func appendFixed(data []byte, v uint64, w int) []byte {
	return binary.LittleEndian.AppendUint64(data, v)[:len(data)+w]
}

// fixed reads the field at data[pos] that mask m keeps: one load, whatever
// its width, since the data ends with pad bytes.
func fixed(data []byte, pos int, m uint64) uint64 {
	return binary.LittleEndian.Uint64(data[pos:]) & m
}

// uvarint is binary.Uvarint at data[pos], returning the next position,
// with the one-byte case first: most user deltas and counts are. Postings are built
// here, never read from a file, so they are well formed.
func uvarint(data []byte, pos int) (uint64, int) {
	if b := data[pos]; b < 0x80 {
		return uint64(b), pos + 1
	}
	return uvarintLong(data, pos)
}

// uvarintLong is uvarint's loop for two bytes and more, decoded in place: binary.Uvarint's slice and checks cost a fifth of
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
