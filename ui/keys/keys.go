// Package keys declares every key binding of the TUI once. The same
// bindings drive behaviour (key.Matches) and help (bubbles/help), so the
// help screen cannot drift from what the keys do.
package keys

import "github.com/charmbracelet/bubbles/key"

func b(keys []string, k, help string) key.Binding {
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp(k, help))
}

// Global keys work in every view unless a picker or prompt has the focus.
var (
	Quit     = b([]string{"q", "ctrl+c"}, "q", "quit")
	Help     = b([]string{"?"}, "?", "help")
	NextTab  = b([]string{"tab"}, "tab", "next view")
	PrevTab  = b([]string{"shift+tab"}, "shift+tab", "previous view")
	Command  = b([]string{"y"}, "y", "show/copy command")
	Export   = b([]string{"x"}, "x", "export csv/md")
	Save     = b([]string{"s"}, "s", "save funnel")
	Open     = b([]string{"O"}, "O", "open saved")
	Where    = b([]string{"g"}, "g", "global filter")
	ClearAll = b([]string{"R"}, "R", "reset filters+dates")
	Dates    = b([]string{"D"}, "D", "date range")
)

// Movement keys shared by lists and tables.
var (
	Up     = b([]string{"up", "k"}, "↑/k", "up")
	Down   = b([]string{"down", "j"}, "↓/j", "down")
	Enter  = b([]string{"enter"}, "enter", "choose")
	Back   = b([]string{"esc"}, "esc", "back")
	Drill  = b([]string{"enter"}, "enter", "drill down")
	Left   = b([]string{"left", "h"}, "←/h", "collapse")
	Right  = b([]string{"right", "l"}, "→/l", "expand")
	PgUp   = b([]string{"pgup"}, "pgup", "page up")
	PgDown = b([]string{"pgdown"}, "pgdn", "page down")
	Home   = b([]string{"home"}, "home", "first row")
	End    = b([]string{"end"}, "end", "last row")
	Filter = b([]string{"/"}, "/", "filter rows")
)

// Funnel view keys.
var (
	AddStep     = b([]string{"a"}, "a", "add step")
	DelStep     = b([]string{"d", "delete"}, "d", "remove step")
	MoveUp      = b([]string{"K", "shift+up"}, "K", "move step up")
	MoveDown    = b([]string{"J", "shift+down"}, "J", "move step down")
	StepFilter  = b([]string{"f"}, "f", "step filter")
	ClearFilter = b([]string{"F"}, "F", "clear step filter")
	Window      = b([]string{"w"}, "w", "window")
	Order       = b([]string{"o"}, "o", "order strict/any")
	CountUnit   = b([]string{"c"}, "c", "count users/sessions")
	Exclude     = b([]string{"e"}, "e", "exclusions")
	ReplaceStep = b([]string{"r"}, "r", "replace event")
	Duplicate   = b([]string{"+"}, "+", "duplicate step")
	Undo        = b([]string{"u"}, "u", "undo last edit")
)

// Keys of the other views.
var (
	Property  = b([]string{"p"}, "p", "pick property")
	Sort      = b([]string{"S"}, "S", "sort")
	Direction = b([]string{"r"}, "r", "forward/backward")
	Anchor    = b([]string{"a"}, "a", "anchor event")
	Goal      = b([]string{"G"}, "G", "goal event")
	Split     = b([]string{"v"}, "v", "converters vs not")
	DropNext  = b([]string{"n"}, "n", "after drop at step")
	AddToFun  = b([]string{"+"}, "+", "add as funnel step")
	Interval  = b([]string{"i"}, "i", "day/week")
	Model     = b([]string{"m"}, "m", "model")
	Touch     = b([]string{"t"}, "t", "touch property")
)

// Keys of the saved-funnel list (O). Typing filters that list, so they
// are control keys, which no name is typed with.
var (
	RenameSaved = b([]string{"ctrl+r"}, "ctrl+r", "rename")
	DeleteSaved = b([]string{"ctrl+x"}, "ctrl+x", "delete")
)
