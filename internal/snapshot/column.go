package snapshot

// Column is one property key's value per event, as dictionary codes of 1
// or 2 bytes when the key has few enough distinct values (most have a
// handful), else the value ids themselves. A column is as long as the
// log: 4 bytes an event would make each key cost as much as the names.
type Column struct {
	ids []int32 // code -> value id; code 0 is "no value"
	c8  []uint8
	c16 []uint16
	c32 []int32 // value ids, past 65,536 distinct values
}

// At returns event i's value id, 0 when it lacks the key.
func (c *Column) At(i int) int32 {
	switch {
	case c.c8 != nil:
		return c.ids[c.c8[i]]
	case c.c16 != nil:
		return c.ids[c.c16[i]]
	}
	return c.c32[i]
}

// Codes is how many codes the column has (Code's answers are below it),
// 0 when it holds value ids, past 65,536 distinct values.
func (c *Column) Codes() int {
	if c.c32 != nil {
		return 0
	}
	return len(c.ids)
}

// Code returns event i's code, for a column with Codes() > 0: a small
// number that a caller counting per value can index a slice by.
func (c *Column) Code(i int) int {
	if c.c8 != nil {
		return int(c.c8[i])
	}
	return int(c.c16[i])
}

// Value returns the value id of code, 0 for "no value".
func (c *Column) Value(code int) int32 { return c.ids[code] }

// Len is the number of events.
func (c *Column) Len() int { return max(len(c.c8), len(c.c16), len(c.c32)) }

// Bytes is the column's size in memory.
func (c *Column) Bytes() int { return len(c.c8) + 2*len(c.c16) + 4*len(c.c32) + 4*len(c.ids) }

// Ints returns the value ids as a plain slice (a copy, 4 bytes an event).
func (c *Column) Ints() []int32 {
	out := make([]int32, c.Len())
	for i := range out {
		out[i] = c.At(i)
	}
	return out
}

// columnBuilder fills a Column event by event, widening its codes when a
// new value no longer fits.
type columnBuilder struct {
	c    Column
	code []int32 // value id -> code + 1, 0 when not seen yet
}

func newColumnBuilder(events, values int) *columnBuilder {
	b := &columnBuilder{code: make([]int32, values)}
	b.c.ids = []int32{0}
	b.code[0] = 1
	b.c.c8 = make([]uint8, 0, events)
	return b
}

// add appends value id v.
func (b *columnBuilder) add(v int32) {
	if b.c.c32 != nil {
		b.c.c32 = append(b.c.c32, v)
		return
	}
	k := b.code[v] - 1
	if k < 0 {
		k = int32(len(b.c.ids))
		b.c.ids = append(b.c.ids, v)
		b.code[v] = k + 1
		b.widen(len(b.c.ids))
		if b.c.c32 != nil {
			b.c.c32 = append(b.c.c32, v)
			return
		}
	}
	if b.c.c8 != nil {
		b.c.c8 = append(b.c.c8, uint8(k))
	} else {
		b.c.c16 = append(b.c.c16, uint16(k))
	}
}

// widen moves the codes to the next width when n codes no longer fit.
func (b *columnBuilder) widen(n int) {
	switch {
	case b.c.c8 != nil && n > 1<<8:
		b.c.c16 = make([]uint16, len(b.c.c8), cap(b.c.c8))
		for i, k := range b.c.c8 {
			b.c.c16[i] = uint16(k)
		}
		b.c.c8 = nil
	case b.c.c16 != nil && n > 1<<16:
		b.c.c32 = make([]int32, len(b.c.c16), cap(b.c.c16))
		for i, k := range b.c.c16 {
			b.c.c32[i] = b.c.ids[k]
		}
		b.c.c16, b.c.ids = nil, nil
	}
}

// column returns the built column, its spare capacity trimmed.
func (b *columnBuilder) column() *Column {
	c := b.c
	c.c8, c.c16, c.c32 = clip(c.c8), clip(c.c16), clip(c.c32)
	return &c
}

// clip drops s's spare capacity (copying), keeping nil as nil.
func clip[T any](s []T) []T {
	if s == nil || len(s) == cap(s) {
		return s
	}
	return append(make([]T, 0, len(s)), s...)
}
