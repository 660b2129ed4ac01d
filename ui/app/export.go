package app

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/funnelscope/funnelscope/ui/components/picker"
)

// exportFormats are the formats x offers, with what each one is.
var exportFormats = []struct{ name, what string }{{"csv", "comma-separated"}, {"md", "Markdown table"}}

// openExport asks for a format and a destination: a new file in the
// working directory (local sessions only: over SSH it would land on the
// server) or the clipboard, by OSC 52.
func (m *Model) openExport() {
	var items []picker.Item
	for _, f := range exportFormats {
		if m.opts.Local {
			items = append(items, picker.Item{Label: f.name + " file", Detail: f.what + ", new file here"})
		}
		items = append(items, picker.Item{Label: f.name + " clipboard", Detail: f.what + ", copied"})
	}
	m.dialog.Pick("Export "+m.views[m.active].Title()+" as", items, m.export)
}

// export sends the active view's result where choice ("csv file", "md
// clipboard") says, and names on the status line where it went.
func (m *Model) export(choice string) tea.Cmd {
	format, to, _ := strings.Cut(choice, " ")
	v := m.views[m.active]
	text, err := v.Export(format)
	if err != nil {
		m.setStatus(err.Error(), true)
		return nil
	}
	if to == "clipboard" || !m.opts.Local {
		m.setStatus(fmt.Sprintf("%s copied to your clipboard as %s (OSC 52, %d bytes)", v.Title(), format, len(text)), false)
		return m.copy(text)
	}
	name := fmt.Sprintf("funnelscope-%s-%s", strings.ToLower(v.Title()), time.Now().Format("20060102-150405"))
	path, err := writeNew(name, format, text)
	if err != nil {
		m.setStatus(err.Error(), true)
		return nil
	}
	m.setStatus("exported to "+path, false)
	return nil
}

// writeNew writes text to a file that did not exist, base.ext in the
// working directory or, when that is taken (two exports in one second),
// base-2.ext and so on, and returns its absolute path. It never replaces
// a file.
func writeNew(base, ext, text string) (string, error) {
	for i := 1; i <= 100; i++ {
		name := base + "." + ext
		if i > 1 {
			name = fmt.Sprintf("%s-%d.%s", base, i, ext)
		}
		path, err := filepath.Abs(name)
		if err != nil {
			return "", fmt.Errorf("export: %w", err)
		}
		err = createNew(path, text)
		if !errors.Is(err, fs.ErrExist) {
			return path, err
		}
	}
	return "", fmt.Errorf("export: %s.%s and 99 numbered names beside it exist already", base, ext)
}

// createNew writes path, which must not exist, whole or not at all.
func createNew(path, text string) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		if errors.Is(err, fs.ErrExist) {
			return err
		}
		return fmt.Errorf("export: %w", err)
	}
	_, err = f.WriteString(text)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(path)
		return fmt.Errorf("export %s: %w", path, err)
	}
	return nil
}
