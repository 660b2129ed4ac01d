package main_test

import (
	"strings"
	"testing"
)

// The terminal's funnel table ends with the first-session split the
// explorer shows under its bars; CSV and Markdown stay bare tables.
func TestTheFunnelTableSaysWhoConvertedInTheirFirstSession(t *testing.T) {
	db := sample2000(t)
	args := []string{"funnel", "--steps", "view_item,purchase"}
	table := fsOK(t, db, append(args, "--format", "table")...).stdout
	lines := strings.Split(strings.TrimSpace(table), "\n")
	if last := lines[len(lines)-1]; !strings.HasPrefix(last, "converted in their first session: ") || !strings.Contains(last, "later: ") {
		t.Errorf("the table's last line is %q, want the first-session split", last)
	}
	for _, format := range []string{"csv", "md"} {
		if out := fsOK(t, db, append(args, "--format", format)...).stdout; strings.Contains(out, "first session") {
			t.Errorf("--format %s carries the split line:\n%s", format, out)
		}
	}
}
