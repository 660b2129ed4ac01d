package ingest

import (
	"fmt"
	"strings"
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
}

func (o *Options) validate() error {
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
	return nil
}
