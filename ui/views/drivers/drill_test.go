package drivers

import (
	"testing"

	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

func TestEnterOnADriverShowsItsPathsToTheGoal(t *testing.T) {
	m, update, seen := harness(t, 120, 40)
	uitest.Run(update, uitest.Activate{})
	m.list.Select(index(m, "video_play"))
	*seen = nil
	uitest.Type(update, "<enter>")
	var got []common.DrillMsg
	for _, msg := range *seen {
		if d, ok := msg.(common.DrillMsg); ok {
			got = append(got, d)
		}
	}
	if len(got) != 1 || got[0].To != "Paths" || got[0].Anchor == nil || got[0].Anchor.Name != "video_play" ||
		got[0].Goal == nil || got[0].Goal.Name != "purchase" {
		t.Fatalf("enter on video_play asked for %+v; want its paths to purchase", got)
	}
}
