package spec

import (
	"slices"
	"testing"
)

// odd are arguments that need each kind of quoting CommandLine writes.
var odd = []string{"plain", "", "two words", "it's", `back\slash`, "a\x1b]0;T\x07b", "tab\there", "new\nline",
	"\xffx", "\u202egnp", "ünïcödé 漢字", "$HOME", "a,b,c", "--where=x"}

func TestParseCommandLineReadsBackWhatCommandLineWrote(t *testing.T) {
	for _, a := range odd {
		line := CommandLine("funnel", []string{"--steps", a, "--by", a})
		got, err := ParseCommandLine(line)
		want := []string{"funnelscope", "funnel", "--steps", a, "--by", a}
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%s read as %q, %v; want %q", line, got, err, want)
		}
	}
}

func TestParseCommandLineRefusesAPlaceholderWithAComment(t *testing.T) {
	if got, err := ParseCommandLine("funnelscope micro --goal EVENT   # press G"); err == nil {
		t.Errorf("read as %q, want an error", got)
	}
}
