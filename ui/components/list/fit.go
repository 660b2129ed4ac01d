package list

// Fit sizes the window for room lines holding the rows and the footer:
// every line goes to rows while they all fit unfiltered (no footer, so
// the layout is as without a list), else one line is kept for Footer.
// Call it whenever the rows, the filter or room change, before drawing.
func (m *Model) Fit(room int) {
	m.SetHeight(room)
	if m.Footer() != "" {
		m.SetHeight(room - 1)
	}
}
