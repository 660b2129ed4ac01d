package sshserve

import "testing"

// serve opens sessions on the funnel the data suggests, as ui does, so a
// room's first screen shows an answer.
func TestASessionStartsOnTheSuggestedFunnelWhenAsked(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.Suggest = true })
	term := ts.open(t, nil)
	must(t, term.WaitFor("suggested from the data", wait))
	must(t, term.WaitFor("Conversion (", wait))
}
