package main_test

// End-to-end tests: they build the real binary once and drive it the way a
// user does, through arguments, environment, stdin, exit codes and output.
// They are black-box on purpose (package main_test): they check what a user
// sees, not how the commands are put together.

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// binPath is the funnelscope binary TestMain builds; workDir holds it and
// the large generated inputs shared by several tests.
var binPath, workDir string

// Real data (see /work/shared/data/README.md), as absolute paths because
// every command runs in its own empty working directory.
var (
	rees46CSV = dataFile("rees46-multicategory-2019oct-head/2019-Oct-head.csv")
	uciCSV    = dataFile("uci-online-shoppers-intention/online_shoppers_intention.csv")
)

// needData skips t when a real-data file is absent: a fresh clone has no
// ../shared beside it, and its tests must pass all the same.
func needData(t testing.TB, path string) {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s is absent (the public datasets live in ../shared/data beside the clone)", path)
	}
}

func dataFile(rel string) string {
	p, err := filepath.Abs(filepath.Join("..", "..", "..", "shared", "data", filepath.FromSlash(rel)))
	if err != nil {
		panic(err)
	}
	return p
}

func TestMain(m *testing.M) {
	os.Exit(runMain(m))
}

func runMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "funnelscope-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	workDir = dir
	binPath = filepath.Join(dir, "funnelscope")
	if runtime.GOOS == "windows" {
		binPath += ".exe"
	}
	build := exec.Command("go", "build", "-o", binPath, ".")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: building funnelscope:", err)
		return 1
	}
	return m.Run()
}

// result is what one run of the binary did.
type result struct {
	stdout, stderr string
	code           int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\n--- stdout\n%s--- stderr\n%s", r.code, r.stdout, r.stderr)
}

// command prepares a run of the binary with an environment free of
// FUNNELSCOPE_DB (the developer's own setting must not leak in) plus env,
// in a fresh empty working directory, so a test that forgets --db can never
// touch a real ./funnelscope.db.
func command(t testing.TB, env []string, args ...string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(binPath, args...)
	cmd.Dir = t.TempDir()
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "FUNNELSCOPE_DB=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...)
	return cmd
}

// run runs cmd to completion and reports its outputs and exit code.
func run(t testing.TB, cmd *exec.Cmd) result {
	t.Helper()
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var ee *exec.ExitError
	if err != nil && !errors.As(err, &ee) {
		t.Fatalf("running %v: %v", cmd.Args, err)
	}
	return result{stdout.String(), stderr.String(), cmd.ProcessState.ExitCode()}
}

// fs runs funnelscope --db db args... (stdin empty).
func fs(t testing.TB, db string, args ...string) result {
	t.Helper()
	return run(t, command(t, nil, append([]string{"--db", db}, args...)...))
}

// fsOK is fs that fails the test unless the command exits 0.
func fsOK(t testing.TB, db string, args ...string) result {
	t.Helper()
	r := fs(t, db, args...)
	if r.code != 0 {
		t.Fatalf("funnelscope --db %s %s: want exit 0, got\n%s", db, strings.Join(args, " "), r)
	}
	return r
}

// refusal is a command line that must fail and a part of the message it
// must print.
type refusal struct {
	args []string
	want string
}

// checkRefusals runs funnelscope command with each refusal's args on the
// 2,000-user sample and fails t unless it exits non-zero with want in its
// stderr.
func checkRefusals(t *testing.T, command string, cases []refusal) {
	t.Helper()
	db := sample2000(t)
	for _, c := range cases {
		r := fs(t, db, append([]string{command}, c.args...)...)
		if r.code == 0 || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%s %v: want an error containing %q, got\n%s", command, c.args, c.want, r)
		}
	}
}

// fsWithStdin runs funnelscope --db db args... reading stdin from in.
func fsWithStdin(t testing.TB, db string, in io.Reader, args ...string) result {
	t.Helper()
	cmd := command(t, nil, append([]string{"--db", db}, args...)...)
	cmd.Stdin = in
	return run(t, cmd)
}

// info is the part of `info --format json` the tests read.
type info struct {
	Database   string       `json:"database"`
	Events     int64        `json:"events"`
	Users      int64        `json:"users"`
	EventNames int64        `json:"event_names"`
	First      string       `json:"first"`
	Last       string       `json:"last"`
	Imports    []importInfo `json:"imports"`
}

type importInfo struct {
	ID         int64  `json:"id"`
	File       string `json:"file"`
	Format     string `json:"format"`
	Size       int64  `json:"size"`
	SHA256     string `json:"sha256"`
	RowsRead   int64  `json:"rows_read"`
	Imported   int64  `json:"imported"`
	Duplicates int64  `json:"duplicates"`
	Rejected   int64  `json:"rejected"`
	Skipped    int64  `json:"skipped"`
	Started    string `json:"started"`
	Finished   string `json:"finished"`
}

// infoJSON runs `info --format json` and returns its raw output and decoded form.
func infoJSON(t testing.TB, db string) (string, info) {
	t.Helper()
	r := fsOK(t, db, "info", "--format", "json")
	var in info
	if err := json.Unmarshal([]byte(r.stdout), &in); err != nil {
		t.Fatalf("info --format json is not JSON: %v\n%s", err, r.stdout)
	}
	if in.Imports == nil {
		t.Fatalf("info --format json: imports must be a list, even when empty\n%s", r.stdout)
	}
	return r.stdout, in
}

// writeFile writes content to name in a new temporary directory and returns its path.
func writeFile(t testing.TB, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// tempDB returns a path for a database that does not exist yet.
func tempDB(t testing.TB) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "test.db")
}

func exists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
}
