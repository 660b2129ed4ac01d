package layers

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/funnelscope/funnelscope/"

// rule says which of the module's packages the packages under dir may
// import (directly, from non-test files). A prefix ending in "/" stands
// for every package below it.
type rule struct {
	dir   string
	allow []string
	deny  []string // checked when allow is nil
}

var rules = []rule{
	{dir: "internal/spec", allow: []string{"internal/textsafe"}},
	{dir: "internal/textsafe", allow: []string{}},
	{dir: "internal/store", allow: []string{}},
	{dir: "internal/propblob", allow: []string{}},
	{dir: "internal/memtest", allow: []string{}}, // a test helper: a leaf
	{dir: "internal/snapshot", allow: []string{"internal/propblob"}},
	{dir: "internal/analysis", allow: []string{"internal/snapshot", "internal/spec", "internal/propblob"}},
	{dir: "internal/engine", allow: []string{"internal/analysis", "internal/snapshot", "internal/spec"}},
	{dir: "internal/report", allow: []string{"internal/analysis", "internal/spec", "internal/textsafe"}},
	{dir: "internal/dataset", allow: []string{"internal/snapshot", "internal/store"}},
	{dir: "internal/saved", allow: []string{"internal/spec", "internal/store"}},
	// The explorer's state reaches its table through an interface the
	// store satisfies, so that the UI may hold a State without importing
	// the store.
	{dir: "internal/explorerstate", allow: []string{"internal/spec"}},
	{dir: "internal/ingest", allow: []string{"internal/store", "internal/propblob"}},
	{dir: "internal/clickhouse", allow: []string{"internal/ingest", "internal/propblob", "internal/store", "internal/textsafe", "internal/clickhouse"}},
	// The TUI reaches data only through the engine and saved funnels
	// through an interface: never the store, the importers or the raw
	// analysis functions' inputs.
	{dir: "ui/", deny: []string{"internal/store", "internal/dataset", "internal/ingest", "internal/saved", "cmd/"}},
	{dir: "ui/common", allow: []string{"internal/engine", "internal/report", "internal/spec", "internal/textsafe", "ui/theme"}},
	{dir: "ui/components/", deny: []string{"ui/views/", "ui/app"}},
	{dir: "ui/views/", deny: []string{"ui/views/", "ui/app"}},
}

// imports lists the module packages that the non-test Go files of dir
// import, relative to the module.
func imports(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, is := range af.Imports {
			p, _ := strconv.Unquote(is.Path.Value)
			if rel, ok := strings.CutPrefix(p, module); ok {
				out = append(out, rel)
			}
		}
	}
	return out
}

func matches(pkg, pattern string) bool {
	if strings.HasSuffix(pattern, "/") {
		return strings.HasPrefix(pkg, pattern)
	}
	return pkg == pattern
}

// packages lists every package directory of the module, relative to it.
func packages(t *testing.T, root string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if !d.IsDir() && strings.HasSuffix(path, ".go") {
			rel, _ := filepath.Rel(root, filepath.Dir(path))
			if len(out) == 0 || out[len(out)-1] != rel {
				out = append(out, filepath.ToSlash(rel))
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPackagesImportOnlyDownTheLayers(t *testing.T) {
	root := "../.."
	checked := 0
	for _, pkg := range packages(t, root) {
		deps := imports(t, filepath.Join(root, pkg))
		for _, r := range rules {
			if !matches(pkg, r.dir) && !(strings.HasSuffix(r.dir, "/") && pkg+"/" == r.dir) {
				continue
			}
			checked++
			for _, d := range deps {
				if r.allow != nil && !allowed(d, r.allow) {
					t.Errorf("%s imports %s: its layer may import only %v", pkg, d, r.allow)
				}
				if r.allow == nil && allowed(d, r.deny) && !(strings.HasSuffix(r.dir, "/") && strings.HasPrefix(d, pkg)) {
					t.Errorf("%s imports %s, which its layer must not (%v)", pkg, d, r.deny)
				}
			}
		}
	}
	if checked < 20 {
		t.Fatalf("only %d rule checks ran: the package walk is broken", checked)
	}
}

func allowed(pkg string, patterns []string) bool {
	for _, p := range patterns {
		if matches(pkg, p) {
			return true
		}
	}
	return false
}

func TestTheRuleCheckCatchesAnUpwardImport(t *testing.T) {
	r := rules[0] // internal/spec may import nothing of ours but textsafe
	if allowed("internal/store", r.allow) {
		t.Fatal("the spec rule lets spec import the store")
	}
	if !matches("ui/views/funnel", "ui/views/") || matches("ui/viewsx", "ui/views/") {
		t.Error("prefix patterns match the wrong packages")
	}
}
