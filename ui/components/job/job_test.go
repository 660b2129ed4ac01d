package job

import (
	"context"
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

// answerOf runs cmd and returns the answer and spinner tick it makes,
// without handing them to the job: the answer is on its way.
func answerOf(t *testing.T, cmd tea.Cmd) (common.ResultMsg, spinner.TickMsg) {
	t.Helper()
	var res *common.ResultMsg
	var tick *spinner.TickMsg
	for _, msg := range messages(cmd) {
		switch msg := msg.(type) {
		case common.ResultMsg:
			res = &msg
		case spinner.TickMsg:
			tick = &msg
		}
	}
	if res == nil || tick == nil {
		t.Fatalf("Run's command should answer and tick: result %v, tick %v", res, tick)
	}
	return *res, *tick
}

func value(v int) Work[int] {
	return func(context.Context) (int, error) { return v, nil }
}

func TestRunAnswersWithTheViewsNameAndGeneration(t *testing.T) {
	j := New[int](uitest.Theme(), "Trends")
	if j.Busy() || j.Gen() != 0 {
		t.Fatalf("a new job is busy %v at generation %d", j.Busy(), j.Gen())
	}
	res, _ := answerOf(t, j.Run("a", value(42)))
	if res.View != "Trends" || res.Gen != 1 || res.Value != 42 || res.Err != nil {
		t.Errorf("answer %+v, want Trends, generation 1, value 42", res)
	}
	if !j.Busy() || j.Key() != "a" {
		t.Errorf("after Run: busy %v, key %q", j.Busy(), j.Key())
	}
}

func TestHandleTakesTheLatestAnswerAsTheValue(t *testing.T) {
	j := New[int](uitest.Theme(), "Funnel")
	res, _ := answerOf(t, j.Run("a", value(7)))
	res.Took = 12 * time.Millisecond
	if ok, next := j.Handle(res); !ok || next != nil {
		t.Fatalf("the answer to the latest Run: answered %v, next %v", ok, next != nil)
	}
	v, ok := j.Value()
	if !ok || v != 7 || j.Busy() || j.Took() != 12*time.Millisecond || j.Err() != nil {
		t.Errorf("value %d (%v), busy %v, took %v, err %v", v, ok, j.Busy(), j.Took(), j.Err())
	}
}

func TestAnErrorKeepsTheLastGoodValue(t *testing.T) {
	j := New[int](uitest.Theme(), "Funnel")
	res, _ := answerOf(t, j.Run("a", value(7)))
	j.Handle(res)
	boom := errors.New("boom")
	res, _ = answerOf(t, j.Run("b", func(context.Context) (int, error) { return 0, boom }))
	if ok, _ := j.Handle(res); !ok {
		t.Fatal("an error answer was not taken")
	}
	if v, ok := j.Value(); !ok || v != 7 || !errors.Is(j.Err(), boom) {
		t.Errorf("value %d (%v), err %v: want 7 kept and boom", v, ok, j.Err())
	}
}

func TestRunStartsNothingWhenTheSpecDidNotChange(t *testing.T) {
	j := New[int](uitest.Theme(), "Funnel")
	res, _ := answerOf(t, j.Run("a", value(1)))
	if j.Run("a", value(2)) != nil {
		t.Error("the same spec started again while it was computing")
	}
	j.Handle(res)
	if j.Run("a", value(3)) != nil {
		t.Error("the same spec started again after its answer")
	}
	if j.rerun("a", value(4)) == nil {
		t.Error("rerun did not start the same spec again")
	}
}

func TestAStaleGenerationIsDroppedAndTheWaitingSpecRunsNext(t *testing.T) {
	j := New[string](uitest.Theme(), "Funnel")
	var oldCtx context.Context
	old, _ := answerOf(t, j.Run("old", func(ctx context.Context) (string, error) { oldCtx = ctx; return "old", nil }))
	if cmd := j.Run("new", func(context.Context) (string, error) { return "new", nil }); cmd != nil {
		t.Fatal("a Run while one computation runs started a second one")
	}
	if oldCtx.Err() == nil {
		t.Error("the replaced computation's context was not cancelled")
	}
	ok, next := j.Handle(old)
	if _, has := j.Value(); ok || has {
		t.Error("an answer to an older generation was taken")
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
	if ok, _ := j.Handle(*res); !ok || j.Busy() {
		t.Errorf("the newest answer: answered %v, busy %v", ok, j.Busy())
	}
	if v, _ := j.Value(); v != "new" {
		t.Errorf("value %q, want new", v)
	}
}

func TestABurstComputesTheFirstAndTheLastSpecOnly(t *testing.T) {
	j := New[int](uitest.Theme(), "Funnel")
	runs := map[int]int{}
	spec := func(n int) Work[int] {
		return func(context.Context) (int, error) { runs[n]++; return n, nil }
	}
	first, _ := answerOf(t, j.Run("1", spec(1)))
	for n := 2; n <= 5; n++ {
		if j.Run(string(rune('0'+n)), spec(n)) != nil {
			t.Fatalf("spec %d started beside the one running", n)
		}
	}
	_, next := j.Handle(first)
	for _, msg := range messages(next) {
		if r, isRes := msg.(common.ResultMsg); isRes {
			if ok, again := j.Handle(r); !ok || again != nil || r.Value != 5 {
				t.Errorf("last answer %v: answered %v, another run %v", r.Value, ok, again != nil)
			}
		}
	}
	if runs[1] != 1 || runs[5] != 1 || runs[2]+runs[3]+runs[4] != 0 {
		t.Errorf("runs %v, want only the first and the last spec", runs)
	}
}

func TestAnotherViewsResultIsIgnored(t *testing.T) {
	j := New[int](uitest.Theme(), "Funnel")
	res, _ := answerOf(t, j.Run("a", value(1)))
	res.View = "Drivers"
	if ok, _ := j.Handle(res); ok || !j.Busy() {
		t.Errorf("another view's answer: taken, or busy %v", j.Busy())
	}
}

func TestStopDropsTheAnswerUnderWayAndForgetsTheValue(t *testing.T) {
	j := New[int](uitest.Theme(), "Paths")
	res, _ := answerOf(t, j.Run("a", value(1)))
	j.Handle(res)
	res, _ = answerOf(t, j.Run("b", value(2)))
	j.Stop()
	if ok, next := j.Handle(res); j.Busy() || ok || next != nil {
		t.Errorf("after Stop: busy %v, or the old answer was taken (%v), or something runs next (%v)", j.Busy(), ok, next != nil)
	}
	if _, has := j.Value(); has || j.Key() != "" {
		t.Error("Stop kept the value or the key")
	}
	if j.Run("a", value(1)) == nil {
		t.Error("after Stop, the first spec did not run again")
	}
}

func TestTheSpinnerTicksOnlyWhileBusy(t *testing.T) {
	j := New[int](uitest.Theme(), "Funnel")
	res, tick := answerOf(t, j.Run("a", value(1)))
	if _, cmd := j.Handle(tick); cmd == nil {
		t.Error("a busy job dropped its spinner's tick")
	}
	if j.Spinner() == "" {
		t.Error("a busy job shows no spinner frame")
	}
	j.Handle(res)
	if _, cmd := j.Handle(tick); cmd != nil {
		t.Error("a done job kept its spinner ticking")
	}
	if j.Spinner() != "" {
		t.Error("a done job still shows a spinner frame")
	}
}

func TestStatusSaysComputingThenTheTimeItTook(t *testing.T) {
	j := New[int](uitest.Theme(), "Funnel")
	if s := j.Status("computed in "); s != "" {
		t.Errorf("idle status %q, want empty", s)
	}
	res, _ := answerOf(t, j.Run("a", value(1)))
	if s := j.Status("computed in "); !strings.HasSuffix(s, " computing…") || s == " computing…" {
		t.Errorf("busy status %q, want the spinner and computing…", s)
	}
	res.Took = 12 * time.Millisecond
	j.Handle(res)
	if s := j.Status("computed in "); s != "computed in 12ms" {
		t.Errorf("done status %q, want computed in 12ms", s)
	}
}

func TestLatestIsTheValueOrZeroBeforeOneAndAfterStop(t *testing.T) {
	j := New[*int](uitest.Theme(), "Drivers")
	if j.Latest() != nil {
		t.Fatal("a value before any answer")
	}
	seven := 7
	res, _ := answerOf(t, j.Run("a", func(context.Context) (*int, error) { return &seven, nil }))
	j.Handle(res)
	if j.Latest() != &seven {
		t.Errorf("latest %v after the answer, want %v", j.Latest(), &seven)
	}
	j.Stop()
	if j.Latest() != nil {
		t.Error("Stop kept the value")
	}
}
