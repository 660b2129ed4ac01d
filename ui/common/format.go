package common

import (
	"strings"

	"github.com/dustin/go-humanize"
	"github.com/funnelscope/funnelscope/internal/report"
)

// Count formats a count with thousands separators.
func Count(n int) string { return humanize.Comma(int64(n)) }

// TextTable renders an aligned text table of the given columns; right
// marks numeric columns.
func TextTable(headers []string, rows [][]string, right []bool) string {
	var b strings.Builder
	// A strings.Builder does not fail, and "table" is a format Write knows.
	_ = report.Table{Headers: headers, Rows: rows, RightAlign: right}.Write(&b, "table")
	return strings.TrimRight(b.String(), "\n")
}
