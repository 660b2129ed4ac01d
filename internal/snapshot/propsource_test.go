package snapshot

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"io"
	"math/rand/v2"
	"testing"
	"testing/iotest"
)

func TestChunksHandOutTheStreamInOrderWhateverThePieceSizes(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 5))
	src := make([]byte, 50_000)
	for i := range src {
		src[i] = byte(r.IntN(256))
	}
	// A buffer of 64 bytes, pieces up to 200: pieces cross its end and
	// outgrow it; the stream gives one byte per read.
	c := newChunks(iotest.OneByteReader(bytes.NewReader(src)), 64)
	for at := 0; at < len(src); {
		n := min(r.IntN(200), len(src)-at)
		got, err := c.next(n)
		if err != nil || !bytes.Equal(got, src[at:at+n]) {
			t.Fatalf("piece of %d at %d: %v, %v", n, at, len(got), err)
		}
		at += n
	}
	if _, err := c.next(1); err == nil {
		t.Fatal("a piece past the end of the stream was handed out")
	}
}

func TestAStreamedLogDecodesTheColumnsOfTheBlobsItWasBuiltFrom(t *testing.T) {
	l := threeUsers()
	enc := encoded(t, l)
	d, err := DecodeStream(enc, func(read func(PropBlobs) error) error {
		off, data := enc[ColPropOffsets], enc[ColPropData]
		return read(PropBlobs{iotest.OneByteReader(bytes.NewReader(off)), iotest.HalfReader(bytes.NewReader(data)),
			int64(len(off)), int64(len(data))})
	})
	if err != nil {
		t.Fatal(err)
	}
	if !sameLog(t, l, d) {
		t.Fatal("the streamed log differs from the built one")
	}
}

// bigBlobs is a PropBlobs source of n events of size bytes each, made up
// as read, the first byte of event i being byte(i): more data than a
// uint32 offset can address, without holding it.
func bigBlobs(n, size int) PropSource {
	return func(read func(PropBlobs) error) error {
		var off []byte
		for i := 0; i <= n; i++ {
			off = binary.LittleEndian.AppendUint32(off, uint32(int64(i)*int64(size)))
		}
		total := int64(n) * int64(size)
		data := &madeUp{size: int64(size), end: total}
		return read(PropBlobs{bytes.NewReader(off), data, int64(len(off)), total})
	}
}

// madeUp reads as bigBlobs' data: zeros, but byte(i) at event i's start.
type madeUp struct{ pos, size, end int64 }

func (m *madeUp) Read(p []byte) (int, error) {
	if m.pos >= m.end {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), m.end-m.pos)]
	clear(p)
	for at := (m.pos + m.size - 1) / m.size * m.size; at < m.pos+int64(len(p)); at += m.size {
		p[at-m.pos] = byte(at / m.size)
	}
	m.pos += int64(len(p))
	return len(p), nil
}

func TestPropertyDataPastFourGiBIsReadEventByEvent(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 4.3 GB of made-up property data")
	}
	const n, size = 4200, 1 << 20 // 4.1 GiB: offsets wrap past 4 GiB
	p := propStore{source: bigBlobs(n, size)}
	seen := 0
	err := p.each(n, func(i int, blob []byte) error {
		if len(blob) != size || blob[0] != byte(i) {
			return fmt.Errorf("event %d: %d bytes starting %d, want %d starting %d", i, len(blob), blob[0], size, byte(i))
		}
		seen++
		return nil
	})
	if err != nil || seen != n {
		t.Fatalf("read %d of %d events: %v", seen, n, err)
	}
}
