package app

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestAnExportToAFileNamesItsAbsolutePath(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	h := newHarness(t, Options{Local: true, Steps: steps("view_item", "purchase")})
	h.typ("xcsv file<enter>")
	path, ok := strings.CutPrefix(h.m.status, "exported to ")
	if !ok || !filepath.IsAbs(path) || filepath.Dir(path) != dir {
		t.Fatalf("status %q, want the absolute path of a file in %s", h.m.status, dir)
	}
	data, err := os.ReadFile(path)
	want, _ := h.m.views[0].Export("csv")
	if err != nil || string(data) != want {
		t.Errorf("%s holds %q (%v), want the view's csv", path, data, err)
	}
	if h.out.Len() != 0 {
		t.Errorf("a file export wrote %q to the terminal", h.out.String())
	}
}

func TestAnExportToTheClipboardIsOneOSC52SequenceOfBase64(t *testing.T) {
	for _, local := range []bool{true, false} {
		dir := t.TempDir()
		t.Chdir(dir)
		h := newHarness(t, Options{Local: local, Steps: steps("view_item", "purchase")})
		h.typ("xmd clip<enter>")
		want, _ := h.m.views[0].Export("md")
		if got := h.out.String(); got != "\x1b]52;c;"+base64.StdEncoding.EncodeToString([]byte(want))+"\x07" {
			t.Errorf("local %v: wrote %q", local, got)
		}
		if !strings.Contains(h.m.status, "copied to your clipboard as md") {
			t.Errorf("local %v: status %q", local, h.m.status)
		}
		if files, _ := os.ReadDir(dir); len(files) != 0 {
			t.Errorf("local %v: a clipboard export wrote %v", local, files)
		}
	}
}

func TestOverSSHTheExportDialogOffersTheClipboardOnly(t *testing.T) {
	tests := []struct {
		local bool
		want  string
	}{
		{true, "csv file,csv clipboard,md file,md clipboard"},
		{false, "csv clipboard,md clipboard"},
	}
	for _, tt := range tests {
		h := newHarness(t, Options{Local: tt.local, Steps: steps("view_item", "purchase")})
		h.typ("x")
		if got := strings.Join(h.m.dialog.Shown(), ","); got != tt.want {
			t.Errorf("local %v: offers %s, want %s", tt.local, got, tt.want)
		}
	}
}

func TestWriteNewNeverReplacesAFile(t *testing.T) {
	t.Chdir(t.TempDir())
	if err := os.WriteFile("export.csv", []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	path, err := writeNew("export", "csv", "new")
	if err != nil || filepath.Base(path) != "export-2.csv" {
		t.Fatalf("wrote %s, %v; want export-2.csv beside the existing file", path, err)
	}
	if old, _ := os.ReadFile("export.csv"); string(old) != "old" {
		t.Errorf("the existing file now holds %q", old)
	}
	if got, _ := os.ReadFile(path); string(got) != "new" {
		t.Errorf("%s holds %q", path, got)
	}
}
