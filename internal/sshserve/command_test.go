package sshserve

import "testing"

// A command y shows over SSH is for the operator's machine: it names the
// database as the operator gave it to serve, not by its base name.
func TestTheCommandOfASessionNamesTheDatabaseAsTheOperatorGaveIt(t *testing.T) {
	ts := startServer(t, func(c *Config) { c.DBArg = "data/sample.db" })
	term := ts.open(t, nil)
	must(t, term.WaitFor("1 Funnel", wait))
	must(t, term.Send("a"))
	must(t, term.WaitFor("Add a step", wait))
	must(t, term.Send("\ry"))
	must(t, term.WaitFor("funnelscope funnel --db data/sample.db --steps", wait))
}
