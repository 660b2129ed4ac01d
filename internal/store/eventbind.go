package store

import (
	"fmt"

	sqlite3 "modernc.org/sqlite/lib"
)

// bindEvents binds rows to an insert of len(rows) events (eventInsert),
// value by value: through bindAll each int64 was boxed in an any, five
// allocations a row for the collector, and type-switched twice. The
// property blobs are copied into the connection's C buffer.
func (s *rawStmt) bindEvents(rows []Row, importID int64) error {
	if n := int(sqlite3.Xsqlite3_bind_parameter_count(s.c.tls, s.p)); n != len(rows)*eventCols {
		return fmt.Errorf("raw bind: %d events for %d parameters", len(rows), n)
	}
	need := 1 // so that &mem[off] exists for an empty last blob
	for _, r := range rows {
		need += len(r.Props)
	}
	mem, err := s.c.scratch(need)
	if err != nil {
		return err
	}
	off := 0
	for i, r := range rows {
		n, err := s.bindEvent(int32(i*eventCols+1), r, importID, mem[off:])
		if err != nil {
			return err
		}
		off += n
	}
	return nil
}

// bindEvent binds one row's columns from parameter idx on, in
// eventInsert's order; it returns the bytes of mem its blob used.
func (s *rawStmt) bindEvent(idx int32, r Row, importID int64, mem []byte) (int, error) {
	for i, v := range [...]int64{r.User, r.Name, r.Time} {
		if err := s.bindInt(idx+int32(i), v); err != nil {
			return 0, err
		}
	}
	var err error
	if r.Session != 0 {
		err = s.bindInt(idx+3, r.Session)
	} else {
		err = s.bindNull(idx + 3)
	}
	if err != nil {
		return 0, err
	}
	if err := s.bindInt(idx+4, importID); err != nil {
		return 0, err
	}
	if err := s.bindInt(idx+5, r.Dedup); err != nil {
		return 0, err
	}
	return s.bindBlob(idx+6, r.Props, mem)
}
