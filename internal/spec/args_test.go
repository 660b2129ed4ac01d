package spec

import (
	"os/exec"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/funnelscope/funnelscope/internal/textsafe"
)

func TestCommandLineQuotesOnlyWhatTheShellWouldChange(t *testing.T) {
	cases := []struct {
		name string
		args []string
		want string
	}{
		{"plain words stay bare", []string{"--steps", "view,buy@2", "--from", "2026-09-01T12:00:00Z"},
			"funnelscope funnel --steps view,buy@2 --from 2026-09-01T12:00:00Z"},
		{"spaces, brackets and quotes are single-quoted", []string{"--steps", `"a,b",x[y=1]`, "--by", "utm source"},
			`funnelscope funnel --steps '"a,b",x[y=1]' --by 'utm source'`},
		{"a single quote is closed, escaped and reopened", []string{"--where", "q=it's"},
			`funnelscope funnel --where 'q=it'\''s'`},
		{"an empty argument is kept", []string{"--by", ""}, "funnelscope funnel --by ''"},
		{"a control character makes a $'…' word", []string{"--steps", "a\x1b[2J,b's\\\u202e"},
			`funnelscope funnel --steps $'a\x1b[2J,b\'s\\\xe2\x80\xae'`},
	}
	for _, c := range cases {
		if got := CommandLine("funnel", c.args); got != c.want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, got, c.want)
		}
	}
}

// A POSIX shell must split the command line back into the same words.
func TestCommandLineSurvivesTheShell(t *testing.T) {
	args := []string{"", "a b", "it's", `"q"`, "x[y]", "$HOME", "`id`", "*", "~", "a\\b", "ü", "-x", "!"}
	readBack(t, "sh", args)
}

// Names holding controls are $'…' words, which dash before 0.5.13 does
// not read: bash stands for the shells that do.
func TestCommandLineWithControlsSurvivesTheShellAndShowsNoneRaw(t *testing.T) {
	args := []string{"tab\there", "line\nbreak", "\x1b]52;c;aGk=\x07", "\x1b]0;T\x07", "\x1b[2J", "a\r\nb",
		"\u009b2J", "d\x7f", "\u202Egnp", "\xff\xc3", "it's \x1b\\", "\x1bab"}
	line := readBack(t, "bash", args)
	if !textsafe.Clean(line) {
		t.Errorf("raw controls in %q", line)
	}
}

// readBack runs the command line of args in shell and returns it after
// checking that the shell read args back byte for byte.
func readBack(t *testing.T, shell string, args []string) string {
	t.Helper()
	sh, err := exec.LookPath(shell)
	if err != nil {
		t.Skip("no " + shell)
	}
	line := CommandLine("funnel", args)
	// A shell function stands in for funnelscope and prints the words it
	// gets after the command name, each ended by a NUL.
	script := `funnelscope() { shift; printf '%s\0' "$@"; }; ` + line
	out, err := exec.Command(sh, "-c", script).Output()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	if !reflect.DeepEqual(got, args) {
		t.Errorf("%s read %q\nfrom %s\nwant %q", shell, got, line, args)
	}
	return line
}

func TestFormatInstantWritesMidnightsAsDays(t *testing.T) {
	berlin, err := ParseZone("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		name string
		t    time.Time
		loc  *time.Location
		want string
	}{
		{"midnight UTC is a day", time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), nil, "2026-09-01"},
		{"another instant is RFC 3339 in UTC", time.Date(2026, 9, 1, 7, 5, 0, 0, time.UTC), nil, "2026-09-01T07:05:00Z"},
		{"microseconds are kept", time.Date(2026, 9, 1, 0, 0, 0, 1000, time.UTC), nil, "2026-09-01T00:00:00.000001Z"},
		{"midnight in the zone is a day", time.Date(2026, 9, 1, 0, 0, 0, 0, berlin), berlin, "2026-09-01"},
		{"midnight UTC is not midnight in Berlin", time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), berlin, "2026-09-01T00:00:00Z"},
		{"before 1970", time.Date(1969, 12, 31, 23, 59, 59, 999999000, time.UTC), nil, "1969-12-31T23:59:59.999999Z"},
	}
	for _, c := range cases {
		if got := FormatInstant(c.t.UnixMicro(), c.loc); got != c.want {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

func TestArgsLeaveOutDefaultsAndQuoteWhatWouldReadOtherwise(t *testing.T) {
	cest := time.FixedZone("CEST", 2*3600)
	cases := []struct {
		name      string
		got, want []string
	}{
		{"a funnel of defaults is its steps", FunnelArgs(Funnel{Steps: []Step{{Name: "a"}, {Name: "b"}}, Window: DefaultWindow,
			SessionGap: defaultSessionGap, Top: 10}), []string{"--steps", "a,b"}},
		{"an exclusion named like EVENT@N is quoted", FunnelArgs(Funnel{Steps: []Step{{Name: "a"}},
			Exclude: []Exclusion{{Event: Step{Name: "x@2"}}, {Event: Step{Name: "x@2"}, To: 3}, {Event: Step{Name: "a@b"}}}}),
			[]string{"--steps", "a", "--exclude", `"x@2"`, "--exclude", "x@2@3", "--exclude", "a@b"}},
		{"a zone ParseZone does not know is its offset", TrendsArgs(Trends{Funnel: Funnel{Steps: []Step{{Name: "a"}}}, Location: cest}),
			[]string{"--steps", "a", "--tz", "+02:00"}},
		{"negative durations mean the defaults", MicroArgs(Micro{Goal: Step{Name: "g"}, SessionGap: -1}), []string{"--goal", "g"}},
		{"any negative lookback is none", AttributionArgs(Attribution{Goal: Step{Name: "g"}, Touch: "t", Model: LastTouch, Lookback: -5}),
			[]string{"--goal", "g", "--touch", "t", "--lookback", "none"}},
		{"min-users below 1 means the default", DriversArgs(Drivers{Goal: Step{Name: "g"}, MinUsers: -3}), []string{"--goal", "g"}},
		{"after a step the anchor is unused", PathsArgs(Paths{Anchor: Step{Name: "ignored"}, AfterStep: 1,
			Funnel: Funnel{Steps: []Step{{Name: "a"}, {Name: "b"}}}}), []string{"--after-step", "1", "--steps", "a,b"}},
	}
	for _, c := range cases {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s:\n got %q\nwant %q", c.name, c.got, c.want)
		}
	}
}
