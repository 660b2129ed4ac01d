package sshserve

import (
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/analysis"
	"github.com/funnelscope/funnelscope/internal/dataset/datasettest"
	"github.com/funnelscope/funnelscope/internal/engine"
	"github.com/funnelscope/funnelscope/internal/sshserve/sshtest"
	"github.com/funnelscope/funnelscope/sample"
)

// addFirstEvent adds the event listed first as a step of term's funnel,
// which computes it.
func addFirstEvent(t *testing.T, term *sshtest.Term) {
	t.Helper()
	must(t, term.Send("a"))
	must(t, term.WaitFor("Add a step", wait))
	must(t, term.Send("\r"))
}

func TestAPanicInAnAnalysisWorkerEndsOneComputationNotTheServer(t *testing.T) {
	// A log of this test's own: the injected panic waits for a worker
	// scanning it, and no other test's.
	l, err := datasettest.Sample(sample.Config{Users: 300, Seed: 4})
	must(t, err)
	ts := startServer(t, func(c *Config) { c.Engine = engine.NewLocal(l) })
	victim, bystander := ts.open(t, nil), ts.open(t, nil)
	must(t, victim.WaitFor("No steps yet", wait))
	must(t, bystander.WaitFor("No steps yet", wait))

	analysis.InjectWorkerPanic(l, "injected worker panic")
	addFirstEvent(t, victim)
	must(t, victim.WaitFor("funnelscope bug: injected worker panic", wait))

	addFirstEvent(t, bystander)
	must(t, bystander.WaitFor("Conversion (", wait))
	addFirstEvent(t, victim) // the victim's explorer goes on too
	must(t, victim.WaitFor("Conversion (", wait))
	for name, term := range map[string]*sshtest.Term{"victim": victim, "bystander": bystander} {
		select {
		case <-term.Ended():
			t.Errorf("the %s's session ended: %s", name, term.Screen())
		default:
		}
	}
	if strings.Contains(ts.logs.String(), "panic caught") {
		t.Error("the panic reached the session's last-resort recover")
	}
}
