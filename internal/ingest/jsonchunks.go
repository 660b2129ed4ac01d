package ingest

import "bufio"

// ndjsonReader is JSON one record a line, whose lines can be cut into
// chunks parsed apart (chunkable, parallel.go).
type ndjsonReader struct {
	*jsonReader
	lines *lineSource
}

func (n *ndjsonReader) body() (*bufio.Reader, int64, boundary) {
	return n.lines.r, n.lines.line, new(lineEnds)
}

func (n *ndjsonReader) part(src *bufio.Reader, line int64, first bool) recordReader {
	j := &jsonReader{mapf: n.mapf, opts: n.opts}
	j.restart(src, line, first)
	return j
}

func (j *jsonReader) mappedRecords() int64 { return j.mapped }

func (j *jsonReader) restart(src *bufio.Reader, line int64, first bool) {
	j.src = &lineSource{r: src, line: line, max: j.opts.MaxField}
	j.line, j.mapped, j.later = 0, 0, !first
	j.parent, j.items, j.itemIdx = nil, nil, 0
}
