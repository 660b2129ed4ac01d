package ingest

import (
	"bufio"
	"cmp"
	"fmt"
	"slices"

	"github.com/valyala/fastjson"
)

// format is one kind of input the importer reads: its --format value, how
// to recognise it from the content, and how to read it. Each format
// registers itself from its own file (vendor_ga4.go, plain.go, ...), so a
// new importer is a new file and an edit of none (see ARCHITECTURE.md).
type format struct {
	name string
	// order places the format in detection (the first format whose detect
	// accepts the content wins) and in Formats. It is unique, so that the
	// outcome does not depend on the order the files' init functions run in.
	order  int
	detect func(s *sniffed) bool
	open   openFunc
}

// openFunc returns the reader of the stream r, whose start is s, and the
// format name to record for the import.
type openFunc func(r *bufio.Reader, s *sniffed, opts *Options) (recordReader, string, error)

// registry holds formats by ascending order.
type registry []format

// formats is every format the importer knows.
var formats registry

// Formats are the values --format accepts: "auto", which decides from the
// content, then the registered formats in detection order. registerFormat
// keeps it in step with the registry.
var Formats = []string{"auto"}

// registerFormat adds f to the importer's formats; it is called from the
// init functions of the files that define formats.
func registerFormat(f format) {
	formats = formats.with(f)
	Formats = append([]string{"auto"}, formats.names()...)
}

// registerVendor registers a JSON export format: content whose first record
// is an object that is accepts, read record by record with mapf.
func registerVendor(name string, order int, is func(first *fastjson.Value) bool, mapf mapFunc) {
	detect := func(s *sniffed) bool {
		v := s.object()
		return v != nil && is(v)
	}
	registerFormat(format{name: name, order: order, detect: detect, open: openJSON(name, mapf)})
}

// with returns rg plus f. It panics when f's name or order is taken: that is
// a programming error, and one that must not wait for the matching file.
func (rg registry) with(f format) registry {
	if f.name == "auto" || f.detect == nil || f.open == nil {
		panic(fmt.Sprintf("ingest: format %q needs a name other than auto, a detect and an open function", f.name))
	}
	for _, g := range rg {
		if g.name == f.name || g.order == f.order {
			panic(fmt.Sprintf("ingest: format %q (order %d) clashes with format %q (order %d)",
				f.name, f.order, g.name, g.order))
		}
	}
	i, _ := slices.BinarySearchFunc(rg, f.order, func(g format, order int) int { return cmp.Compare(g.order, order) })
	return slices.Insert(slices.Clip(rg), i, f)
}

func (rg registry) names() []string {
	out := make([]string, len(rg))
	for i, f := range rg {
		out[i] = f.name
	}
	return out
}

// lookup finds the format named name.
func (rg registry) lookup(name string) (format, bool) {
	for _, f := range rg {
		if f.name == name {
			return f, true
		}
	}
	return format{}, false
}

// detect returns the first format, in order, that accepts content starting as s.
func (rg registry) detect(s *sniffed) (format, bool) {
	for _, f := range rg {
		if f.detect(s) {
			return f, true
		}
	}
	return format{}, false
}
