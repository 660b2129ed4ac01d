package report

// PercentOf renders n out of of as Percent does, "0.0%" when of is 0:
// the share of a count the views and headings print beside it (n users
// of m convert), so that no caller divides counts itself.
func PercentOf(n, of int) string {
	if of == 0 {
		return Percent(0)
	}
	return Percent(float64(n) / float64(of))
}
