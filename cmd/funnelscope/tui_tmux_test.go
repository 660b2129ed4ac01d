package main_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/funnelscope/funnelscope/internal/tmuxtest"
)

func TestTUIDemoOpensOnTheCheckoutThenBuildsAFunnelByKeysInTmux(t *testing.T) {
	_, env := cacheEnv(t)
	env = append(env, "NO_COLOR=")
	s := inShell(t, 100, 30, env, binPath+" demo --users 3000")
	// The demo opens on the sample's checkout, computed; emptied, it is
	// built again by keys.
	s.WaitFor("first screen", "1 Funnel", "2 Breakdown", "3,000 users", "1 view_item", "4 purchase", "100.0%")
	s.Keys("d", "d", "d", "d")
	s.WaitFor("emptied funnel", "No steps yet")

	s.Keys("a", "view_it")
	s.WaitFor("event picker", "Add a step", "view_item")
	s.Keys("Enter", "a", "add_to_c", "Enter", "a", "purchas", "Enter")
	scr := s.WaitFor("3-step funnel", "1 view_item", "2 add_to_cart", "3 purchase", "◀ biggest", "from start")
	if !strings.Contains(scr, "100.0%") {
		t.Errorf("the funnel shows no conversion:\n%s", scr)
	}

	s.Keys("2")
	s.WaitFor("breakdown", "device", "mobile", "desktop")

	scr = quit(s)
	if !strings.Contains(scr, "EXIT=0") {
		t.Errorf("exit status:\n%s", scr)
	}
	// The alternate screen is gone: the explorer's tabs are no longer drawn.
	if strings.Contains(scr, "2 Breakdown") {
		t.Errorf("the terminal was not restored:\n%s", scr)
	}
}

func TestOpenImportsInsideTheExplorerAndReopensFromItsCache(t *testing.T) {
	dir := t.TempDir()
	csv := filepath.Join(dir, "shop.csv")
	fsOK(t, filepath.Join(dir, "unused.db"), "sample", "--users", "400", "--out", csv, "--format", "csv")
	cache, env := cacheEnv(t)
	for round := 1; round <= 2; round++ {
		exploreAndQuit(t, env, binPath+" open "+csv, fmt.Sprintf("round %d", round), "shop-", "400 users", "1 Funnel", "suggested from the data")
	}
	dbs, _ := filepath.Glob(filepath.Join(cache, "funnelscope", "open", "shop-*.db"))
	done, _ := filepath.Glob(filepath.Join(cache, "funnelscope", "open", "shop-*.db.complete"))
	if len(dbs) != 1 || len(done) != 1 {
		t.Fatalf("cache holds %v and %v, want one database marked complete", dbs, done)
	}
	// The second round imported nothing: one import in the database.
	if _, got := infoJSON(t, dbs[0]); len(got.Imports) != 1 {
		t.Errorf("%d imports in the cached database, want 1", len(got.Imports))
	}
}

// cacheEnv is a colour terminal's environment whose user cache, where
// demo and open keep their databases, is a fresh directory: cache.
func cacheEnv(t *testing.T) (cache string, env []string) {
	cache = t.TempDir()
	return cache, []string{"XDG_CACHE_HOME=" + cache, "HOME=" + cache, "TERM=xterm-256color"}
}

// inShell runs command in a w×h terminal. The shell then prints its exit
// status (EXIT=n), once the explorer has restored the terminal, and keeps
// the pane open for the last capture.
func inShell(t *testing.T, w, h int, env []string, command string) *tmuxtest.Session {
	t.Helper()
	return tmuxtest.Start(t, w, h, env, command+"; echo EXIT=$?; sleep 60")
}

// quit presses q and returns the screen once the command in the shell
// (inShell) has exited.
func quit(s *tmuxtest.Session) string {
	s.Keys("q")
	return s.WaitFor("quit", "EXIT=")
}

// exploreAndQuit runs command in a terminal until the explorer shows
// wants, quits it and fails unless the command then exits 0.
func exploreAndQuit(t *testing.T, env []string, command, what string, wants ...string) {
	t.Helper()
	s := inShell(t, 100, 30, env, command)
	s.WaitFor(what, wants...)
	if scr := quit(s); !strings.Contains(scr, "EXIT=0") {
		t.Fatalf("%s:\n%s", what, scr)
	}
}

// demoAtEachSize opens the demo without colour at the smallest size the
// explorer is drawn for and at a large one, lets drive work in it, then
// quits it and fails unless demo exits 0.
func demoAtEachSize(t *testing.T, drive func(t *testing.T, s *tmuxtest.Session)) {
	for _, size := range [][2]int{{80, 24}, {160, 50}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			_, env := cacheEnv(t)
			s := inShell(t, size[0], size[1], append(env, "NO_COLOR="), binPath+" demo --users 3000")
			drive(t, s)
			if scr := quit(s); !strings.Contains(scr, "EXIT=0") {
				t.Errorf("exit status:\n%s", scr)
			}
		})
	}
}

