package analysis

import (
	"fmt"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"

	"github.com/funnelscope/funnelscope/internal/snapshot"
)

// ReportURL is where a user is asked to report a bug.
const ReportURL = "https://github.com/funnelscope/funnelscope/issues"

// PanicError is a panic in analysis code, recovered and returned as an
// error. It is a bug in funnelscope: Decode and Build check that a log
// is sound, so no data should cause one. Its text says so, where it
// happened and where to report it; Stack is the whole goroutine's stack,
// for a log.
type PanicError struct {
	Value any    // what panic was called with
	Where string // the innermost frames of funnelscope's own code, innermost first
	Stack []byte // runtime/debug.Stack at the recover
}

func (e *PanicError) Error() string {
	return fmt.Sprintf("funnelscope bug: %v (at %s); please report it at %s, with the command or view that showed it",
		e.Value, e.Where, ReportURL)
}

// Unwrap returns the panic's value when it is an error (a runtime.Error,
// say), so errors.As still finds it.
func (e *PanicError) Unwrap() error {
	err, _ := e.Value.(error)
	return err
}

// Catch turns a panic of its goroutine into a *PanicError in *err when
// deferred directly: defer analysis.Catch(&err). It is the recover
// boundary of every goroutine that runs analysis code: the scan workers
// here, the engine's methods and the TUI's computations above.
func Catch(err *error) {
	if v := recover(); v != nil {
		*err = &PanicError{Value: v, Where: where(), Stack: debug.Stack()}
	}
}

// where names the frames between the panic and Catch that are
// funnelscope's (at most three), skipping the runtime's and Catch's own:
// the place to look, short enough for a status line.
func where() string {
	pcs := make([]uintptr, 32)
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs)])
	var out []string
	for len(out) < 3 {
		f, more := frames.Next()
		if strings.HasPrefix(f.Function, "github.com/funnelscope/") && !strings.HasSuffix(f.Function, ".Catch") {
			fn := f.Function[strings.LastIndex(f.Function, "/")+1:]
			out = append(out, fmt.Sprintf("%s %s:%d", fn, filepath.Base(f.File), f.Line))
		}
		if !more {
			break
		}
	}
	if len(out) == 0 {
		return "unknown place"
	}
	return strings.Join(out, " < ")
}

// injected is a panic armed by InjectWorkerPanic.
type injected struct {
	log   *snapshot.Log
	value any
}

// injectedPanic is the one global of this package, and only tests set it.
var injectedPanic atomic.Pointer[injected]

// InjectWorkerPanic makes the next scan worker over l panic with v, once.
// It exists for the tests of the recover boundaries (here, in the engine,
// the TUI and the SSH server): no sound log makes a worker panic, and
// those tests need one that does. Production code never calls it. Tests
// on other logs are unaffected, so tests may run in parallel.
func InjectWorkerPanic(l *snapshot.Log, v any) {
	injectedPanic.Store(&injected{log: l, value: v})
}

// fireInjectedPanic panics if InjectWorkerPanic armed a panic for l; it
// costs a scan worker one atomic load.
func fireInjectedPanic(l *snapshot.Log) {
	if p := injectedPanic.Load(); p != nil && p.log == l && injectedPanic.CompareAndSwap(p, nil) {
		panic(p.value)
	}
}
