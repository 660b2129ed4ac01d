package ingest

import "fmt"

// recordReader yields the events of one file, one at a time.
type recordReader interface {
	// next fills ev. The strings it sets may alias the reader's buffers and
	// are valid only until the following call: whoever keeps one copies it.
	// It returns io.EOF at the end, a *RowError for a row
	// that is skipped (reading may go on), or any other error, which ends
	// the file.
	next(ev *Event) error
	// recordLine is the line the record that next read last starts on.
	recordLine() int64
}

// RowError is one bad or skipped row: where it was and why.
type RowError struct {
	File   string
	Line   int64
	Reason string
	// NotEvent marks rows that are valid but carry no event (a Segment
	// identify call, say): counted as skipped, not rejected.
	NotEvent bool
}

func (e *RowError) Error() string {
	if e.File == "" {
		return fmt.Sprintf("line %d: %s", e.Line, e.Reason)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Reason)
}

// rowErr is the error of the row at line. String arguments, which come
// from the data (a column's name, a field's value), are cut short before
// they are formatted, and the reason after: a bad row costs its few
// hundred bytes of message, not the size of its fields.
func rowErr(line int64, format string, args ...any) *RowError {
	for i, a := range args {
		if s, ok := a.(string); ok && len(s) > maxArgText {
			args[i] = clipTo(s, maxArgText)
		}
	}
	return &RowError{Line: line, Reason: clipText(fmt.Sprintf(format, args...))}
}
