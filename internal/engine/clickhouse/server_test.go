package chengine_test

import (
	"bytes"
	"context"
	"encoding/binary"
	"testing"

	"github.com/funnelscope/funnelscope/internal/clickhouse"
	"github.com/funnelscope/funnelscope/internal/clickhouse/chtest"
	"github.com/funnelscope/funnelscope/internal/ingest"
)

// server returns a client on a fresh database with an events table
// holding evs, seq their index (as one import in that order would).
func server(t testing.TB, evs []ingest.Event) *clickhouse.Client {
	t.Helper()
	c := chtest.Server(t)
	if err := clickhouse.Init(context.Background(), c, clickhouse.InitOptions{}); err != nil {
		t.Fatal(err)
	}
	insert(t, c, evs)
	return c
}

// insert stores evs in c's events table.
func insert(t testing.TB, c *clickhouse.Client, evs []ingest.Event) {
	t.Helper()
	ctx := context.Background()
	if err := c.Insert(ctx, clickhouse.Table, "RowBinary", bytes.NewReader(rowBinary(evs))); err != nil {
		t.Fatalf("insert %d events: %v", len(evs), err)
	}
}

// rowBinary encodes evs in the columns of clickhouse.ColumnNames. RowBinary
// carries any bytes of a string as they are, hostile ones included.
func rowBinary(evs []ingest.Event) []byte { return rowBinaryFrom(evs, 0) }

// rowBinaryFrom is rowBinary with seq counted from first.
func rowBinaryFrom(evs []ingest.Event, first int) []byte {
	var b []byte
	str := func(s string) {
		b = binary.AppendUvarint(b, uint64(len(s)))
		b = append(b, s...)
	}
	for i, e := range evs {
		i += first
		str(e.User)
		b = binary.LittleEndian.AppendUint64(b, uint64(e.Time))
		b = binary.LittleEndian.AppendUint64(b, uint64(i))
		str(e.Name)
		str(e.Session)
		b = binary.LittleEndian.AppendUint64(b, uint64(i)) // dedup: unique
		b = binary.AppendUvarint(b, uint64(len(e.Props)))
		for _, p := range e.Props {
			str(p.Key)
		}
		b = binary.AppendUvarint(b, uint64(len(e.Props)))
		for _, p := range e.Props {
			str(p.Value)
		}
	}
	return b
}
