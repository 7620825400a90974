package main

import (
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
)

// The man pages are made from the command tree by this test, not by a
// command of heatconf: cobra/doc brings a Markdown renderer whose package
// initialisation would cost every heatconf start about 0.2 ms (and the
// binary 0.5 MB) for pages made once per release. scripts/man.sh runs it
// with -man-dir to write them for a release.
var (
	manDir     = flag.String("man-dir", "", "write heatconf's man pages into this directory (scripts/man.sh)")
	manVersion = flag.String("man-version", "", "the version the man pages name")
)

// genManPages writes one page per command of heatconf into dir, as
// heatconf-lint.1, heatconf-schema-show.1, .... The date is
// SOURCE_DATE_EPOCH's when set (reproducible builds), else today.
func genManPages(dir, version string) error {
	root := newRootCmd(Streams{In: strings.NewReader(""), Out: io.Discard, Err: io.Discard}, func(string) (string, bool) { return "", false })
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		c.DisableAutoGenTag = true
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
	source := "heatconf"
	if version != "" {
		source += " " + version
	}
	return doc.GenManTree(root, &doc.GenManHeader{Section: "1", Source: source, Manual: "heatconf manual"}, dir)
}

// commandPaths lists every command that gets a page ("heatconf",
// "heatconf lint", ...): cobra's help command is left out.
func commandPaths(c *cobra.Command) []string {
	paths := []string{c.CommandPath()}
	for _, sub := range c.Commands() {
		if sub.IsAvailableCommand() && !sub.IsAdditionalHelpTopicCommand() {
			paths = append(paths, commandPaths(sub)...)
		}
	}
	return paths
}

func TestManPages(t *testing.T) {
	dir := t.TempDir()
	if *manDir != "" {
		dir = *manDir
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if *manDir == "" {
		t.Setenv("SOURCE_DATE_EPOCH", "1764547200") // 2025-12-01; scripts/man.sh passes the release's
	}
	if err := genManPages(dir, *manVersion); err != nil {
		t.Fatal(err)
	}

	root := newRootCmd(Streams{Out: io.Discard, Err: io.Discard}, nil)
	var want []string
	for _, p := range commandPaths(root) {
		want = append(want, strings.ReplaceAll(p, " ", "-")+".1")
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Fatalf("pages\n%q\nwant one per command\n%q", got, want)
	}
	for _, page := range []string{"heatconf.1", "heatconf-lint.1", "heatconf-probe.1", "heatconf-render.1", "heatconf-schema-show.1", "heatconf-version.1"} {
		if !slices.Contains(got, page) {
			t.Errorf("no %s", page)
		}
	}

	// cobra's completion subcommands come without examples; every command
	// of heatconf has them
	noExamples := []string{"heatconf-completion-bash.1", "heatconf-completion-fish.1", "heatconf-completion-powershell.1", "heatconf-completion-zsh.1"}
	for _, name := range got {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		page := string(b)
		cmd := strings.ReplaceAll(strings.TrimSuffix(name, ".1"), "-", " ")
		if !strings.HasPrefix(page, `.nh`) || !strings.Contains(page, ".TH ") || !strings.Contains(page, "\n.SH NAME\n") || !strings.Contains(page, "\n.SH SYNOPSIS\n") {
			t.Errorf("%s is not a man page:\n%.300s", name, page)
		}
		if !strings.Contains(page, strings.ReplaceAll(cmd, " ", `\-`)) && !strings.Contains(page, cmd) {
			t.Errorf("%s does not name %q", name, cmd)
		}
		if strings.Contains(page, "Auto generated") {
			t.Errorf("%s carries cobra's generator tag", name)
		}
		hasExample := strings.Contains(page, "\n.SH EXAMPLE\n")
		if want := !slices.Contains(noExamples, name); hasExample != want {
			t.Errorf("%s: EXAMPLE section %v, want %v", name, hasExample, want)
		}
	}
	lint, _ := os.ReadFile(filepath.Join(dir, "heatconf-lint.1"))
	for _, s := range []string{`\fB--format\fP="text"`, `\fB--fail-on\fP`, "heatconf lint /etc/heat/heat.conf", `\fBheatconf(1)\fP`} {
		if !strings.Contains(string(lint), s) {
			t.Errorf("heatconf-lint.1 lacks %q", s)
		}
	}
	if *manDir == "" && !strings.Contains(string(lint), `"Dec 2025" "heatconf`) {
		t.Errorf("heatconf-lint.1: no date from SOURCE_DATE_EPOCH: %.200s", lint)
	}
}
