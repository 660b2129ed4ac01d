package snapshot

import (
	"bytes"
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
