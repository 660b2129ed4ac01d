package picker_test

import (
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/ui/components/picker"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestEventItemsSayTheirCountsAreEvents(t *testing.T) {
	items := picker.EventItems(uitest.Engine(t))
	if len(items) == 0 {
		t.Fatal("no events in the test data")
	}
	for _, it := range items {
		if !strings.HasSuffix(it.Detail, " events") {
			t.Errorf("%s: count %q is not labelled as events (views show users beside it)", it.Label, it.Detail)
		}
	}
}
