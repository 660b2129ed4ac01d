package snapshot

import (
	"encoding/binary"
	"fmt"
	"math/bits"
	"runtime"
	"slices"
	"sort"
	"sync"
)

// postingsBlock is how many users a skip entry covers: small enough that
// seeking decodes little, large enough that the skip list stays a
// rounding error beside the postings.
const postingsBlock = 64

// MaxPostingsNames is how many names one postings list can hold: an
// event's slot is a byte, and a funnel's patterns (one name each) fit a
// word anyway.
const MaxPostingsNames = 64

// postingsKept is how many name sets a log keeps the postings of: the
// few funnels an explorer session moves between. Each list holds the
// events of its names only, so this bounds what postings add to a log.
const postingsKept = 4

// Postings is where a set of event names occurs: per user that has any of
// them, in user order, those events in index order (their properties are
// a lookup away), each with its time and its slot (its name's position in
// the set), delta-coded. A funnel reads the postings of its names instead
// of every event of the log, already merged: one list for all its steps,
// so a user's events come out in order without comparing lists. The times
// are kept although the log has them: looking each up is a cache miss per
// user, most of a funnel's time. data ends with pad zero bytes, so that a
// fixed-width field is read with one 8-byte load anywhere.
type Postings struct {
	names []int32
	data  []byte
	// skipUser[b] is the first user of block b, whose group starts at
	// data[skipOff[b]] with the user delta counted from 0.
	skipUser []int32
	skipOff  []uint32
	events   int
}

// Events is how many events the postings hold.
func (p *Postings) Events() int { return p.events }

// Names are the set's names, in slot order.
func (p *Postings) Names() []int32 { return p.names }

// PostingsOf returns the postings of names (at most MaxPostingsNames,
// each once; their order gives the slots), built on first use. The last
// postingsKept sets are kept. A log never changes, so postings are never
// stale: a new import makes a new log.
func (l *Log) PostingsOf(names []int32) *Postings {
	if len(names) > MaxPostingsNames {
		panic(fmt.Sprintf("postings of %d names: at most %d", len(names), MaxPostingsNames))
	}
	l.postMu.Lock()
	defer l.postMu.Unlock()
	for i, p := range l.posts {
		if slices.Equal(p.names, names) {
			copy(l.posts[1:i+1], l.posts[:i]) // most recent first
			l.posts[0] = p
			return p
		}
	}
	p := l.buildPostings(names)
	l.posts = append([]*Postings{p}, l.posts[:min(len(l.posts), postingsKept-1)]...)
	return p
}

// postingsBuilder is postings being built, a user at a time.
type postingsBuilder struct {
	p        *Postings
	idx      []int32 // the current user's events
	slot     []uint8 // ... and their slots
	prevUser int32
	groups   int
}

// buildPostings builds the postings of names in one pass over the
// events, split in contiguous user ranges built on all cores and joined:
// the pass reads every event's name, 48 ms at 10 M events on one core.
func (l *Log) buildPostings(names []int32) *Postings {
	of := make([]uint8, len(l.Names)) // name id -> slot + 1, 0 for none
	total := 0
	for s, n := range names {
		of[n] = uint8(s + 1)
		total += l.nameCount[n]
	}
	users := len(l.Offsets) - 1
	parts := make([]*Postings, max(1, min(runtime.GOMAXPROCS(0), l.NumEvents()/postingsPartEvents)))
	var wg sync.WaitGroup
	for k := range parts {
		wg.Go(func() {
			lo, hi := k*users/len(parts), (k+1)*users/len(parts)
			parts[k] = l.buildPart(of, lo, hi, total/len(parts))
		})
	}
	wg.Wait()
	p := joinParts(parts)
	p.names = slices.Clone(names)
	return p
}

// postingsPartEvents is the fewest events a parallel build gives a core
// (a variable for the tests, which split small logs).
var postingsPartEvents = 1 << 20

// buildPart builds the postings of the users [lo, hi) of the names of
// (name id -> slot + 1), about want events.
func (l *Log) buildPart(of []uint8, lo, hi, want int) *Postings {
	b := &postingsBuilder{p: &Postings{data: make([]byte, 0, want*6+16)}}
	for u := lo; u < hi; u++ {
		a, e := l.Offsets[u], l.Offsets[u+1]
		for i, n := range l.Name[a:e] {
			if s := of[n]; s > 0 {
				b.idx, b.slot = append(b.idx, a+int32(i)), append(b.slot, s-1)
			}
		}
		if len(b.idx) > 0 {
			b.addUser(l, int32(u))
		}
	}
	return b.p
}

