package snapshot

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

// PropBlobs are a snapshot cache's two property columns as streams: per
// event a little-endian uint32 offset into Data (one more than there are
// events), and the events' property blobs end to end.
type PropBlobs struct {
	Offsets, Data       io.Reader
	OffsetsLen, DataLen int64
}

// PropSource calls read with the property blobs, open for that call only.
type PropSource func(read func(PropBlobs) error) error

// bytesSource is a PropSource over blobs loaded whole by load.
func bytesSource(load func() (offsets, data []byte, err error)) PropSource {
	return func(read func(PropBlobs) error) error {
		off, data, err := load()
		if err != nil {
			return err
		}
		return read(PropBlobs{bytes.NewReader(off), bytes.NewReader(data), int64(len(off)), int64(len(data))})
	}
}

// propStore is where a log's property blobs are: in memory (a built log),
// or in a source read each time a column is decoded (a decoded log). The
// blobs are most of a log's size and read only to decode a key's Column:
// keeping them beside the columns would hold every value twice.
type propStore struct {
	source PropSource
	off    []uint32
	data   []byte
}

// each calls fn with every event's property blob, in event order; blob
// is valid during the call only. A source is checked as it is read: the
// cache is a file anyone who can write the database can craft.
func (p *propStore) each(n int, fn func(i int, blob []byte) error) error {
	if p.source == nil {
		for i := range n {
			if err := fn(i, p.data[p.off[i]:p.off[i+1]]); err != nil {
				return err
			}
		}
		return nil
	}
	return p.source(func(b PropBlobs) error {
		if b.OffsetsLen != 4*int64(n+1) {
			return inconsistentProps(fmt.Errorf("%d offsets for %d events", b.OffsetsLen/4, n))
		}
		offs, data := newChunks(b.Offsets, 64<<10), newChunks(b.Data, 1<<20)
		prev := uint32(0)
		for i := -1; i < n; i++ { // i = -1 reads the first offset, which must be 0
			o, err := offs.next(4)
			if err != nil {
				return err
			}
			next := binary.LittleEndian.Uint32(o)
			switch {
			case (i < 0 && next != 0) || int64(next) > b.DataLen || (i == n-1 && int64(next) != b.DataLen):
				return inconsistentProps(fmt.Errorf("offsets do not run from 0 to %d", b.DataLen))
			case next < prev:
				return inconsistentProps(fmt.Errorf("offset %d goes back from %d to %d", i+1, prev, next))
			}
			if i >= 0 {
				blob, err := data.next(int(next - prev))
				if err != nil {
					return err
				}
				if err := fn(i, blob); err != nil {
					return err
				}
			}
			prev = next
		}
		return nil
	})
}

// all returns the blobs whole, for Encode.
func (p *propStore) all(n int) (off []uint32, data []byte, err error) {
	if p.source == nil {
		return p.off, p.data, nil
	}
	off = make([]uint32, 1, n+1)
	err = p.each(n, func(_ int, blob []byte) error {
		data = append(data, blob...)
		off = append(off, uint32(len(data)))
		return nil
	})
	return off, data, err
}

func inconsistentProps(err error) error {
	return fmt.Errorf("snapshot property cache is inconsistent: %w", err)
}

// chunks reads a stream in large pieces and hands out slices of them, so
// that reading an event's few bytes costs no call into the stream.
type chunks struct {
	r      io.Reader
	buf    []byte
	lo, hi int
}

func newChunks(r io.Reader, size int) *chunks { return &chunks{r: r, buf: make([]byte, size)} }

// next returns the stream's next n bytes, valid until the following call.
func (c *chunks) next(n int) ([]byte, error) {
	if c.hi-c.lo < n {
		if n > len(c.buf) {
			c.buf = append(make([]byte, 0, n), c.buf[c.lo:c.hi]...)[:n]
		} else {
			copy(c.buf, c.buf[c.lo:c.hi])
		}
		c.lo, c.hi = 0, c.hi-c.lo
		k, err := io.ReadAtLeast(c.r, c.buf[c.hi:], n-c.hi)
		c.hi += k
		if err != nil {
			return nil, fmt.Errorf("read the property cache: %w", err)
		}
	}
	b := c.buf[c.lo : c.lo+n]
	c.lo += n
	return b, nil
}
