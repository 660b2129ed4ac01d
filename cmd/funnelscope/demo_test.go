package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

func TestDemoRefusesADatabaseThatHoldsOtherEvents(t *testing.T) {
	db := tempDB(t)
	fsOK(t, db, "import", writeFile(t, "small.ndjson", smallNDJSON))
	before, _ := infoJSON(t, db)
	r := fs(t, db, "demo", "--users", "300")
	if r.code == 0 || !strings.Contains(r.stderr, "does not hold the sample") || !strings.Contains(r.stderr, "funnelscope --db "+db) {
		t.Errorf("demo --db on a database of other events: want a refusal naming it, got\n%s", r)
	}
	if after, _ := infoJSON(t, db); after != before {
		t.Errorf("the refused database changed:\n%s\nwant\n%s", after, before)
	}
}

func TestDemoIgnoresTheEnvironmentsDatabase(t *testing.T) {
	cache := t.TempDir()
	db := filepath.Join(t.TempDir(), "mine.db")
	// Without a terminal demo stops before generating anything: what
	// matters is that FUNNELSCOPE_DB was neither checked nor created.
	r := run(t, command(t, []string{"FUNNELSCOPE_DB=" + db, "XDG_CACHE_HOME=" + cache, "HOME=" + cache}, "demo"))
	if r.code == 0 || !strings.Contains(r.stderr, "needs a terminal") || exists(db) {
		t.Errorf("demo with FUNNELSCOPE_DB and no terminal: want the terminal refusal and no %s, got\n%s", db, r)
	}
}