// joinParts puts parts built on user ranges end to end: each starts a
// block, so only their skip offsets move.
func joinParts(parts []*Postings) *Postings {
	size := pad
	for _, q := range parts {
		size += len(q.data)
	}
	p := &Postings{data: make([]byte, 0, size)}
	for _, q := range parts {
		for b, off := range q.skipOff {
			p.skipUser, p.skipOff = append(p.skipUser, q.skipUser[b]), append(p.skipOff, off+uint32(len(p.data)))
		}
		p.data = append(p.data, q.data...)
		p.events += q.events
	}
	p.data = append(p.data, make([]byte, pad)...)
	p.skipUser, p.skipOff = clip(p.skipUser), clip(p.skipOff)
	return p
}

// addUser encodes the user's group: the user as a delta from the previous
// one (from 0 at a block start), the count and the set of slots present
// (a bit each), as varints; then the widths (groupWidths) and per event
// its index and time, each as a delta from the previous event's (from the
// user's first event and the log's first time for the first), in fixed
// widths, and its slot byte unless the group has one slot: a group's
// fields decode without a branch per byte, and skipping a group is a jump
// its widths give.
func (b *postingsBuilder) addUser(l *Log, u int32) {
	p := b.p
	if b.groups%postingsBlock == 0 {
		p.skipUser, p.skipOff = append(p.skipUser, u), append(p.skipOff, uint32(len(p.data)))
		b.prevUser = 0
	}
	b.groups++
	var maxD, maxT, slots uint64
	prev, prevT := l.Offsets[u], l.Time[b.idx[0]]
	for n, i := range b.idx {
		maxD, maxT = max(maxD, uint64(i-prev)), max(maxT, uint64(l.Time[i]-prevT))
		prev, prevT = i, l.Time[i]
		slots |= 1 << b.slot[n]
	}
	w := groupWidths{idx: width(maxD), time0: width(uint64(l.Time[b.idx[0]] - l.first)), time: width(maxT)}
	if bits.OnesCount64(slots) > 1 {
		w.slot = 1
	}
	p.data = binary.AppendUvarint(p.data, uint64(u-b.prevUser))
	p.data = binary.AppendUvarint(p.data, uint64(len(b.idx)))
	p.data = binary.AppendUvarint(p.data, slots)
	p.data = append(p.data, byte(w.idx|w.time<<4), byte(w.time0|w.slot<<4))
	prev, prevT = l.Offsets[u], l.first
	for n, i := range b.idx {
		tw := w.time
		if n == 0 {
			tw = w.time0
		}
		p.data = appendFixed(p.data, uint64(i-prev), w.idx)
		p.data = appendFixed(p.data, uint64(l.Time[i]-prevT), tw)
		if w.slot > 0 {
			p.data = append(p.data, b.slot[n])
		}
		prev, prevT = i, l.Time[i]
	}
	b.prevUser = u
	p.events += len(b.idx)
	b.idx, b.slot = b.idx[:0], b.slot[:0]
}

// Cursor reads postings user by user. Its zero value is at the end.
type Cursor struct {
	p       *Postings
	data    []byte // p.data, one load nearer
	offsets []int32
	first   int64 // the log's first time
	pos     int   // next byte to read: the current group's widths
	block   int   // block of the group at pos
	end     int   // where that block's groups end
	prev    int32 // previous group's user, for the delta
	user    int32 // current group's user, -1 at the end
	count   int   // current group's events
	slots   uint64
	size    int // the group's bytes from pos on, widths included
	w       groupWidths
}

// Seek returns a cursor at the first user >= from that has a name of p.
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
	c.end = len(c.data) - pad
	if b+1 < len(c.p.skipOff) {
		c.end = int(c.p.skipOff[b+1])
	}
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
	s, pos := uvarint(data, pos)
	c.pos = pos
	c.user = c.prev + int32(d)
	w := widthsAt(data, pos)
	c.prev, c.count, c.slots, c.w = c.user, int(k), s, w
	c.size = 2 + w.time0 - w.time + int(k)*(w.idx+w.time+w.slot)
}

