package main

import (
	"flag"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/cobra/doc"
	"github.com/spf13/pflag"

	"github.com/heatconf/heatconf/internal/testenv"
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
		c.Use, c.Short, c.Long = manUse(c.Use), manText(c.Short), manText(c.Long)
		c.Flags().VisitAll(func(f *pflag.Flag) { f.Usage = manText(f.Usage) })
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

// manText escapes what cobra/doc's Markdown would take for markup in a
// command's text: without it `<dir>` is read as an HTML tag and dropped
// ("heatconf init  [flags]"), "[severity] (docs/ci.md)" becomes a link and
// "**" globs emphasis. Lines of an indented code block (after a blank
// line) are kept as they are: Markdown shows them verbatim. Flag usages
// keep their backquotes, which mark the value's name (`FORMAT`), as --help
// reads them.
func manText(s string) string {
	lines := strings.Split(s, "\n")
	code := false
	for i, l := range lines {
		indented := strings.HasPrefix(l, "    ") || strings.HasPrefix(l, "\t")
		code = indented && (code || i == 0 || strings.TrimSpace(lines[i-1]) == "")
		if !code {
			lines[i] = manEscaper.Replace(l)
		}
	}
	return strings.Join(lines, "\n")
}

// manUse escapes a usage line: only what would be lost, so that cobra
// still sees its "[flags]".
func manUse(s string) string { return manUseEscaper.Replace(s) }

var (
	manEscaper    = strings.NewReplacer(`\`, `\\`, "<", `\<`, ">", `\>`, "[", `\[`, "]", `\]`, "*", `\*`, "_", `\_`)
	manUseEscaper = strings.NewReplacer(`\`, `\\`, "<", `\<`, ">", `\>`)
)

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

// TestManPagePlaceholders: the pages keep what --help shows, <dir> and
// the other placeholders included: each SYNOPSIS is the command's usage
// line, and heatconf-init.1, formatted by groff as man shows it, reads
// "heatconf init <dir>" and "writes <dir>/site.toml".
func TestManPagePlaceholders(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SOURCE_DATE_EPOCH", "1764547200")
	if err := genManPages(dir, ""); err != nil {
		t.Fatal(err)
	}
	root := newRootCmd(Streams{Out: io.Discard, Err: io.Discard}, nil)
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() && !sub.IsAdditionalHelpTopicCommand() {
				walk(sub)
			}
		}
		name := strings.ReplaceAll(c.CommandPath(), " ", "-") + ".1"
		page, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Error(err)
			return
		}
		c.InitDefaultHelpFlag() // as cobra/doc does
		synopsis := strings.ReplaceAll(string(page), `\&`, "")
		if want := "\n.SH SYNOPSIS\n\\fB" + c.UseLine() + "\\fP\n"; !strings.Contains(synopsis, want) {
			t.Errorf("%s: the synopsis is not %q:\n%.600s", name, c.UseLine(), page)
		}
	}
	walk(root)
	lint, _ := os.ReadFile(filepath.Join(dir, "heatconf-lint.1"))
	for _, s := range []string{"render's <host>/heat.conf layout", "[severity] (docs/ci.md)", "NAME_PREFIX_*"} {
		if !strings.Contains(string(lint), s) {
			t.Errorf("heatconf-lint.1 lacks %q", s)
		}
	}

	groff := testenv.Command(t, "groff", "groff-base")
	cmd := exec.Command(groff, "-man", "-Tutf8", "-P-cbou", "-rLL=200n", filepath.Join(dir, "heatconf-init.1"))
	cmd.Env = testenv.Env()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("groff: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, s := range []string{"heatconf init <dir> [flags]", "Init writes <dir>/site.toml", "<dir>/secrets/"} {
		if !strings.Contains(text, s) {
			t.Errorf("heatconf-init.1 as man shows it lacks %q:\n%s", s, out)
		}
	}
}
