package analysis

import "testing"

func TestPlaceGoesBeforeTheFirstStepConvertersDoCloserToTheGoal(t *testing.T) {
	shop := steps("view_item", "add_to_cart", "purchase")
	toGoal := map[string]float64{"view_item": 300, "add_to_cart": 100, "early": 5000, "between": 200, "late": 10}
	cases := []struct {
		name string
		ev   string
		want int
	}{
		{"an event done long before the goal opens the funnel", "early", 1},
		{"an event between two steps' times goes between them", "between", 2},
		{"an event done just before the goal goes before it", "late", 3},
		{"an event no converter did goes before the goal", "untimed", 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := PlaceBeforeGoal(shop, c.ev, toGoal); got != c.want {
				t.Errorf("PlaceBeforeGoal(%s) = %d, want %d", c.ev, got, c.want)
			}
		})
	}
}

func TestPlaceSkipsStepsNoConverterDid(t *testing.T) {
	f := steps("view_item", "add_to_cart", "purchase")
	if got := PlaceBeforeGoal(f, "x", map[string]float64{"add_to_cart": 100, "x": 200}); got != 2 {
		t.Errorf("PlaceBeforeGoal = %d, want 2: view_item has no figure and add_to_cart is done closer to the goal", got)
	}
}
