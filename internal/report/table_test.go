package report

import (
	"bytes"
	"strings"
	"testing"
)

var sample = Table{
	Headers:    []string{"name", "count"},
	Rows:       [][]string{{"view", "17051"}, {"a|b, \"c\"", "7"}},
	RightAlign: []bool{false, true},
}

func TestTableWritesEachFormat(t *testing.T) {
	cases := []struct{ format, want string }{
		{"table", "name      count\nview      17051\na|b, \"c\"      7\n"},
		{"csv", "name,count\nview,17051\n\"a|b, \"\"c\"\"\",7\n"},
		{"md", "| name | count |\n| --- | ---: |\n| view | 17051 |\n| a\\|b, \"c\" | 7 |\n"},
	}
	for _, c := range cases {
		var b bytes.Buffer
		if err := sample.Write(&b, c.format); err != nil {
			t.Fatalf("%s: %v", c.format, err)
		}
		if b.String() != c.want {
			t.Errorf("%s:\n got %q\nwant %q", c.format, b.String(), c.want)
		}
	}
}

func TestTableRefusesAnUnknownFormatAndNamesTheChoices(t *testing.T) {
	err := sample.Write(&bytes.Buffer{}, "xml")
	if err == nil || !strings.Contains(err.Error(), "table, csv, md") {
		t.Fatalf("got %v", err)
	}
}

func TestJSONIsIndentedWithATrailingNewline(t *testing.T) {
	var b bytes.Buffer
	if err := JSON(&b, map[string]int{"events": 3}); err != nil {
		t.Fatal(err)
	}
	if b.String() != "{\n  \"events\": 3\n}\n" {
		t.Errorf("got %q", b.String())
	}
}
