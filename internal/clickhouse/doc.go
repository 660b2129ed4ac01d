// Package clickhouse talks to a ClickHouse server over its HTTP interface
// with net/http alone, and owns everything about ClickHouse that is not an
// analysis: the engine URL (DSN), the schema, streamed inserts, imports
// and pushes with their dedup. The analyses' SQL lives in
// internal/engine/clickhouse, on top of Client.
//
// Plain HTTP with FORMAT JSONEachRow or TabSeparated is the one interface
// that works alike on Debian's 18.16 and on current releases (ARCHITECTURE.md,
// "ClickHouse"); nothing here uses query parameters ({name:Type}), which
// 18.16 lacks, so callers quote values with Quote.
package clickhouse
