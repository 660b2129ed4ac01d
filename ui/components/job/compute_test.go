package job

import (
	"errors"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/ui/common"
)

func TestComputeAnswersAPanicWithAnErrorInsteadOfEndingTheProgram(t *testing.T) {
	boom := errors.New("boom")
	tests := []struct {
		name    string
		f       func() (any, error)
		value   any
		wantErr string // "" for none
	}{
		{"a result", func() (any, error) { return 42, nil }, 42, ""},
		{"an error", func() (any, error) { return nil, boom }, nil, "boom"},
		{"a panic", func() (any, error) { panic("injected") }, nil, "funnelscope bug: injected"},
		{"a runtime error", func() (any, error) { return at(nil, 3), nil },
			nil, "funnelscope bug: runtime error: index out of range [3] with length 0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, ok := compute("Funnel", 3, tt.f)().(common.ResultMsg)
			if !ok || msg.View != "Funnel" || msg.Gen != 3 {
				t.Fatalf("answer %#v, want a ResultMsg for Funnel, generation 3", msg)
			}
			if msg.Value != tt.value {
				t.Errorf("value %v, want %v", msg.Value, tt.value)
			}
			switch {
			case tt.wantErr == "" && msg.Err != nil:
				t.Errorf("error %v, want none", msg.Err)
			case tt.wantErr != "" && (msg.Err == nil || !strings.Contains(msg.Err.Error(), tt.wantErr)):
				t.Errorf("error %v, want one containing %q", msg.Err, tt.wantErr)
			}
		})
	}
}

// at is s[i], out of range or not: the bug a runtime error stands for.
func at(s []int, i int) int { return s[i] }
