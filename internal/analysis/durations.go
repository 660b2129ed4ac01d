package analysis

import "sync"

// durations is a counter's list of times to convert (µs), in chunks of
// up to chunkLen values: growing it copies nothing, merging two moves
// chunk headers only, and full chunks come from and go back to a pool,
// so that a warm funnel over 256 k entrants allocates almost nothing
// and leaves the collector nothing to do.
type durations struct {
	chunks [][]int64 // full chunks, and those merged in
	last   []int64   // the chunk add fills, up to its length
	fill   int       // ... the values in it
}

// chunkLen is the length of a full chunk: 32 KiB.
const chunkLen = 4096

var chunkPool = sync.Pool{New: func() any {
	c := make([]int64, chunkLen)
	return &c
}}

// add appends v. It is small enough to inline: a funnel calls it for
// every step each entrant reaches.
func (d *durations) add(v int64) {
	if d.fill == len(d.last) {
		d.more()
	}
	d.last[d.fill] = v
	d.fill++
}

// more makes room in last: a first chunk doubles from 64 values, so that
// the many small counters of a breakdown by a key of many values stay
// small; a full chunk is filed and a pooled one started. Every chunk of
// full size comes from the pool: one allocated here would go back to it
// too, and the pool would grow by a few a funnel until a collection.
func (d *durations) more() {
	switch n := len(d.last); {
	case n == chunkLen:
		d.chunks = append(d.chunks, d.last)
		d.last, d.fill = *chunkPool.Get().(*[]int64), 0
	case n == 0:
		d.last = make([]int64, 64)
	case 2*n == chunkLen:
		c := *chunkPool.Get().(*[]int64)
		copy(c, d.last)
		d.last = c
	default:
		d.last = append(make([]int64, 0, 2*n), d.last...)[:2*n]
	}
}

// merge moves o's values into d; o must not be used afterwards.
func (d *durations) merge(o *durations) {
	d.chunks = append(d.chunks, o.chunks...)
	if o.fill > 0 {
		d.chunks = append(d.chunks, o.last[:o.fill])
	}
}

// parts returns the chunks holding d's values.
func (d *durations) parts() [][]int64 {
	return append(d.chunks[:len(d.chunks):len(d.chunks)], d.last[:d.fill])
}

// count is how many values d holds.
func (d *durations) count() int {
	n := d.fill
	for _, c := range d.chunks {
		n += len(c)
	}
	return n
}

// release gives the full-size chunks back to the pool and empties d.
// Only the last holder of the chunks may release them: a breakdown's
// total shares its segments' chunks.
func (d *durations) release() {
	for _, c := range d.parts() {
		if cap(c) == chunkLen {
			c = c[:chunkLen]
			chunkPool.Put(&c)
		}
	}
	d.chunks, d.last, d.fill = nil, nil, 0
}
