package sshserve

import (
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestFromPatternsMatchAsSshdMatchesThem(t *testing.T) {
	cases := []struct {
		from string
		ip   string
		want bool
	}{
		{`"10.0.0.1"`, "10.0.0.1", true},
		{`"10.0.0.1"`, "127.0.0.1", false},
		{`"10.0.0.0/8"`, "10.200.3.4", true},
		{`"10.0.0.0/8"`, "11.0.0.1", false},
		{`"10.0.0.*"`, "10.0.0.77", true},
		{`"10.0.0.?"`, "10.0.0.77", false},
		{`"10.0.0.?"`, "10.0.0.7", true},
		{`"*"`, "192.168.1.1", true},
		{`"*,!192.168.1.1"`, "192.168.1.1", false},    // a negated match wins over any positive one
		{`"!192.168.1.1,*"`, "192.168.1.1", false},    // in either order
		{`"!192.168.1.1"`, "10.0.0.1", false},         // negations alone admit nobody
		{`"10.0.0.0/8,!10.0.0.5"`, "10.0.0.5", false}, // a hole in a block
		{`"10.0.0.0/8,!10.0.0.5"`, "10.0.0.6", true},
		{`"2001:db8::/32"`, "2001:db8::1", true},
		{`"2001:DB8::*"`, "2001:db8::1", true},    // patterns ignore case
		{`"127.0.0.1"`, "::ffff:127.0.0.1", true}, // IPv4 over IPv6 is the IPv4 address
	}
	for _, tc := range cases {
		t.Run(tc.from+" "+tc.ip, func(t *testing.T) {
			pats, err := parseFrom(tc.from)
			if err != nil {
				t.Fatal(err)
			}
			if got := matchFrom(pats, netip.MustParseAddr(tc.ip)); got != tc.want {
				t.Errorf("from=%s admits %s: %v, want %v", tc.from, tc.ip, got, tc.want)
			}
		})
	}
}

func TestKeyOptionsSshdWouldReadDifferentlyAreRefused(t *testing.T) {
	cases := []struct {
		opts    string
		wantErr string // "" when the options are honoured
		noPTY   bool
	}{
		{"", "", false},
		{"restrict", "", true},
		{"no-pty", "", true},
		{"restrict,pty", "", false}, // pty after restrict gives the terminal back
		{"pty,restrict", "", true},  // and not before it
		{"RESTRICT", "", true},      // option names ignore case
		{"restrict,no-port-forwarding,no-agent-forwarding,no-X11-forwarding,no-user-rc", "", true},
		{`from="10.0.0.0/8",expiry-time="20991231"`, "", false},
		{`command="/bin/date"`, "not supported", false},
		{`permitopen="localhost:80"`, "not supported", false},
		{`environment="A=b"`, "not supported", false},
		{"cert-authority", "not supported", false},
		{"made-up-option", "not supported", false},
		{"restrict=yes", "not supported", false},
		{`from=10.0.0.1`, "double quotes", false},
		{`from=""`, "empty pattern", false},
		{`from="10.0.0.1,,10.0.0.2"`, "empty pattern", false},
		{`from="10.0.0.1/8"`, "did you mean 10.0.0.0/8", false},
		{`from="10.0.0.0/40"`, "bad address block", false},
		{`expiry-time="2099"`, "want YYYYMMDD", false},
		{`expiry-time="20991340"`, "month out of range", false},
	}
	for _, tc := range cases {
		t.Run(tc.opts, func(t *testing.T) {
			var opts []string
			if tc.opts != "" {
				opts = splitOptions(tc.opts)
			}
			r, err := parseKeyOptions(opts)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
				t.Fatalf("err = %v, want one saying %q", err, tc.wantErr)
			case err == nil && r.noPTY != tc.noPTY:
				t.Errorf("noPTY = %v, want %v", r.noPTY, tc.noPTY)
			}
		})
	}
}

// splitOptions splits at commas outside quotes, as the key parser does.
func splitOptions(s string) []string {
	var out []string
	start, quoted := 0, false
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '"':
			quoted = !quoted
		case s[i] == ',' && !quoted:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func TestExpiryTimesAreLocalUnlessTheyEndInZ(t *testing.T) {
	cases := []struct {
		in   string
		want time.Time
	}{
		{`"20300102"`, time.Date(2030, 1, 2, 0, 0, 0, 0, time.Local)},
		{`"203001021504"`, time.Date(2030, 1, 2, 15, 4, 0, 0, time.Local)},
		{`"20300102150405Z"`, time.Date(2030, 1, 2, 15, 4, 5, 0, time.UTC)},
	}
	for _, tc := range cases {
		got, err := parseExpiry(tc.in)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("parseExpiry(%s) = %v, %v; want %v", tc.in, got, err, tc.want)
		}
	}
}

func TestARuleRefusesAfterItsExpiryAndOutsideItsAddresses(t *testing.T) {
	pats, err := parseFrom(`"10.0.0.0/8"`)
	if err != nil {
		t.Fatal(err)
	}
	noon := time.Date(2030, 1, 2, 12, 0, 0, 0, time.UTC)
	r := keyRule{line: 4, from: pats, expires: noon}
	inside, outside := netip.MustParseAddr("10.1.1.1"), netip.MustParseAddr("127.0.0.1")
	if why := r.refusal(inside, noon.Add(-time.Second)); why != "" {
		t.Errorf("refused before expiry, from inside: %s", why)
	}
	if why := r.refusal(inside, noon.Add(time.Second)); !strings.Contains(why, "expiry-time") || !strings.Contains(why, "line 4") {
		t.Errorf("after expiry: %q, want the expiry and the line named", why)
	}
	if why := r.refusal(outside, noon.Add(-time.Second)); !strings.Contains(why, "from= does not match 127.0.0.1") {
		t.Errorf("from outside: %q, want from= named", why)
	}
}

func TestGlobMatchesStarsAndQuestionMarks(t *testing.T) {
	cases := []struct {
		pattern, s string
		want       bool
	}{
		{"", "", true},
		{"*", "", true},
		{"", "a", false},
		{"a*c", "abbbc", true},
		{"a*c", "abbbd", false},
		{"*.*.*.1", "10.0.0.1", true},
		{"*.*.*.1", "10.0.0.12", false},
		{"?", "ab", false},
		{"**a", "bba", true},
		{"*a*a*a*a*a*b", strings.Repeat("a", 45), false}, // returns, and fast
	}
	for _, tc := range cases {
		if got := glob(tc.pattern, tc.s); got != tc.want {
			t.Errorf("glob(%q, %q) = %v, want %v", tc.pattern, tc.s, got, tc.want)
		}
	}
}
