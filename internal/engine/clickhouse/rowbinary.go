package chengine

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
)

// rowReader decodes ClickHouse's RowBinary output: it is exact for any
// bytes a string holds (tabs, newlines, NUL, invalid UTF-8), which no
// text format is without an escaping layer of its own.
type rowReader struct {
	r   *bufio.Reader
	buf [8]byte
}

func newRowReader(r io.Reader) *rowReader { return &rowReader{r: bufio.NewReaderSize(r, 1<<16)} }

// more reports whether another row follows, and any read error.
func (rr *rowReader) more() (bool, error) {
	_, err := rr.r.Peek(1)
	if err == io.EOF {
		return false, nil
	}
	return err == nil, err
}

// uint64 reads a UInt64 or Int64 (little-endian, 8 bytes).
func (rr *rowReader) uint64() (uint64, error) {
	if _, err := io.ReadFull(rr.r, rr.buf[:]); err != nil {
		return 0, fmt.Errorf("read a 64-bit number: %w", err)
	}
	return binary.LittleEndian.Uint64(rr.buf[:]), nil
}

// uint64s reads len(v) 64-bit numbers into v.
func (rr *rowReader) uint64s(v []uint64) error {
	for i := range v {
		var err error
		if v[i], err = rr.uint64(); err != nil {
			return err
		}
	}
	return nil
}

// int64s reads an Array(Int64).
func (rr *rowReader) int64s() ([]int64, error) {
	n, err := rr.length()
	if err != nil {
		return nil, err
	}
	out := make([]int64, n)
	for i := range out {
		if out[i], err = rr.int64(); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (rr *rowReader) int64() (int64, error) {
	u, err := rr.uint64()
	return int64(u), err
}

// length reads the varint that prefixes a string or an array.
func (rr *rowReader) length() (int, error) {
	n, err := binary.ReadUvarint(rr.r)
	if err != nil {
		return 0, fmt.Errorf("read a length: %w", err)
	}
	if n > 1<<30 {
		return 0, fmt.Errorf("length %d is out of range", n)
	}
	return int(n), nil
}

// bytes reads a String into a buffer valid until the next call.
func (rr *rowReader) bytes(dst []byte) ([]byte, error) {
	n, err := rr.length()
	if err != nil {
		return nil, err
	}
	if cap(dst) < n {
		dst = make([]byte, n)
	}
	dst = dst[:n]
	if _, err := io.ReadFull(rr.r, dst); err != nil {
		return nil, fmt.Errorf("read a string of %d bytes: %w", n, err)
	}
	return dst, nil
}

func (rr *rowReader) string() (string, error) {
	b, err := rr.bytes(nil)
	return string(b), err
}

// byteArrays reads an Array(String) into dst's buffers, valid until the
// next call with the same dst.
func (rr *rowReader) byteArrays(dst [][]byte) ([][]byte, error) {
	n, err := rr.length()
	if err != nil {
		return nil, err
	}
	if cap(dst) < n {
		dst = append(dst[:cap(dst)], make([][]byte, n-cap(dst))...)
	}
	dst = dst[:n] // buffers beyond len(dst) but within cap are reused too
	for i := range dst {
		if dst[i], err = rr.bytes(dst[i]); err != nil {
			return nil, err
		}
	}
	return dst, nil
}
