package ingest

import "bufio"

// The plain formats carry no vendor's schema: delimited text with a header
// row (or --columns), and JSON records, one a line (NDJSON) or in an array
// or pretty-printed. Their roles are found by field name (roles.go), and
// nested JSON objects become dotted keys. CSV and TSV are told from the
// header line's delimiter, so their order does not matter between them; the
// JSON ones come last, for what no vendor claims.
func init() {
	registerFormat(format{name: "csv", order: 10, open: openDelimited("csv", csvDelimiter),
		detect: func(s *sniffed) bool { return s.text() && s.delimiter(false) != '\t' }})
	registerFormat(format{name: "tsv", order: 20, open: openDelimited("tsv", func(*sniffed) rune { return '\t' }),
		detect: func(s *sniffed) bool { return s.text() && s.delimiter(false) == '\t' }})
	registerFormat(format{name: "ndjson", order: 900, open: openJSON("ndjson", mapPlain),
		detect: func(s *sniffed) bool { return s.json && s.lines() }})
	registerFormat(format{name: "json", order: 910, open: openPlainJSON,
		detect: func(s *sniffed) bool { return s.json }})
}

// csvDelimiter never picks the tab: --format csv means a comma, semicolon
// or pipe, whichever the header line has most of. Where the header has
// more tabs the content is detected as TSV, so that for detected CSV this
// is the same pick as the detection's.
func csvDelimiter(s *sniffed) rune { return s.delimiter(true) }

// openPlainJSON reads plain JSON, recorded as ndjson when it is read line
// by line, whatever --format said: the name says how the file was read.
func openPlainJSON(r *bufio.Reader, s *sniffed, opts *Options) (recordReader, string, error) {
	rr, name, err := openJSON("json", mapPlain)(r, s, opts)
	if err == nil && s.lines() {
		name = "ndjson"
	}
	return rr, name, err
}
