package common

import (
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/report"
)

func TestExportSaysHowToGetAResultBeforeThereIsOne(t *testing.T) {
	table := func(s *string) report.Table { return report.Table{Headers: []string{"h"}, Rows: [][]string{{*s}}} }
	if _, err := Export(nil, "csv", "press G", table); err == nil || err.Error() != "nothing to export yet: press G" {
		t.Errorf("without a result: error %v, want the hint", err)
	}
	v := "cell"
	if out, err := Export(&v, "csv", "press G", table); err != nil || !strings.Contains(out, "cell") {
		t.Errorf("with a result: %q, %v; want its table", out, err)
	}
}

func TestCommandIsTheHintUntilThereIsASpec(t *testing.T) {
	for _, c := range []struct {
		ok   bool
		want string
	}{
		{false, "funnelscope micro --goal EVENT   # press G"},
		{true, "funnelscope micro --goal buy"},
	} {
		if got := Command(c.ok, "micro", []string{"--goal", "buy"}, "funnelscope micro --goal EVENT   # press G"); got != c.want {
			t.Errorf("ok %v: %q, want %q", c.ok, got, c.want)
		}
	}
}
