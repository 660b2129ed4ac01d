package job

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/bubbles/spinner"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/common"
	"github.com/funnelscope/funnelscope/ui/uitest"
)

// messages runs cmd and flattens its batches into the messages it makes.
func messages(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	msg := cmd()
	if b, ok := msg.(tea.BatchMsg); ok {
		var out []tea.Msg
		for _, c := range b {
			out = append(out, messages(c)...)
		}
		return out
	}
	return []tea.Msg{msg}
}

// start starts j on f and returns the answer and the spinner tick its
// command makes, without handing them to j: the answer is on its way.
func start(t *testing.T, j *Job, f func() (any, error)) (common.ResultMsg, spinner.TickMsg) {
	t.Helper()
	var res *common.ResultMsg
	var tick *spinner.TickMsg
	for _, msg := range messages(j.Start(f)) {
		switch msg := msg.(type) {
		case common.ResultMsg:
			res = &msg
		case spinner.TickMsg:
			tick = &msg
		}
	}
	if res == nil || tick == nil {
		t.Fatalf("Start's command should answer and tick: result %v, tick %v", res, tick)
	}
	return *res, *tick
}

func TestStartAnswersWithTheViewsNameAndGeneration(t *testing.T) {
	j := New(uitest.Theme(), "Trends")
	if j.Busy() || j.Gen() != 0 {
		t.Fatalf("a new job is busy %v at generation %d", j.Busy(), j.Gen())
	}
	res, _ := start(t, &j, func() (any, error) { return 42, nil })
	if res.View != "Trends" || res.Gen != 1 || res.Value != 42 || res.Err != nil {
		t.Errorf("answer %+v, want Trends, generation 1, value 42", res)
	}
	if !j.Busy() || j.Gen() != 1 {
		t.Errorf("after Start: busy %v, generation %d", j.Busy(), j.Gen())
	}
}

func TestTheLatestAnswerIsAcceptedClearsBusyAndRecordsTheTime(t *testing.T) {
	j := New(uitest.Theme(), "Funnel")
	boom := errors.New("boom")
	res, _ := start(t, &j, func() (any, error) { return nil, boom })
	res.Took = 12 * time.Millisecond
	if ok, next := j.Accept(res); !ok || next != nil {
		t.Fatalf("the answer to the latest Start: accepted %v, next %v", ok, next != nil)
	}
	if j.Busy() || j.Took() != 12*time.Millisecond || !errors.Is(res.Err, boom) {
		t.Errorf("after the answer: busy %v, took %v, err %v", j.Busy(), j.Took(), res.Err)
	}
}

func TestAStaleGenerationIsDroppedAndTheWaitingSpecRunsNext(t *testing.T) {
	j := New(uitest.Theme(), "Funnel")
	old, _ := start(t, &j, func() (any, error) { return "old", nil })
	if cmd := j.Start(func() (any, error) { return "new", nil }); cmd != nil {
		t.Fatal("a Start while one computation runs started a second one")
	}
	old.Took = time.Second
	ok, next := j.Accept(old)
	if ok {
		t.Error("an answer to an older generation was accepted")
	}
	if !j.Busy() || j.Took() != 0 {
		t.Errorf("a dropped answer changed the job: busy %v, took %v", j.Busy(), j.Took())
	}
	var res *common.ResultMsg
	for _, msg := range messages(next) {
		if r, isRes := msg.(common.ResultMsg); isRes {
			res = &r
		}
	}
	if res == nil || res.Value != "new" || res.Gen != j.Gen() {
		t.Fatalf("the waiting spec did not run next: %+v", res)
	}
	if ok, _ := j.Accept(*res); !ok || j.Busy() {
		t.Errorf("the newest answer: accepted %v, busy %v", ok, j.Busy())
	}
}

func TestABurstComputesTheFirstAndTheLastSpecOnly(t *testing.T) {
	j := New(uitest.Theme(), "Funnel")
	runs := map[int]int{}
	spec := func(n int) func() (any, error) {
		return func() (any, error) { runs[n]++; return n, nil }
	}
	first, _ := start(t, &j, spec(1))
	for n := 2; n <= 5; n++ {
		if j.Start(spec(n)) != nil {
			t.Fatalf("spec %d started beside the one running", n)
		}
	}
	_, next := j.Accept(first)
	for _, msg := range messages(next) {
		if r, isRes := msg.(common.ResultMsg); isRes {
			if ok, again := j.Accept(r); !ok || again != nil || r.Value != 5 {
				t.Errorf("last answer %v: accepted %v, another run %v", r.Value, ok, again != nil)
			}
		}
	}
	if runs[1] != 1 || runs[5] != 1 || runs[2]+runs[3]+runs[4] != 0 {
		t.Errorf("runs %v, want only the first and the last spec", runs)
	}
	if j.Busy() {
		t.Error("still busy after the last answer")
	}
}

func TestAnotherViewsResultIsIgnored(t *testing.T) {
	j := New(uitest.Theme(), "Funnel")
	res, _ := start(t, &j, func() (any, error) { return 1, nil })
	res.View = "Drivers"
	if ok, _ := j.Accept(res); ok || !j.Busy() {
		t.Errorf("another view's answer: accepted, or busy %v", j.Busy())
	}
}

func TestStopDropsTheAnswerUnderWay(t *testing.T) {
	j := New(uitest.Theme(), "Paths")
	res, _ := start(t, &j, func() (any, error) { return 1, nil })
	j.Stop()
	if ok, next := j.Accept(res); j.Busy() || ok || next != nil {
		t.Errorf("after Stop: busy %v, or the old answer was accepted (%v), or something runs next (%v)", j.Busy(), ok, next != nil)
	}
}

func TestTheSpinnerTicksOnlyWhileBusy(t *testing.T) {
	j := New(uitest.Theme(), "Funnel")
	res, tick := start(t, &j, func() (any, error) { return 1, nil })
	if j.Tick(tick) == nil {
		t.Error("a busy job dropped its spinner's tick")
	}
	if j.Spinner() == "" {
		t.Error("a busy job shows no spinner frame")
	}
	j.Accept(res)
	if j.Tick(tick) != nil {
		t.Error("a done job kept its spinner ticking")
	}
	if j.Spinner() != "" {
		t.Error("a done job still shows a spinner frame")
	}
}

func TestStatusSaysComputingThenTheTimeItTook(t *testing.T) {
	j := New(uitest.Theme(), "Funnel")
	if s := j.Status(false, "computed in "); s != "" {
		t.Errorf("idle status %q, want empty", s)
	}
	res, _ := start(t, &j, func() (any, error) { return 1, nil })
	if s := j.Status(false, "computed in "); !strings.HasSuffix(s, " computing…") || s == " computing…" {
		t.Errorf("busy status %q, want the spinner and computing…", s)
	}
	res.Took = 12 * time.Millisecond
	j.Accept(res)
	if s := j.Status(true, "computed in "); s != "computed in 12ms" {
		t.Errorf("done status %q, want computed in 12ms", s)
	}
	if s := j.Status(false, "in "); s != "" {
		t.Errorf("done without a result: status %q, want empty", s)
	}
}
