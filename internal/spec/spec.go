// Package spec holds the analysis specifications shared by the CLI and the
// TUI (steps, property conditions, windows, filters) and their text syntax.
// It knows nothing of data: names are checked against a log elsewhere.
package spec

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Op is a property comparison.
type Op int

// The comparisons of the step syntax.
const (
	Eq       Op = iota // key=value
	Ne                 // key!=value (true where the key is missing)
	Contains           // key~substring
)

var opText = map[Op]string{Eq: "=", Ne: "!=", Contains: "~"}

// Cond is one property condition.
type Cond struct {
	Key   string
	Op    Op
	Value string
}

func (c Cond) String() string { return quote(c.Key, "=!~&]") + opText[c.Op] + quote(c.Value, "&]") }

// Step is an event name with optional conditions that all must hold.
type Step struct {
	Name  string
	Conds []Cond
}

func (s Step) String() string {
	out := quote(s.Name, ",[]")
	if len(s.Conds) > 0 {
		parts := make([]string, len(s.Conds))
		for i, c := range s.Conds {
			parts[i] = c.String()
		}
		out += "[" + strings.Join(parts, "&") + "]"
	}
	return out
}

// quote wraps s in double quotes when it holds any of special, a quote or
// leading/trailing space.
func quote(s, special string) string {
	if s == "" || strings.ContainsAny(s, special+`"`) || strings.TrimSpace(s) != s {
		return strconv.Quote(s)
	}
	return s
}

// ParseSteps reads "a, b[key=value&k2!=x], "name, with comma"".
func ParseSteps(s string) ([]Step, error) {
	p := &parser{s: s}
	var steps []Step
	for {
		st, err := p.step()
		if err != nil {
			return nil, fmt.Errorf("steps %q: %w", s, err)
		}
		steps = append(steps, st)
		p.space()
		if p.eof() {
			return steps, nil
		}
		if !p.eat(',') {
			return nil, fmt.Errorf("steps %q: at %d: expected ',' between steps, found %q", s, p.i+1, p.s[p.i])
		}
	}
}

// ParseStep reads one step.
func ParseStep(s string) (Step, error) {
	steps, err := ParseSteps(s)
	if err != nil {
		return Step{}, err
	}
	if len(steps) != 1 {
		return Step{}, fmt.Errorf("step %q: expected one step, found %d", s, len(steps))
	}
	return steps[0], nil
}

// ParseCond reads "key=value", "key!=value" or "key~substring" (a --where filter).
func ParseCond(s string) (Cond, error) {
	p := &parser{s: s}
	c, err := p.cond("")
	if err == nil && !p.eof() {
		err = fmt.Errorf("at %d: unexpected %q", p.i+1, p.s[p.i:])
	}
	if err != nil {
		return Cond{}, fmt.Errorf("filter %q: %w", s, err)
	}
	return c, nil
}

type parser struct {
	s string
	i int
}

func (p *parser) eof() bool { return p.i >= len(p.s) }

func (p *parser) space() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

func (p *parser) eat(c byte) bool {
	if p.i < len(p.s) && p.s[p.i] == c {
		p.i++
		return true
	}
	return false
}

// word reads a quoted string or text up to one of stop.
func (p *parser) word(stop string) (string, error) {
	p.space()
	if p.i < len(p.s) && p.s[p.i] == '"' {
		end := p.i + 1
		for end < len(p.s) && p.s[end] != '"' {
			if p.s[end] == '\\' {
				end++
			}
			end++
		}
		if end >= len(p.s) {
			return "", fmt.Errorf("at %d: unterminated quote", p.i+1)
		}
		w, err := strconv.Unquote(p.s[p.i : end+1])
		if err != nil {
			return "", fmt.Errorf("at %d: %w", p.i+1, err)
		}
		p.i = end + 1
		p.space()
		return w, nil
	}
	start := p.i
	for p.i < len(p.s) && !strings.ContainsRune(stop, rune(p.s[p.i])) {
		p.i++
	}
	return strings.TrimSpace(p.s[start:p.i]), nil
}

func (p *parser) step() (Step, error) {
	name, err := p.word(",[]")
	if err != nil {
		return Step{}, err
	}
	if name == "" {
		return Step{}, fmt.Errorf("at %d: empty step name", p.i+1)
	}
	st := Step{Name: name}
	p.space()
	if !p.eat('[') {
		return st, nil
	}
	for {
		c, err := p.cond("&]")
		if err != nil {
			return Step{}, err
		}
		st.Conds = append(st.Conds, c)
		p.space()
		if p.eat(']') {
			return st, nil
		}
		if !p.eat('&') {
			return Step{}, fmt.Errorf("at %d: expected '&' or ']' in the conditions of %q", p.i+1, name)
		}
	}
}

func (p *parser) cond(stop string) (Cond, error) {
	key, err := p.word("=!~" + stop)
	if err != nil {
		return Cond{}, err
	}
	if key == "" {
		return Cond{}, fmt.Errorf("at %d: expected a property name", p.i+1)
	}
	var op Op
	switch {
	case p.eat('='):
		op = Eq
	case p.eat('!') && p.eat('='):
		op = Ne
	case p.eat('~'):
		op = Contains
	default:
		return Cond{}, fmt.Errorf("at %d: expected =, != or ~ after %q", p.i+1, key)
	}
	val, err := p.word(stop)
	if err != nil {
		return Cond{}, err
	}
	return Cond{Key: key, Op: op, Value: val}, nil
}

// ParseDuration reads 90s, 30m, 1h, 7d, 2w (and Go durations like 1h30m),
// returning microseconds.
func ParseDuration(s string) (int64, error) {
	s = strings.TrimSpace(s)
	units := map[byte]int64{'d': 24 * 3600 * 1e6, 'w': 7 * 24 * 3600 * 1e6}
	if n := len(s); n > 1 {
		if mult, ok := units[s[n-1]]; ok {
			v, err := strconv.ParseFloat(s[:n-1], 64)
			if err != nil || v < 0 {
				return 0, fmt.Errorf("duration %q: expected a number before %q (e.g. 7d, 2w)", s, s[n-1:])
			}
			return int64(v * float64(mult)), nil
		}
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		return 0, fmt.Errorf("duration %q: expected e.g. 30m, 1h, 7d or 2w", s)
	}
	return d.Microseconds(), nil
}

// FormatDuration renders µs in the shortest unit of ParseDuration that is exact.
func FormatDuration(us int64) string {
	switch {
	case us == 0:
		return "0s"
	case us%(7*24*3600*1e6) == 0:
		return strconv.FormatInt(us/(7*24*3600*1e6), 10) + "w"
	case us%(24*3600*1e6) == 0:
		return strconv.FormatInt(us/(24*3600*1e6), 10) + "d"
	case us%(3600*1e6) == 0:
		return strconv.FormatInt(us/(3600*1e6), 10) + "h"
	case us%(60*1e6) == 0:
		return strconv.FormatInt(us/(60*1e6), 10) + "m"
	}
	return (time.Duration(us) * time.Microsecond).String()
}
