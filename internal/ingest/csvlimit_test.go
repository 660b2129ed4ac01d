package ingest

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
)

// csvRow is what encoding/csv made of one record: its fields and start
// line, or its error ("too long" for the limiter's).
type csvRow struct {
	Line   int
	Fields []string
	Err    string
}

// readCSV reads data through encoding/csv behind a limiter of limit bytes
// that reads buf bytes at a time, as csvReader does.
func readCSV(data string, limit int64, buf int) []csvRow {
	lim := newCSVLimiter(bufio.NewReaderSize(strings.NewReader(data), buf), ',', limit)
	r := csv.NewReader(lim)
	r.FieldsPerRecord = -1
	var rows []csvRow
	for {
		rec, err := r.Read()
		var pe *csv.ParseError
		switch {
		case err == io.EOF:
			return rows
		case err != nil && lim.skipping:
			rows = append(rows, csvRow{Line: int(lim.tripLine), Err: "too long"})
		case errors.As(err, &pe):
			rows = append(rows, csvRow{Line: pe.StartLine + int(lim.extra), Err: pe.Err.Error()})
		case err != nil:
			return append(rows, csvRow{Err: err.Error()})
		default:
			line, _ := r.FieldPos(0)
			rows = append(rows, csvRow{Line: line + int(lim.extra), Fields: append([]string(nil), rec...)})
		}
	}
}

func TestCSVLimiterRejectsTheRecordOverTheLimitAndReadsOnAtTheNextOne(t *testing.T) {
	long := strings.Repeat("x", 100)
	tests := []struct {
		name, data string
		want       []csvRow
	}{
		{"a long unquoted field", "a,b\n" + long + ",c\nd,e\n", []csvRow{
			{Line: 1, Fields: []string{"a", "b"}}, {Line: 2, Err: "too long"}, {Line: 3, Fields: []string{"d", "e"}}}},
		{"a long quoted field over many lines", "a,b\n\"" + strings.Repeat("xxxxxxxx\n", 20) + "\",c\nd,e\n", []csvRow{
			{Line: 1, Fields: []string{"a", "b"}}, {Line: 2, Err: "too long"}, {Line: 23, Fields: []string{"d", "e"}}}},
		{"a quoted field with quotes and separators", "a,b\n\"" + strings.Repeat("x\"\",\n", 30) + "\",c\nd,e\n", []csvRow{
			{Line: 1, Fields: []string{"a", "b"}}, {Line: 2, Err: "too long"}, {Line: 33, Fields: []string{"d", "e"}}}},
		{"many short fields", "a,b\n" + strings.Repeat("x,", 60) + "\nd,e\n", []csvRow{
			{Line: 1, Fields: []string{"a", "b"}}, {Line: 2, Err: "too long"}, {Line: 3, Fields: []string{"d", "e"}}}},
		{"a quote error early in a long line", "a,b\n\"x\"y," + long + "\n\"d\n\",e\n", []csvRow{
			{Line: 1, Fields: []string{"a", "b"}}, {Line: 2, Err: "too long"}, {Line: 3, Fields: []string{"d\n", "e"}}}},
		{"a bare quote in a long unquoted field", "a,b\nx\"" + long + "\nd,e\n", []csvRow{
			{Line: 1, Fields: []string{"a", "b"}}, {Line: 2, Err: "too long"}, {Line: 3, Fields: []string{"d", "e"}}}},
		{"the long record last, without a newline", "a,b\n" + long, []csvRow{
			{Line: 1, Fields: []string{"a", "b"}}, {Line: 2, Err: "too long"}}},
		{"a record of exactly the limit", "a,b\n" + strings.Repeat("y", 49) + "\n", []csvRow{
			{Line: 1, Fields: []string{"a", "b"}}, {Line: 2, Fields: []string{strings.Repeat("y", 49)}}}},
		{"two long records in a row", "a,b\n" + long + "\n" + long + "\n\nd,e\n", []csvRow{
			{Line: 1, Fields: []string{"a", "b"}}, {Line: 2, Err: "too long"}, {Line: 3, Err: "too long"},
			{Line: 5, Fields: []string{"d", "e"}}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := readCSV(tt.data, 50, 64); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
		})
	}
}

// TestCSVLimiterEndsRecordsWhereEncodingCSVDoes reads random CSV-like text
// with and without the limiter: every record no longer than the limit
// must come out the same, on the same line, and every longer one as one
// error, whatever quotes, separators and line ends it holds and wherever
// the limiter's reads cut it.
func TestCSVLimiterEndsRecordsWhereEncodingCSVDoes(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	pieces := []string{"a", "bb", ",", "\"", "\"\"", "\n", "\r\n", "\r", "x\"y", "\",", "\"\n", strings.Repeat("z", 40)}
	for i := range 3000 {
		var b strings.Builder
		for range r.IntN(60) {
			b.WriteString(pieces[r.IntN(len(pieces))])
		}
		data, limit := b.String(), int64(2+r.IntN(60)) // 1 would count "\r\n", an empty line, too long
		want, got := referenceRows(data, limit), readCSV(data, limit, 16+r.IntN(64))
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("case %d, limit %d, %q:\ngot  %+v\nwant %+v", i, limit, data, got, want)
		}
	}
}

// referenceRows is readCSV without a limiter, each record longer than limit
// (its bytes from its first line, after any empty lines, to its end)
// replaced by the limiter's error.
func referenceRows(data string, limit int64) []csvRow {
	r := csv.NewReader(strings.NewReader(data))
	r.FieldsPerRecord = -1
	var rows []csvRow
	for {
		start := r.InputOffset()
	skipEmpty:
		for {
			rest := data[start:]
			switch {
			case strings.HasPrefix(rest, "\n"):
				start++
			case strings.HasPrefix(rest, "\r\n"):
				start += 2
			default:
				break skipEmpty
			}
		}
		rec, err := r.Read()
		if err == io.EOF {
			return rows
		}
		over := r.InputOffset()-start > limit
		var pe *csv.ParseError
		switch {
		case over && errors.As(err, &pe):
			rows = append(rows, csvRow{Line: pe.StartLine, Err: "too long"})
		case over:
			line, _ := r.FieldPos(0)
			rows = append(rows, csvRow{Line: line, Err: "too long"})
		case errors.As(err, &pe):
			rows = append(rows, csvRow{Line: pe.StartLine, Err: pe.Err.Error()})
		default:
			line, _ := r.FieldPos(0)
			rows = append(rows, csvRow{Line: line, Fields: append([]string(nil), rec...)})
		}
	}
}
