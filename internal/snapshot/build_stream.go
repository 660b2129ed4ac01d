package snapshot

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
)

// StreamEvent is one event handed to a ColumnWriter. User is the user's
// dictionary id; Props is the store's property blob.
type StreamEvent struct {
	User    int64
	Name    int32
	Time    int64
	Session int32
	Props   []byte
	Seq     int64 // the import order, for the order check
}

// ColumnWriter writes the cache columns that Encode would write for the
// events it is given in log order, (user id, time, seq), without holding
// them: the import's snapshot step in bounded memory (ARCHITECTURE.md,
// "Data flow"). A user's external id is asked of userID when its first
// event arrives. Each column goes to its own writer, buffered here.
type ColumnWriter struct {
	cols    [numStreamCols]*bufio.Writer // in StreamColumns' order
	userID  func(id int64) (string, error)
	names   int32 // the size of the names dictionary, for the id check
	n       uint32
	props   uint32 // the property bytes so far, modulo 2^32 (see PropBlobs)
	last    StreamEvent
	started bool
	prevT   int64
	prevS   int64
	scratch []byte
}

// StreamColumns are the columns a ColumnWriter writes, dictionaries
// included (WriteDict fills names, keys and values).
var StreamColumns = []string{"users", "names", "keys", "values", "offsets", "name", "time", "session",
	ColPropOffsets, ColPropData}

// The positions of StreamColumns, for the writers' array.
const (
	colUsers = iota
	colNames
	colKeys
	colValues
	colOffsets
	colName
	colTime
	colSession
	colPropOffsets
	colPropData
	numStreamCols
)

// DictColumn is the StreamColumns position of the dictionary column named
// col (names, keys or values), for WriteDict; -1 for any other name.
func DictColumn(col string) int {
	switch col {
	case "names":
		return colNames
	case "keys":
		return colKeys
	case "values":
		return colValues
	}
	return -1
}

// NewColumnWriter writes to the writers that open returns, one per column
// of StreamColumns. names is the number of entries in the names dictionary
// (entry 0 included).
func NewColumnWriter(open func(col string) io.Writer, names int, userID func(id int64) (string, error)) *ColumnWriter {
	c := &ColumnWriter{userID: userID, names: int32(names)}
	for i, col := range StreamColumns {
		c.cols[i] = bufio.NewWriterSize(open(col), 64<<10)
	}
	c.put32(colOffsets, 0)
	c.put32(colPropOffsets, 0)
	return c
}

// WriteDict writes one dictionary string to column col (DictColumn's
// answer); they come in id order, entry 0 ("") first.
func (c *ColumnWriter) WriteDict(col int, s string) {
	w := c.cols[col]
	c.scratch = binary.AppendUvarint(c.scratch[:0], uint64(len(s)))
	_, _ = w.Write(c.scratch) // bufio keeps the first error; Close reports it
	_, _ = w.WriteString(s)
}

// Add writes the next event. Events must come in (user, time, seq) order.
func (c *ColumnWriter) Add(ev *StreamEvent) error {
	if uint32(ev.Name) >= uint32(c.names) {
		return fmt.Errorf("event %d: name id %d of %d: the database is corrupt", ev.Seq, ev.Name, c.names)
	}
	if c.started && !inOrder(&c.last, ev) {
		return fmt.Errorf("event %d comes after event %d out of (user, time) order", ev.Seq, c.last.Seq)
	}
	if !c.started || ev.User != c.last.User {
		if err := c.startUser(ev.User); err != nil {
			return fmt.Errorf("event %d: %w", ev.Seq, err)
		}
	}
	c.started = true
	c.last.User, c.last.Time, c.last.Seq = ev.User, ev.Time, ev.Seq
	c.n++
	c.putUvarint(colName, uint64(uint32(ev.Name)))
	c.putVarint(colTime, ev.Time-c.prevT)
	c.putVarint(colSession, int64(ev.Session)-c.prevS)
	c.prevT, c.prevS = ev.Time, int64(ev.Session)
	_, _ = c.cols[colPropData].Write(ev.Props)
	c.props += uint32(len(ev.Props))
	c.put32(colPropOffsets, c.props)
	return nil
}

func inOrder(a, b *StreamEvent) bool {
	if a.User != b.User {
		return a.User < b.User
	}
	if a.Time != b.Time {
		return a.Time < b.Time
	}
	return a.Seq < b.Seq
}

// startUser ends the previous user's events and names the next user.
func (c *ColumnWriter) startUser(id int64) error {
	if c.started {
		c.put32(colOffsets, c.n)
	}
	ext, err := c.userID(id)
	if err != nil {
		return err
	}
	c.WriteDict(colUsers, ext)
	return nil
}

// Close ends the last user and flushes every column.
func (c *ColumnWriter) Close() error {
	if c.started {
		c.put32(colOffsets, c.n)
	}
	for i, col := range StreamColumns {
		if err := c.cols[i].Flush(); err != nil {
			return fmt.Errorf("write snapshot column %s: %w", col, err)
		}
	}
	return nil
}

func (c *ColumnWriter) put32(col int, v uint32) {
	c.scratch = binary.LittleEndian.AppendUint32(c.scratch[:0], v)
	_, _ = c.cols[col].Write(c.scratch)
}

func (c *ColumnWriter) putUvarint(col int, v uint64) {
	c.scratch = binary.AppendUvarint(c.scratch[:0], v)
	_, _ = c.cols[col].Write(c.scratch)
}

func (c *ColumnWriter) putVarint(col int, v int64) {
	c.scratch = binary.AppendVarint(c.scratch[:0], v)
	_, _ = c.cols[col].Write(c.scratch)
}
