package theme

import (
	"bytes"
	"strings"
	"testing"

	"github.com/charmbracelet/lipgloss"
	"github.com/muesli/termenv"
)

func TestNoColorDrawsPlainTextAndColourDrawsEscapes(t *testing.T) {
	for _, c := range []struct {
		noColor bool
		want    bool // escapes expected
	}{{true, false}, {false, true}} {
		r := lipgloss.NewRenderer(&bytes.Buffer{}, termenv.WithProfile(termenv.TrueColor))
		r.SetColorProfile(termenv.TrueColor)
		th := New(r, c.noColor)
		out := th.Bad.Render("drop") + th.Header.Render("funnelscope")
		if got := strings.Contains(out, "\x1b["); got != c.want {
			t.Errorf("noColor=%v: escapes %v in %q", c.noColor, got, out)
		}
	}
}
