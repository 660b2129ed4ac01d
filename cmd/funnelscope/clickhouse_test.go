package main_test

import (
	"context"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/clickhouse/chtest"
)

const chCSV = "user_id,event,timestamp,page\n" +
	"u1,view,2024-03-01T10:00:00Z,/a\n" +
	"u1,buy,2024-03-01T10:05:00Z,/b\n" +
	"u2,view,2024-03-01T11:00:00Z,/a\n"

func TestClickHouseInitImportAndPushThroughTheCommandLine(t *testing.T) {
	c := chtest.Server(t)
	url := chtest.URL(c)
	db := tempDB(t)
	if r := fsOK(t, db, "clickhouse", "init", "--engine", url); !strings.Contains(r.stdout, "events table ready") {
		t.Fatalf("init said:\n%s", r)
	}
	file := writeFile(t, "e.csv", chCSV)
	fsOK(t, db, "import", "--engine", url, file)
	fsOK(t, db, "import", "--engine", url, file)
	if exists(db) {
		t.Fatal("import --engine created the local --db")
	}
	n, err := c.QueryValue(context.Background(), "SELECT count() FROM events")
	if err != nil || n != "3" {
		t.Fatalf("events after importing twice = %q, %v; want 3", n, err)
	}
	// The same events pushed from a local store are already there.
	fsOK(t, db, "import", file)
	if r := fsOK(t, db, "clickhouse", "push", "--engine", url); !strings.Contains(r.stdout, "pushed 0 events") {
		t.Fatalf("push said:\n%s", r)
	}
}

func TestAnEngineURLsPasswordNeverShowsInAnError(t *testing.T) {
	const pw = "hunter2-secret"
	url := "clickhouse://ana:" + pw + "@127.0.0.1:1/shop"
	db := tempDB(t)
	for _, args := range [][]string{
		{"funnel", "--steps", "view,buy", "--engine", url},
		{"import", "--engine", url, writeFile(t, "e.csv", chCSV)},
		{"clickhouse", "init", "--engine", url},
		{"clickhouse", "push", "--engine", url},
		{"funnel", "--steps", "view,buy", "--engine", "ftp://ana:" + pw + "@h/x"},
	} {
		r := fs(t, db, args...)
		if r.code == 0 || strings.Contains(r.stdout+r.stderr, pw) || !strings.Contains(r.stderr, "ana:***@") {
			t.Errorf("%s: want a failure naming ana:***@ without the password, got\n%s", args[0], r)
		}
	}
	r := run(t, command(t, []string{"FUNNELSCOPE_ENGINE=" + url}, "--db", db, "funnel", "--steps", "view,buy"))
	if r.code == 0 || strings.Contains(r.stderr, pw) || !strings.Contains(r.stderr, "ana:$FUNNELSCOPE_ENGINE@") {
		t.Errorf("FUNNELSCOPE_ENGINE: want a failure pointing at the variable, got\n%s", r)
	}
}

func TestAFunnelOnTheEngineMatchesTheSameFunnelOnTheLocalDatabase(t *testing.T) {
	c := chtest.Server(t)
	url := chtest.URL(c)
	db := tempDB(t)
	file := writeFile(t, "e.csv", chCSV)
	fsOK(t, db, "clickhouse", "init", "--engine", url)
	fsOK(t, db, "import", "--engine", url, file)
	fsOK(t, db, "import", file)
	local := fsOK(t, db, "funnel", "--steps", "view,buy", "--format", "json")
	remote := fsOK(t, tempDB(t), "funnel", "--steps", "view,buy", "--format", "json", "--engine", url)
	if !strings.Contains(local.stdout, `"count": 2`) || remote.stdout != local.stdout {
		t.Fatalf("local:\n%s\nClickHouse:\n%s", local, remote)
	}
}

// engineWithEvents returns the engine URL of a test database holding chCSV.
func engineWithEvents(t *testing.T) string {
	t.Helper()
	url := chtest.URL(chtest.Server(t))
	fsOK(t, tempDB(t), "clickhouse", "init", "--engine", url)
	fsOK(t, tempDB(t), "import", "--engine", url, writeFile(t, "e.csv", chCSV))
	return url
}

func TestAnEngineURLGivenAsDBRunsOnTheEngineAsTheExplorersYWritesIt(t *testing.T) {
	url := engineWithEvents(t)
	viaEngine := fsOK(t, tempDB(t), "funnel", "--steps", "view,buy", "--format", "json", "--engine", url)
	viaDB := fsOK(t, url, "funnel", "--steps", "view,buy", "--format", "json")
	if viaDB.stdout != viaEngine.stdout || !strings.Contains(viaDB.stdout, `"count": 2`) {
		t.Fatalf("--engine:\n%s\n--db:\n%s", viaEngine, viaDB)
	}
}

func TestServeOnAnEngineSharesItsEventsWithEverySession(t *testing.T) {
	url := engineWithEvents(t)
	s := startServe(t, tempDB(t), "--allow-any-key", "--engine", url)
	if !strings.Contains(s.log(), "3 events of 2 users") {
		t.Fatalf("serve said:\n%s", s.log())
	}
	term := s.open(t)
	must(t, term.WaitFor("3 events", serveWait))
}