func TestTheExplorerOnAMissingDatabaseSaysHowToImportAndCreatesNothing(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "none.db")
	exploreAndQuit(t, nil, binPath+" --db "+db, "empty screen", "no events yet", "import events.csv", "funnelscope demo")
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("looking created %v", entries)
	}
}

func TestTheExplorerRefusesAPipe(t *testing.T) {
	r := fs(t, filepath.Join(t.TempDir(), "x.db"), "ui")
	if r.code == 0 || !strings.Contains(r.stderr, "needs a terminal") {
		t.Fatalf("ui without a terminal:\n%s", r)
	}
}

func TestDemoWithADatabaseGeneratesTheSampleThereAndReopensIt(t *testing.T) {
	cache, env := cacheEnv(t)
	db := filepath.Join(t.TempDir(), "workshop.db")
	for round := 1; round <= 2; round++ {
		exploreAndQuit(t, env, binPath+" demo --users 300 --db "+db, fmt.Sprintf("round %d", round),
			"workshop.db", "300 users", "1 Funnel")
	}
	_, in := infoJSON(t, db)
	if in.Users != 300 || len(in.Imports) != 1 || in.Imports[0].File != "sample(users=300,seed=1)" {
		t.Errorf("want the sample imported once into %s, got %+v", db, in)
	}
	if demos, _ := filepath.Glob(filepath.Join(cache, "funnelscope", "demo-*")); len(demos) != 0 {
		t.Errorf("demo --db also wrote %v", demos)
	}
}

func TestOpenOfAFileThatIsNotEventDataFailsAndCachesNothing(t *testing.T) {
	cache, env := cacheEnv(t)
	csv := writeFile(t, "totals.csv", "region,revenue\nnorth,10\nsouth,12\n")
	s := inShell(t, 200, 40, env, binPath+" open "+csv)
	s.WaitFor("the refusal in the explorer", "not event data", "q quits")
	scr := quit(s)
	if !strings.Contains(scr, "EXIT=1") || !strings.Contains(scr, "funnelscope: import "+csv) {
		t.Errorf("want the refusal repeated after the explorer and a failing exit:\n%s", scr)
	}
	left, _ := filepath.Glob(filepath.Join(cache, "funnelscope", "open", "*"))
	if len(left) != 0 {
		t.Errorf("the cache keeps %v", left)
	}
}

func TestTheExplorerReopensADatabaseOnTheTabAndFunnelItShowedLast(t *testing.T) {
	_, env := cacheEnv(t)
	db := filepath.Join(t.TempDir(), "workshop.db")
	s := inShell(t, 160, 40, env, binPath+" demo --users 3000 --db "+db)
	s.WaitFor("first screen", "1 view_item", "4 purchase", "100.0%")
	s.Keys("d") // the cursor is on step 1: view_item goes
	s.WaitFor("3-step funnel", "1 add_to_cart", "3 purchase")
	s.Keys("3")
	s.WaitFor("paths", "add_to_cart")
	// At once: quitting writes what is still waiting.
	if scr := quit(s); !strings.Contains(scr, "EXIT=0") {
		t.Fatalf("demo:\n%s", scr)
	}

	s = inShell(t, 160, 40, env, binPath+" ui --db "+db)
	// The header counts users once the data is loaded; y before that
	// would describe the empty explorer.
	s.WaitFor("reopened", "workshop.db", "1 Funnel", "3,000 users")
	s.Keys("y")
	s.WaitFor("the same tab and funnel", "--tab paths", "--steps add_to_cart,begin_checkout,purchase")
	s.Keys("Escape")
	if scr := quit(s); !strings.Contains(scr, "EXIT=0") {
		t.Errorf("ui:\n%s", scr)
	}
}

// tourScenes is what each scene of the explorer's tour must show: its
// place in the tour and the insight on screen.
var tourScenes = [][]string{
	{"tour 1/7", "1 Funnel", "◀ biggest"},
	{"tour 2/7", "converted in their first session", "later:"},
	{"tour 3/7", "Breakdown by device", "mobile"},
	{"tour 4/7", "Breakdown by variant", "A", "B"},
	{"tour 5/7", "Drivers of purchase", "video_play", "newsletter_signup"},
	{"tour 6/7", "Conversion per day", "incomplete"},
	{"tour 7/7", "tiktok_teens", "convert"},
}

func TestTheTourWalksThroughEveryInsightOfTheDemoInTmux(t *testing.T) {
	demoAtEachSize(t, func(t *testing.T, s *tmuxtest.Session) {
		s.WaitFor("first screen", "press ] for the next insight", "4 purchase", "100.0%")
		for i, wants := range tourScenes {
			s.Keys("]")
			s.WaitFor(fmt.Sprintf("scene %d", i+1), wants...)
		}
		s.Keys("]")
		s.WaitFor("past the last scene", "the tour is over")
		s.Keys("P")
		s.WaitFor("presenter mode", "presenter mode (P to leave)")
	})
}
