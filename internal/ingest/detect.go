package ingest

import (
	"bufio"
	"bytes"
	"fmt"
	"io"

	"github.com/valyala/fastjson"
)

const sniffBytes = 1 << 20

// openReader decides the format of the stream in r (from the content, not
// the file name, unless opts.Format names one) and returns its reader and
// the format's name.
func openReader(r *bufio.Reader, opts *Options) (recordReader, string, error) {
	s, err := sniff(r, opts.MaxField)
	if err != nil {
		return nil, "", err
	}
	f, ok := formats.lookup(opts.Format)
	if opts.Format == "auto" {
		f, ok = formats.detect(s)
	}
	if !ok { // validate passed the name, so this is auto: no format accepts the content (CSV takes any text)
		return nil, "", fmt.Errorf("not a text file: expected CSV, TSV, NDJSON or JSON (gzip is read transparently)")
	}
	return f.open(r, s, opts)
}

// sniffed is what is known of a stream before its first record is read:
// what formats are detected from.
type sniffed struct {
	head    []byte          // the first bytes, without a byte order mark
	trimmed []byte          // head without leading white space, never empty
	json    bool            // trimmed starts a JSON object or array
	src     jsonSource      // JSON: how records are cut from the stream
	first   *fastjson.Value // JSON: the first record, nil when unparseable
}

// sniff peeks at the start of r, skipping a byte order mark. maxRecord
// bounds the records of the JSON source it picks.
func sniff(r *bufio.Reader, maxRecord int64) (*sniffed, error) {
	head, err := r.Peek(sniffBytes)
	if len(head) == 0 && err != nil && err != io.EOF {
		return nil, err // a read error, not an empty file; later ones the parser meets
	}
	if bytes.HasPrefix(head, []byte("\ufeff")) {
		_, _ = r.Discard(3) // cannot fail: Peek has buffered these bytes
		head = head[3:]
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("empty file")
	}
	s := &sniffed{head: head, trimmed: trimmed, json: trimmed[0] == '{' || trimmed[0] == '['}
	if s.json {
		s.src, s.first = jsonSourceFor(r, trimmed, maxRecord)
	}
	return s, nil
}

// object is the first JSON record when it is an object, else nil.
func (s *sniffed) object() *fastjson.Value {
	if s.first == nil || s.first.Type() != fastjson.TypeObject {
		return nil
	}
	return s.first
}

// lines is true for JSON whose records are read one a line (NDJSON).
func (s *sniffed) lines() bool {
	_, ok := s.src.(*lineSource)
	return ok
}

// text is true for content that is not JSON and looks like text.
func (s *sniffed) text() bool { return !s.json && looksLikeText(s.head) }

// delimiter is the likeliest delimiter of the header line; csvOnly leaves out the tab.
func (s *sniffed) delimiter(csvOnly bool) rune { return sniffDelimiter(firstLine(s.head), csvOnly) }

// jsonSourceFor picks line-by-line reading when the first record fits on
// its first line (NDJSON), else the nesting-aware stream reader. It also
// returns the first record parsed, for detection (nil when unparseable).
func jsonSourceFor(r *bufio.Reader, trimmed []byte, maxRecord int64) (jsonSource, *fastjson.Value) {
	line := trimmed
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if trimmed[0] == '{' {
		if v, err := fastjson.ParseBytes(line); err == nil {
			return &lineSource{r: r, max: maxRecord}, v
		}
	}
	// An array or a pretty-printed object: parse the first record from a copy.
	probe := &streamSource{r: bufio.NewReader(bytes.NewReader(trimmed)), max: maxRecord}
	var first *fastjson.Value
	if b, _, err := probe.record(); err == nil {
		first, _ = fastjson.ParseBytes(b)
	}
	return &streamSource{r: r, line: 1, max: maxRecord}, first
}

// sniffDelimiter counts candidate delimiters outside quotes on the header line.
func sniffDelimiter(line []byte, csvOnly bool) rune {
	counts := map[rune]int{}
	inQ := false
	for _, c := range string(line) {
		if c == '"' {
			inQ = !inQ
		} else if !inQ {
			counts[c]++
		}
	}
	best, n := ',', counts[',']
	cands := []rune{';', '|', '\t'}
	if csvOnly {
		cands = []rune{';', '|'}
	}
	for _, d := range cands {
		if counts[d] > n {
			best, n = d, counts[d]
		}
	}
	return best
}

func firstLine(b []byte) []byte {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		b = b[:i]
	}
	if len(b) > 80 {
		b = b[:80]
	}
	return bytes.TrimRight(b, "\r")
}

// looksLikeText refuses binary input: more than one byte in twenty a
// control byte. A NUL byte here and there is a bad row, not a binary file
// (the rows are checked one by one, rowcheck.go).
func looksLikeText(b []byte) bool {
	if len(b) > 8192 {
		b = b[:8192]
	}
	ctrl := 0
	for _, c := range b {
		if c < 0x09 || (c > 0x0d && c < 0x20) {
			ctrl++
		}
	}
	return ctrl*20 < len(b)+1
}
