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
	head, _ := r.Peek(sniffBytes)
	if bytes.HasPrefix(head, []byte("\ufeff")) {
		r.Discard(3)
		head = head[3:]
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) == 0 {
		return nil, "", fmt.Errorf("empty file")
	}
	format := opts.Format
	isJSON := trimmed[0] == '{' || trimmed[0] == '['
	switch format {
	case "csv", "tsv":
		return openDelimited(r, head, format, opts)
	case "auto":
		if !isJSON {
			if !looksLikeText(head) {
				return nil, "", fmt.Errorf("not a text file: expected CSV, TSV, NDJSON or JSON (gzip is read transparently)")
			}
			return openDelimited(r, head, format, opts)
		}
	}
	if !isJSON {
		return nil, "", fmt.Errorf("--format %s expects JSON, but the file starts with %q", format, firstLine(trimmed))
	}
	src, first := jsonSourceFor(r, trimmed)
	if format == "auto" {
		format = detectJSON(first)
	}
	if _, lines := src.(*lineSource); format == "json" && lines {
		format = "ndjson"
	}
	mapf := vendorMappers[format]
	if opts.Explode != "" {
		mapf = mapPlain
	}
	return &jsonReader{src: src, mapf: mapf, opts: opts}, format, nil
}

// jsonSourceFor picks line-by-line reading when the first record fits on
// its first line (NDJSON), else the nesting-aware stream reader. It also
// returns the first record parsed, for detection (nil when unparseable).
func jsonSourceFor(r *bufio.Reader, trimmed []byte) (jsonSource, *fastjson.Value) {
	line := trimmed
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if trimmed[0] == '{' {
		if v, err := fastjson.ParseBytes(line); err == nil {
			return &lineSource{r: r}, v
		}
	}
	// An array or a pretty-printed object: parse the first record from a copy.
	probe := &streamSource{r: bufio.NewReader(bytes.NewReader(trimmed))}
	var first *fastjson.Value
	if b, _, err := probe.record(); err == nil {
		first, _ = fastjson.ParseBytes(b)
	}
	return &streamSource{r: r, line: 1}, first
}

// detectJSON names the vendor whose export the record looks like.
func detectJSON(v *fastjson.Value) string {
	if v == nil || v.Type() != fastjson.TypeObject {
		return "json"
	}
	has := func(keys ...string) bool { return v.Get(keys...) != nil }
	switch {
	case has("event_name") && has("event_timestamp") && (has("user_pseudo_id") || has("event_params")):
		return "ga4"
	case has("event") && has("properties", "distinct_id") && has("properties", "time"):
		return "mixpanel"
	case has("event_type") && has("event_time") && (has("amplitude_id") || has("device_id") || has("event_properties")):
		return "amplitude"
	case segmentCalls[string(v.GetStringBytes("type"))] && (has("messageId") || has("anonymousId") || has("userId")):
		return "segment"
	case has("event") && has("distinct_id") && has("timestamp"):
		return "posthog"
	}
	return "json"
}

// openDelimited sniffs the delimiter from the first line unless the format fixes it.
func openDelimited(r io.Reader, head []byte, format string, opts *Options) (recordReader, string, error) {
	delim := '\t'
	if format != "tsv" {
		delim = sniffDelimiter(firstLine(head), format == "csv")
	}
	name := "csv"
	if delim == '\t' {
		name = "tsv"
	}
	cr, err := newCSVReader(r, delim, opts)
	if err != nil {
		return nil, name, err
	}
	return cr, name, nil
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

// looksLikeText refuses binary input (a NUL byte, or mostly control bytes).
func looksLikeText(b []byte) bool {
	if len(b) > 8192 {
		b = b[:8192]
	}
	ctrl := 0
	for _, c := range b {
		if c == 0 {
			return false
		}
		if c < 0x09 || (c > 0x0d && c < 0x20) {
			ctrl++
		}
	}
	return ctrl*20 < len(b)+1
}
