package common

import (
	"strings"

	"github.com/funnelscope/funnelscope/internal/spec"
)

// ValueHint is the title of a value picker for key.
func ValueHint(key string) string {
	return key + " = ?   (!v not equal, ~v contains)"
}

// ParseValue reads a picked or typed value: "!v" means not equal, "~v"
// contains, anything else equal.
func ParseValue(key, v string) spec.Cond {
	switch {
	case strings.HasPrefix(v, "!") && len(v) > 1:
		return spec.Cond{Key: key, Op: spec.Ne, Value: v[1:]}
	case strings.HasPrefix(v, "~") && len(v) > 1:
		return spec.Cond{Key: key, Op: spec.Contains, Value: v[1:]}
	}
	return spec.Cond{Key: key, Op: spec.Eq, Value: v}
}
