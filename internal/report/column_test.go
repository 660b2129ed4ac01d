package report

import (
	"reflect"
	"testing"
)

func TestWithoutColumnCutsOneColumnAndLeavesTheTableItCameFrom(t *testing.T) {
	orig := Table{Headers: []string{"period", "band", "mark"}, RightAlign: []bool{false, true, false},
		Rows: [][]string{{"2024-04-01", "1.0%-2.0%", "above band"}}}
	got := orig.WithoutColumn("band")
	want := Table{Headers: []string{"period", "mark"}, RightAlign: []bool{false, false},
		Rows: [][]string{{"2024-04-01", "above band"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("without band: %+v, want %+v", got, want)
	}
	if orig.Headers[1] != "band" || orig.Rows[0][1] != "1.0%-2.0%" || !orig.RightAlign[1] {
		t.Errorf("the original table changed: %+v", orig)
	}
	if again := orig.WithoutColumn("none"); !reflect.DeepEqual(again, orig) {
		t.Errorf("without a column it does not have: %+v, want the table as it was", again)
	}
}
