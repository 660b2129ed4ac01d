package keys

// The tour and presenter mode are global (they work in every view); Lines
// is the trends view's own.
var (
	TourNext  = b([]string{"]"}, "]", "next insight (tour)")
	TourPrev  = b([]string{"["}, "[", "previous insight")
	Presenter = b([]string{"P"}, "P", "presenter mode")
	Lines     = b([]string{"l"}, "l", "lines: overall/step/segment")
)
