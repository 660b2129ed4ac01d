package clickhouse

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/funnelscope/funnelscope/internal/ingest"
)

// stage is one file's staging table: its rows go there first, invisible
// to every query of Table, and publish copies the new ones over.
type stage struct {
	c     *Client
	table string
	rows  uint64 // rows written so far; the next row's number
	buf   bytes.Buffer
	n     int // rows in buf
	sent  chan []byte
	done  chan struct{} // closed when the uploader has ended
	// failed is the uploader's first error, for add to stop early.
	failed atomic.Pointer[error]
}

// stageBatchRows and stageBatchBytes bound one INSERT into the staging
// table: large enough that requests cost little, small enough that a
// batch in flight and one being filled stay well under 100 MB. They are
// all the importer holds, whatever the size of the file. Variables so
// that tests can make the batches small beside what they measure.
var (
	stageBatchRows  = 200_000
	stageBatchBytes = 32 << 20
)

// stageDDL is the staging table: Table's columns with the row's number in
// the file instead of seq. Log is append-only with no merges, which is all
// a table read once needs.
const stageDDL = `(
  user        String,
  time_us     Int64,
  row         UInt64,
  name        String,
  session     String,
  dedup       Int64,
  prop_keys   Array(String),
  prop_values Array(String)
) ENGINE = Log`

// newStage creates a staging table and starts its uploader. The caller
// must call drop, whatever happens.
func newStage(ctx context.Context, c *Client) (*stage, error) {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	s := &stage{c: c, table: "fs_stage_" + hex.EncodeToString(b), sent: make(chan []byte, 1), done: make(chan struct{})}
	if err := c.Exec(ctx, "CREATE TABLE "+s.table+" "+stageDDL); err != nil {
		return nil, fmt.Errorf("create staging table: %w", err)
	}
	go s.upload(ctx)
	return s, nil
}

// upload inserts the batches add fills, one request each, while the next
// is being read; after an error it drains the rest unsent.
func (s *stage) upload(ctx context.Context) {
	defer close(s.done)
	for b := range s.sent {
		if s.failed.Load() != nil {
			continue
		}
		if err := s.c.Insert(ctx, s.table, "TabSeparated", bytes.NewReader(b)); err != nil {
			s.failed.Store(&err)
		}
	}
}

// add appends ev, whose dedup key is dedup, to the staging table. Equal
// events in one file are all staged: publish keeps the first, so that no
// set of the file's keys grows in the importer.
func (s *stage) add(ev *ingest.Event, dedup int64) error {
	b := &s.buf
	b.WriteString(EscapeTSV(ev.User))
	b.WriteByte('\t')
	b.WriteString(strconv.FormatInt(ev.Time, 10))
	b.WriteByte('\t')
	b.WriteString(strconv.FormatUint(s.rows, 10))
	b.WriteByte('\t')
	b.WriteString(EscapeTSV(ev.Name))
	b.WriteByte('\t')
	b.WriteString(EscapeTSV(ev.Session))
	b.WriteByte('\t')
	b.WriteString(strconv.FormatInt(dedup, 10))
	b.WriteByte('\t')
	writeArray(b, ev.Props, func(p ingest.Prop) string { return p.Key })
	b.WriteByte('\t')
	writeArray(b, ev.Props, func(p ingest.Prop) string { return p.Value })
	b.WriteByte('\n')
	s.rows++
	s.n++
	if s.n >= stageBatchRows || b.Len() >= stageBatchBytes {
		return s.flush()
	}
	return nil
}

// writeArray writes an Array(String) field: in TabSeparated an array is
// its quoted literal, whose escapes (\t, \n) leave no raw tab or newline.
func writeArray(b *bytes.Buffer, props []ingest.Prop, part func(ingest.Prop) string) {
	b.WriteByte('[')
	for i, p := range props {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(Quote(part(p)))
	}
	b.WriteByte(']')
}

// flush hands the filled batch to the uploader, first checking that the
// previous one did not fail.
func (s *stage) flush() error {
	if s.n == 0 {
		return nil
	}
	if err := s.failed.Load(); err != nil {
		return fmt.Errorf("upload to the staging table: %w", *err)
	}
	s.sent <- bytes.Clone(s.buf.Bytes())
	s.buf.Reset()
	s.n = 0
	return nil
}

// finish sends the last batch and waits for every upload.
func (s *stage) finish() error {
	err := s.flush()
	close(s.sent)
	<-s.done
	if uerr := s.failed.Load(); uerr != nil {
		return fmt.Errorf("upload to the staging table: %w", *uerr)
	}
	return err
}

// abandon stops the uploader without waiting for it to insert anything.
func (s *stage) abandon() {
	s.buf.Reset()
	s.n = 0
	close(s.sent)
	<-s.done // the read's error is the one to report, not the upload's
}

// drop removes the staging table, even when ctx has ended.
func (s *stage) drop() {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_ = s.c.Exec(ctx, "DROP TABLE IF EXISTS "+s.table)
}
