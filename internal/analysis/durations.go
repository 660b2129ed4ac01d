package analysis

import "sync"

// durations is a counter's list of times to convert (µs), in chunks of
// up to chunkLen values: growing it copies nothing, merging two moves
// chunk headers only, and full chunks come from and go back to a pool,
// so that a warm funnel over 256 k entrants allocates almost nothing
// and leaves the collector nothing to do.
type durations struct {
	chunks [][]int64
	n      int
}

// chunkLen is the length of a full chunk: 32 KiB.
const chunkLen = 4096

var chunkPool = sync.Pool{New: func() any {
	c := make([]int64, 0, chunkLen)
	return &c
}}

// add appends v. A first chunk grows by append, so that the many small
// counters of a breakdown by a key of many values stay small.
func (d *durations) add(v int64) {
	k := len(d.chunks) - 1
	if k < 0 || len(d.chunks[k]) >= chunkLen {
		d.grow()
		k++
	}
	d.chunks[k] = append(d.chunks[k], v)
	d.n++
}

// grow starts a chunk: empty for the first, else a full-size one.
func (d *durations) grow() {
	if len(d.chunks) == 0 {
		d.chunks = append(d.chunks, nil)
		return
	}
	d.chunks = append(d.chunks, (*chunkPool.Get().(*[]int64))[:0])
}

// merge moves o's values into d; o must not be used afterwards.
func (d *durations) merge(o *durations) {
	d.chunks = append(d.chunks, o.chunks...)
	d.n += o.n
}

// release gives the full-size chunks back to the pool and empties d.
// Only the last holder of the chunks may release them: a breakdown's
// total shares its segments' chunks.
func (d *durations) release() {
	for _, c := range d.chunks {
		if cap(c) == chunkLen {
			c = c[:0]
			chunkPool.Put(&c)
		}
	}
	d.chunks, d.n = nil, 0
}
