package ingest

import (
	"fmt"
	"strings"
	"time"

	"github.com/valyala/fastjson"
)

// Options say how to read the files of one import.
type Options struct {
	Format      string   // one of Formats; "" means auto
	Columns     Columns  // explicit role columns (--user-col, ...)
	NoHeader    bool     // delimited files without a header row
	ColumnNames []string // --columns, with NoHeader
	TimeUnit    TimeUnit // how to read bare epoch numbers
	Strict      bool     // stop at the first bad row and import nothing of that file
	Explode     string   // JSON: the array field whose elements are the events
	MaxErrors   int      // bad rows to report in detail (default 10)
	// MaxField bounds the bytes of one record, and so of any field in it
	// (default DefaultMaxField): a longer record is a bad row, dropped
	// without being held in memory.
	MaxField int64
	// MaxDepth bounds the nesting of a JSON record (default and ceiling
	// DefaultMaxDepth, the JSON parser's own limit): a deeper one is a bad row.
	MaxDepth int
	// TimeRange is the span of event times an import accepts; rows outside
	// it are bad rows. Its zero ends stand for the defaults (TimeRange's doc).
	TimeRange TimeRange
}

// The input limits unless Options say otherwise.
const (
	DefaultMaxField = 16 << 20
	DefaultMaxDepth = fastjson.MaxDepth
)

// TimeRange bounds event times, both ends included. A zero From stands for
// DefaultFrom; a zero To for a year after the import starts. Export files
// hold no events from before analytics existed, nor from the future: a
// year 1, a negative epoch or 9999 is a broken or misread field, and it
// would stretch every time axis and date filter of the data.
type TimeRange struct {
	From, To time.Time
}

// DefaultFrom is the earliest event time accepted unless TimeRange says otherwise.
var DefaultFrom = time.Date(1990, 1, 1, 0, 0, 0, 0, time.UTC)

// resolve fills in the defaults for an import that starts at now.
func (tr TimeRange) resolve(now time.Time) TimeRange {
	if tr.From.IsZero() {
		tr.From = DefaultFrom
	}
	if tr.To.IsZero() {
		tr.To = now.AddDate(1, 0, 0)
	}
	return tr
}

// String is the range as --time-range takes it; an end left to its default is empty.
func (tr TimeRange) String() string { return endText(tr.From) + ".." + endText(tr.To) }

// endText shows an end of a range as a date, with the time of day when it has one.
func endText(t time.Time) string {
	switch t = t.UTC(); {
	case t.IsZero():
		return ""
	case t.Equal(t.Truncate(24 * time.Hour)):
		return t.Format(time.DateOnly)
	}
	return t.Format(time.RFC3339)
}

// ParseTimeRange reads --time-range: FROM..TO, each a date or timestamp
// (as ParseTime reads them) or empty for that end's default.
func ParseTimeRange(s string) (TimeRange, error) {
	a, b, ok := strings.Cut(s, "..")
	if !ok {
		return TimeRange{}, fmt.Errorf("time range %q: expected FROM..TO, for example 1970-01-01..2100-01-01", s)
	}
	var tr TimeRange
	for _, end := range []struct {
		text string
		t    *time.Time
	}{{a, &tr.From}, {b, &tr.To}} {
		if strings.TrimSpace(end.text) == "" {
			continue
		}
		us, err := ParseTime(end.text, UnitAuto)
		if err != nil {
			return TimeRange{}, fmt.Errorf("time range %q: %w", s, err)
		}
		*end.t = time.UnixMicro(us).UTC()
	}
	if !tr.From.IsZero() && !tr.To.IsZero() && tr.To.Before(tr.From) {
		return TimeRange{}, fmt.Errorf("time range %q: ends before it starts", s)
	}
	return tr, nil
}

// Validate checks o and fills in its defaults. Imports call it themselves;
// a command calls it first to refuse bad flags before it touches a file.
func (o *Options) Validate() error {
	f := strings.ToLower(o.Format)
	if f == "" {
		f = "auto"
	}
	if _, ok := formats.lookup(f); !ok && f != "auto" {
		return fmt.Errorf("unknown format %q: use one of %s", o.Format, strings.Join(Formats, ", "))
	}
	o.Format = f
	if o.MaxErrors == 0 {
		o.MaxErrors = 10
	}
	if o.MaxField == 0 {
		o.MaxField = DefaultMaxField
	}
	if o.MaxDepth == 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxField < 0 {
		return fmt.Errorf("--max-field %d: must be positive", o.MaxField)
	}
	if o.MaxDepth < 0 || o.MaxDepth > DefaultMaxDepth {
		return fmt.Errorf("--max-depth %d: must be between 1 and %d, the JSON parser's own limit", o.MaxDepth, DefaultMaxDepth)
	}
	return nil
}
