// Package report renders results as aligned text tables, CSV, Markdown or
// JSON, for the CLI and for export. It formats; it never computes.
package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/funnelscope/funnelscope/internal/textsafe"
)

// Formats lists the output formats a table can be written in.
var Formats = []string{"table", "json", "csv", "md"}

// Table is a titled grid of already formatted cells.
type Table struct {
	Headers []string
	Rows    [][]string
	// RightAlign marks numeric columns in text and Markdown output.
	RightAlign []bool
}

// CheckFormat returns an error naming the valid choices when f is not one of allowed.
func CheckFormat(f string, allowed ...string) error {
	for _, a := range allowed {
		if f == a {
			return nil
		}
	}
	return fmt.Errorf("unknown output format %q: use one of %s", f, strings.Join(allowed, ", "))
}

// Write renders t as "table", "csv" or "md". Cells are data (event
// names, property values) that may hold terminal controls: every format
// shows them escaped, and CSV guards cells a spreadsheet would run as
// formulas. A future export whose cells must stay byte-exact (the user ids
// of an audience) needs a way around both.
func (t Table) Write(w io.Writer, format string) error {
	t = t.safe(format)
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(t.Headers)
		cw.WriteAll(t.Rows)
		return cw.Error()
	case "md":
		return t.writeMarkdown(w)
	case "table":
		return t.writeText(w)
	}
	return CheckFormat(format, "table", "csv", "md")
}

// safe returns t with its cells as they may be shown in format, leaving
// t's own slices as they are (views keep drawing from them).
func (t Table) safe(format string) Table {
	cell := textsafe.Display
	if format == "csv" {
		cell = func(s string) string { return textsafe.Spreadsheet(textsafe.Display(s)) }
	}
	each := func(cells []string) []string {
		out := make([]string, len(cells))
		for i, c := range cells {
			out[i] = cell(c)
		}
		return out
	}
	t.Headers = each(t.Headers)
	rows := make([][]string, len(t.Rows))
	for i, r := range t.Rows {
		rows[i] = each(r)
	}
	t.Rows = rows
	return t
}

func (t Table) widths() []int {
	ws := make([]int, len(t.Headers))
	for i, h := range t.Headers {
		ws[i] = utf8.RuneCountInString(h)
	}
	for _, r := range t.Rows {
		for i, c := range r {
			if i < len(ws) {
				ws[i] = max(ws[i], utf8.RuneCountInString(c))
			}
		}
	}
	return ws
}

func (t Table) cell(s string, i, w int) string {
	pad := strings.Repeat(" ", max(0, w-utf8.RuneCountInString(s)))
	if i < len(t.RightAlign) && t.RightAlign[i] {
		return pad + s
	}
	return s + pad
}

func (t Table) writeText(w io.Writer) error {
	ws := t.widths()
	line := func(cells []string) string {
		parts := make([]string, len(ws))
		for i := range ws {
			c := ""
			if i < len(cells) {
				c = cells[i]
			}
			parts[i] = t.cell(c, i, ws[i])
		}
		return strings.TrimRight(strings.Join(parts, "  "), " ") + "\n"
	}
	var b strings.Builder
	b.WriteString(line(t.Headers))
	for _, r := range t.Rows {
		b.WriteString(line(r))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func (t Table) writeMarkdown(w io.Writer) error {
	esc := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	var b strings.Builder
	b.WriteString("|")
	for _, h := range t.Headers {
		b.WriteString(" " + esc(h) + " |")
	}
	b.WriteString("\n|")
	for i := range t.Headers {
		if i < len(t.RightAlign) && t.RightAlign[i] {
			b.WriteString(" ---: |")
		} else {
			b.WriteString(" --- |")
		}
	}
	b.WriteString("\n")
	for _, r := range t.Rows {
		b.WriteString("|")
		for _, c := range r {
			b.WriteString(" " + esc(c) + " |")
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// JSON writes v indented, with a trailing newline. Strings keep their
// value, but the controls a terminal acts on are \u escapes, as
// encoding/json writes C0 controls already (textsafe.JSON).
func JSON(w io.Writer, v any) error {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("encode JSON: %w", err)
	}
	_, err := io.WriteString(w, textsafe.JSON(b.String()))
	return err
}
