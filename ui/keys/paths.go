package keys

// Paths view keys beyond the shared ones (Anchor, Direction, Goal, Split,
// DropNext). Depth has two keys; "=" is "+" without shift on most
// keyboards, so it works too.
var (
	Deeper    = b([]string{"+", "="}, "+", "deeper paths")
	Shallower = b([]string{"-", "_"}, "-", "shorter paths")
)
