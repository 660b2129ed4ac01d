package analysis

import (
	"errors"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/spec"
	"github.com/funnelscope/funnelscope/sample"
)

// everyAnalysis runs each analysis that scans users once on the workshop
// sample, by name.
var everyAnalysis = []struct {
	name string
	run  func() error
}{
	{"Funnel", func() error {
		_, err := Funnel(workshop(), spec.Funnel{Steps: steps("view_item", "purchase")})
		return err
	}},
	{"Breakdown", func() error {
		_, _, err := Breakdown(workshop(), spec.Funnel{Steps: steps("view_item", "purchase"), By: "device"})
		return err
	}},
	{"Trends", func() error {
		_, err := Trends(workshop(), spec.Trends{Funnel: spec.Funnel{Steps: steps("view_item", "purchase")}})
		return err
	}},
	{"Paths", func() error {
		_, err := Paths(workshop(), spec.Paths{Anchor: spec.Step{Name: "view_item"}})
		return err
	}},
	{"ReachStep", func() error {
		_, err := ReachStep(workshop(), spec.Funnel{Steps: steps("view_item", "purchase")}, 1)
		return err
	}},
	{"Drivers", func() error {
		_, err := Drivers(workshop(), spec.Drivers{Goal: spec.Step{Name: "purchase"}})
		return err
	}},
	{"Attribution", func() error {
		_, err := Attribution(workshop(), spec.Attribution{Goal: spec.Step{Name: "purchase"}, Touch: "utm_source"})
		return err
	}},
	{"Micro", func() error {
		_, err := Micro(workshop(), spec.Micro{Goal: spec.Step{Name: "purchase"}})
		return err
	}},
}

func TestAPanicInAScanWorkerComesBackAsAnErrorThatAsksForABugReport(t *testing.T) {
	if userParts(workshop().NumUsers()) < 2 {
		t.Log("one worker on this machine: the other parts' merge is not exercised")
	}
	for _, a := range everyAnalysis {
		t.Run(a.name, func(t *testing.T) {
			InjectWorkerPanic(workshop(), "injected for "+a.name)
			err := a.run()
			var pe *PanicError
			if !errors.As(err, &pe) || pe.Value != "injected for "+a.name {
				t.Fatalf("error %v, want the injected panic as a *PanicError", err)
			}
			for _, want := range []string{"funnelscope bug", "injected for " + a.name, "scan.go", ReportURL} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error text %q lacks %q", err, want)
				}
			}
			if !strings.Contains(string(pe.Stack), "scanUsers") {
				t.Errorf("stack lacks the worker's frames:\n%s", pe.Stack)
			}
			if err := a.run(); err != nil {
				t.Errorf("the next run, with nothing injected: %v", err)
			}
		})
	}
}

func TestARuntimeErrorInAWorkerIsFoundByErrorsAsAndNamesWhereItHappened(t *testing.T) {
	l := sampleLog(sample.Config{Users: 50, Seed: 3})
	_, err := scanUsers(l, func(lo, hi int) []int {
		var none []int
		return none[:hi-lo+1] // out of range: a bug of the kind Catch is for
	}, func(_, _ []int) {})
	var pe *PanicError
	if !errors.As(err, &pe) || !strings.Contains(pe.Where, "panic_test.go") {
		t.Fatalf("error %v, want a *PanicError at panic_test.go", err)
	}
	var re interface{ RuntimeError() }
	if !errors.As(err, &re) {
		t.Errorf("errors.As does not find the runtime.Error inside %v", err)
	}
}

func TestAnInjectedPanicWaitsForItsOwnLog(t *testing.T) {
	other := sampleLog(sample.Config{Users: 50, Seed: 2})
	InjectWorkerPanic(other, "for the other log")
	t.Cleanup(func() { _, _ = Funnel(other, spec.Funnel{Steps: steps("view_item")}) }) // disarm
	if err := everyAnalysis[0].run(); err != nil {
		t.Fatalf("an analysis of another log: %v", err)
	}
	if _, err := Funnel(other, spec.Funnel{Steps: steps("view_item")}); err == nil {
		t.Fatal("the panic armed for this log did not fire")
	}
}
