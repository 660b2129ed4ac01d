package snapshot

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
)

// PropBlobs are a snapshot cache's two property columns as streams: per
// event a little-endian uint32 offset into Data (one more than there are
// events), and the events' property blobs end to end. An offset is kept
// modulo 2^32: an event's blob, far under 4 GiB, is the difference of two
// offsets in uint32 arithmetic, so Data may pass 4 GiB (about 330 M
// events of the sample's density) with the same four bytes an event.
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
	off    []int64
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
		prev, at := uint32(0), int64(0) // the last offset read, and where it is in Data
		for i := -1; i < n; i++ {       // i = -1 reads the first offset, which must be 0
			o, err := offs.next(4)
			if err != nil {
				return err
			}
			next := binary.LittleEndian.Uint32(o)
			size := int64(next - prev) // modulo 2^32: see PropBlobs
			switch {
			case i < 0 && next != 0:
				return inconsistentProps(fmt.Errorf("the first offset is %d, not 0", next))
			case at+size > b.DataLen:
				return inconsistentProps(fmt.Errorf("event %d's properties end past the data's %d bytes", i, b.DataLen))
			case i == n-1 && at+size != b.DataLen:
				return inconsistentProps(fmt.Errorf("the offsets end at %d, not at the data's %d bytes", at+size, b.DataLen))
			}
			if i >= 0 {
				blob, err := data.next(int(size))
				if err != nil {
					return err
				}
				if err := fn(i, blob); err != nil {
					return err
				}
			}
			prev, at = next, at+size
		}
		return nil
	})
}

// all returns the blobs whole, for Encode, the offsets as stored: modulo
// 2^32 (see PropBlobs).
func (p *propStore) all(n int) (off []uint32, data []byte, err error) {
	if p.source == nil {
		off = make([]uint32, len(p.off))
		for i, o := range p.off {
			off[i] = uint32(o)
		}
		return off, p.data, nil
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