// User is the current group's user, -1 at the end.
func (c *Cursor) User() int32 { return c.user }

// Count is how many events the current group has.
func (c *Cursor) Count() int { return c.count }

// Slots is the set of slots the current group's events have, bit s for
// slot s: which of the names the user has.
func (c *Cursor) Slots() uint64 { return c.slots }

// First is the current user's first event index, read without moving.
func (c *Cursor) First() int32 {
	return c.offsets[c.user] + int32(fixed(c.data, c.pos+2, mask(c.w.idx)))
}

// Tags says what Take tags each event with: Words[its slot]. A caller
// tags events with what it needs of their names (a funnel, the patterns
// they match) and reads that back with no lookup.
type Tags struct {
	Words [MaxPostingsNames]uint64
	// Thin, when set, keeps of each run of three or more events tagged
	// Thinned, in a group of several slots, only the first and the latest
	// (a funnel's events of step 1 alone: see analysis).
	Thin    bool
	Thinned uint64
}

// Take appends the current user's event indexes, times and tags (see
// Tags) and moves to the next user. The slices are grown once and written
// by index: an append per field per event cost a third of the decoding.
func (c *Cursor) Take(idx []int32, times []int64, tags []uint64, t *Tags) ([]int32, []int64, []uint64) {
	start := len(idx)
	idx, times, tags = grown(idx, c.count), grown(times, c.count), grown(tags, c.count)
	prev, prevT := c.offsets[c.user], c.first
	data, pos, w := c.data, c.pos+2, c.w
	im, tm, tw := mask(w.idx), mask(w.time0), w.time0
	tmRest := mask(w.time) // the first time only is wide
	n := start
	if w.slot == 0 {
		word := t.Words[bits.TrailingZeros64(c.slots)&(MaxPostingsNames-1)]
		for range c.count {
			d, dt := fixed(data, pos, im), fixed(data, pos+w.idx, tm)
			prev, prevT = prev+int32(d), prevT+int64(dt)
			idx[n], times[n], tags[n] = prev, prevT, word
			n++
			pos += w.idx + tw
			tm, tw = tmRest, w.time
		}
	} else {
		// run counts the events of the thinned tag in a row; the third
		// and later overwrite the latest kept. Without a branch: whether
		// one does is data, and mispredicting it cost a fifth of Take.
		thinned, run := t.Thinned, 0
		thin := 0
		if t.Thin {
			thin = 1
		}
		for range c.count {
			d, dt := fixed(data, pos, im), fixed(data, pos+w.idx, tm)
			prev, prevT = prev+int32(d), prevT+int64(dt)
			word := t.Words[data[pos+w.idx+tw]&(MaxPostingsNames-1)]
			pos += w.idx + tw + 1
			tm, tw = tmRest, w.time
			run = (run + 1) * (thin & b2i(word == thinned))
			n -= b2i(run >= 3)
			idx[n], times[n], tags[n] = prev, prevT, word
			n++
		}
	}
	c.pos += c.size
	c.next()
	return idx[:n], times[:n], tags[:n]
}

// b2i is 1 for true, 0 for false, compiled to a flag move, not a branch.
func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// grown is s lengthened by n elements, reallocated at most once.
func grown[T any](s []T, n int) []T { return slices.Grow(s, n)[:len(s)+n] }

// Skip moves to the next user without decoding the current one's events.
func (c *Cursor) Skip() {
	c.pos += c.size
	c.next()
}

// pad is how many zero bytes end a postings' data: fixed reads 8 bytes.
const pad = 8

// groupWidths are the byte widths of a group's fields, stored in two
// bytes after its header: idx | time<<4, then time0 | slot<<4.
type groupWidths struct {
	idx   int // an index delta
	time  int // a time delta after the first event
	time0 int // the first event's time, from the log's first
	slot  int // an event's slot: 1, or 0 when the group has one slot
}

// widthsAt reads the widths of the group whose fields start at pos.
func widthsAt(data []byte, pos int) groupWidths {
	return groupWidths{idx: int(data[pos] & 15), time: int(data[pos] >> 4), time0: int(data[pos+1] & 15), slot: int(data[pos+1] >> 4)}
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

// next moves to the next group. A block ends where the next begins, not
// after postingsBlock groups: the parts of a parallel build end in
// shorter blocks.
func (c *Cursor) next() {
	if c.pos >= c.end {
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
