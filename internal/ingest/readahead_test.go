package ingest

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

func TestReadAheadPassesEveryByteAndHashesThem(t *testing.T) {
	for _, size := range []int{0, 1, aheadChunk - 1, aheadChunk, 3*aheadChunk + 17, 9 * aheadChunk} {
		src := make([]byte, size)
		for i := range src {
			src[i] = byte(i * 7)
		}
		a := newAheadReader(iotest.HalfReader(bytes.NewReader(src)), sha256.New())
		got, err := io.ReadAll(iotest.OneByteReader(io.LimitReader(a, int64(size/2))))
		if err != nil {
			t.Fatal(err)
		}
		rest, err := io.ReadAll(a)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, rest...)
		if !bytes.Equal(got, src) {
			t.Fatalf("size %d: read %d bytes that differ from the source", size, len(got))
		}
		if sum := sha256.Sum256(src); !bytes.Equal(a.h.Sum(nil), sum[:]) || a.Size() != int64(size) {
			t.Errorf("size %d: hash or count (%d) wrong", size, a.Size())
		}
		a.Close()
	}
}

func TestReadAheadReportsTheSourceErrorAfterTheGoodBytes(t *testing.T) {
	boom := errors.New("disk gone")
	a := newAheadReader(io.MultiReader(bytes.NewReader([]byte("abc")), iotest.ErrReader(boom)), sha256.New())
	defer a.Close()
	got, err := io.ReadAll(a)
	if string(got) != "abc" || !errors.Is(err, boom) {
		t.Fatalf("read %q, err %v; want abc and the source's error", got, err)
	}
}

func TestReadAheadClosesEarlyWithoutWaitingForTheSource(t *testing.T) {
	a := newAheadReader(bytes.NewReader(make([]byte, 20*aheadChunk)), sha256.New())
	buf := make([]byte, 10)
	if _, err := a.Read(buf); err != nil {
		t.Fatal(err)
	}
	a.Close() // must return although the filler is blocked on a full queue
	a.Close() // and twice is harmless
}
