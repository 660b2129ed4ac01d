package sshserve

import (
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"time"
)

// keyRule is one authorized_keys line's limits on its key: where it may
// come from, until when, and whether it may have a terminal.
type keyRule struct {
	line    int
	from    []hostPattern // from=; nil: any address
	expires time.Time     // expiry-time=; zero: never
	noPTY   bool          // restrict or no-pty, not lifted by a later pty
}

// harmlessOptions are honoured by construction: the server never forwards
// agents, ports or X11 and runs no rc file, so these neither widen nor
// narrow what a key gets.
var harmlessOptions = map[string]bool{
	"no-agent-forwarding": true, "no-port-forwarding": true, "no-x11-forwarding": true, "no-user-rc": true,
	"agent-forwarding": true, "port-forwarding": true, "x11-forwarding": true, "user-rc": true,
}

// parseKeyOptions reads a line's options as sshd(8) does. An option it
// cannot honour (command=, permitopen=, environment=, principals=, ...)
// refuses the whole line: a key must not get in with fewer limits than
// the line's author wrote.
func parseKeyOptions(opts []string) (keyRule, error) {
	var r keyRule
	for _, opt := range opts {
		name, value, hasValue := strings.Cut(opt, "=")
		name = strings.ToLower(name)
		var err error
		switch {
		case name == "from" && hasValue:
			r.from, err = parseFrom(value)
		case name == "expiry-time" && hasValue:
			r.expires, err = parseExpiry(value)
		case (name == "restrict" || name == "no-pty") && !hasValue:
			r.noPTY = true
		case name == "pty" && !hasValue:
			r.noPTY = false // OpenSSH reads options in order: restrict,pty gives a terminal back
		case harmlessOptions[name] && !hasValue:
		default:
			err = fmt.Errorf("option %q is not supported by funnelscope serve", opt)
		}
		if err != nil {
			return keyRule{}, err
		}
	}
	return r, nil
}

// refusal says why r refuses a login from ip at now ("" when it does not).
func (r keyRule) refusal(ip netip.Addr, now time.Time) string {
	if !r.expires.IsZero() && now.After(r.expires) {
		return fmt.Sprintf("expiry-time %s has passed (line %d)", r.expires.Format(time.RFC3339), r.line)
	}
	if r.from != nil && !matchFrom(r.from, ip) {
		return fmt.Sprintf("from= does not match %s (line %d)", ip, r.line)
	}
	return ""
}

// unquote reads an option's value: in double quotes, with \" for a quote.
func unquote(v string) (string, error) {
	if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
		return "", fmt.Errorf("value %s is not in double quotes", v)
	}
	return strings.ReplaceAll(v[1:len(v)-1], `\"`, `"`), nil
}

// parseExpiry reads expiry-time="YYYYMMDD[HHMM[SS]][Z]": local time unless
// it ends in Z, as sshd(8) reads it.
func parseExpiry(v string) (time.Time, error) {
	s, err := unquote(v)
	if err != nil {
		return time.Time{}, fmt.Errorf("expiry-time: %w", err)
	}
	loc := time.Local
	if t, ok := strings.CutSuffix(s, "Z"); ok {
		s, loc = t, time.UTC
	}
	layout := map[int]string{8: "20060102", 12: "200601021504", 14: "20060102150405"}[len(s)]
	if layout == "" {
		return time.Time{}, fmt.Errorf("expiry-time %q: want YYYYMMDD, YYYYMMDDHHMM or YYYYMMDDHHMMSS, optionally ending in Z", s)
	}
	t, err := time.ParseInLocation(layout, s, loc)
	if err != nil {
		return time.Time{}, fmt.Errorf("expiry-time %q: %w", s, err)
	}
	return t, nil
}

// hostPattern is one entry of from=: an address or CIDR block, or else a
// pattern with * and ? matched against the address's text (the server does
// no reverse lookups, as sshd with its default UseDNS no); ! negates it.
type hostPattern struct {
	negated bool
	block   netip.Prefix // valid for an address or a CIDR block
	glob    string
}

func parseFrom(v string) ([]hostPattern, error) {
	s, err := unquote(v)
	if err != nil {
		return nil, fmt.Errorf("from: %w", err)
	}
	var pats []hostPattern
	for entry := range strings.SplitSeq(s, ",") {
		p := hostPattern{}
		entry, p.negated = strings.CutPrefix(entry, "!")
		if entry == "" {
			return nil, errors.New(`from: an empty pattern (two commas, or a lone "!")`)
		}
		if p.block, err = parseBlock(entry); err != nil {
			return nil, fmt.Errorf("from: %w", err)
		}
		if !p.block.IsValid() {
			p.glob = strings.ToLower(entry)
		}
		pats = append(pats, p)
	}
	return pats, nil
}

// parseBlock reads an address or a CIDR block; a pattern that is neither
// gives no block and no error. As in sshd, a block with host bits set
// (10.0.0.1/8) is an error, not a silent widening.
func parseBlock(s string) (netip.Prefix, error) {
	if a, err := netip.ParseAddr(s); err == nil {
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	if !strings.Contains(s, "/") {
		return netip.Prefix{}, nil
	}
	p, err := netip.ParsePrefix(s)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("bad address block %q: %w", s, err)
	}
	if p.Masked() != p {
		return netip.Prefix{}, fmt.Errorf("address block %q has bits set past its mask (did you mean %s?)", s, p.Masked())
	}
	return p, nil
}

// matchFrom is sshd's match_host_and_ip with the address as host name:
// some entry matches and no negated entry does.
func matchFrom(pats []hostPattern, ip netip.Addr) bool {
	ip = ip.Unmap()
	text := strings.ToLower(ip.String())
	matched := false
	for _, p := range pats {
		hit := glob(p.glob, text)
		if p.block.IsValid() {
			hit = p.block.Contains(ip)
		}
		if hit && p.negated {
			return false
		}
		matched = matched || hit
	}
	return matched
}

// glob matches s against a pattern of * (any run) and ? (one byte),
// backtracking only to the last star, so it runs in linear-ish time.
func glob(pattern, s string) bool {
	p, i, star, mark := 0, 0, -1, 0
	for i < len(s) {
		switch {
		case p < len(pattern) && (pattern[p] == '?' || pattern[p] == s[i]):
			p, i = p+1, i+1
		case p < len(pattern) && pattern[p] == '*':
			star, mark = p, i
			p++
		case star >= 0:
			mark++
			p, i = star+1, mark
		default:
			return false
		}
	}
	for p < len(pattern) && pattern[p] == '*' {
		p++
	}
	return p == len(pattern)
}
