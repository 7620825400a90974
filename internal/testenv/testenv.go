// Package testenv finds the real components that heatconf's tests compare
// against (Debian's python3 with oslo.config, oslo-config-validator, ...).
// Outside CI a missing component skips the test with what to install; with
// CI=true it fails the test loudly, so CI can never pass by skipping.
//
// `go test -short` runs no outside program: Oracle and Slow skip the tests
// that would (and those that build heatconf or take long), except under
// CI=true, where nothing skips.
package testenv

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// DebianPath is the PATH for Debian's own tools: pyenv's python3 may come
// first in the developer's PATH and lack Debian's modules.
const DebianPath = "/usr/sbin:/usr/bin:/sbin:/bin"

// InCI reports whether the tests run in CI (CI=true).
func InCI() bool { return os.Getenv("CI") == "true" }

// Oracle skips t under `go test -short`, except under CI=true: t runs a
// real outside component (Debian's python3 with oslo.config,
// oslo-config-validator, bash, promtool, GNU diff, ...), named by what.
// Every such test calls it first; Python and Command call it too.
func Oracle(t testing.TB, what string) {
	t.Helper()
	Slow(t, "runs "+what)
}

// Slow skips t under `go test -short`, except under CI=true, saying why
// it is slow ("builds heatconf", "starts the real stack", ...). It is the
// one place that decides what -short leaves out.
func Slow(t testing.TB, why string) {
	t.Helper()
	if testing.Short() && !InCI() {
		t.Skip("skipped with -short (" + why + "); CI=true or a run without -short runs it")
	}
}

// Missing skips t outside CI and fails it in CI.
func Missing(t testing.TB, what, install string) {
	t.Helper()
	msg := what + " is missing; install it with: " + install + " (the README's test command does)"
	if InCI() {
		t.Fatal("CI=true: " + msg)
	}
	t.Skip(msg)
}

// Python returns Debian's python3 after checking that it imports every
// module named; pkgs are the Debian packages that provide them. Under
// -short it skips t (see Oracle).
func Python(t testing.TB, modules []string, pkgs ...string) string {
	t.Helper()
	Oracle(t, "python3")
	py := "/usr/bin/python3"
	if _, err := os.Stat(py); err != nil {
		Missing(t, py, "apt-get install -y python3")
	}
	if len(modules) > 0 {
		cmd := exec.Command(py, "-c", "import "+strings.Join(modules, ", "))
		cmd.Env = append(os.Environ(), "PATH="+DebianPath)
		if out, err := cmd.CombinedOutput(); err != nil {
			Missing(t, "python modules "+strings.Join(modules, ", ")+" ("+strings.TrimSpace(lastLine(string(out)))+")",
				"apt-get install -y --no-install-recommends "+strings.Join(pkgs, " "))
		}
	}
	return py
}

// Command returns the path of a Debian tool, or skips/fails like Missing.
// Under -short it skips t (see Oracle).
func Command(t testing.TB, name, pkg string) string {
	t.Helper()
	Oracle(t, name)
	for _, dir := range strings.Split(DebianPath, ":") {
		p := dir + "/" + name
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() && fi.Mode()&0o111 != 0 {
			return p
		}
	}
	Missing(t, name, "apt-get install -y --no-install-recommends "+pkg)
	return ""
}

// Env is os.Environ with PATH set to DebianPath.
func Env(extra ...string) []string {
	env := []string{}
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PATH=") {
			env = append(env, kv)
		}
	}
	return append(append(env, "PATH="+DebianPath), extra...)
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// Hostile are values every escaping target (heat.conf, URLs, SQL, shell)
// must carry intact: quotes, $, %, #, ;, backslashes, white space at the
// ends, Unicode spaces and shell syntax.
var Hostile = []string{
	`p@ss:w/rd'"$x%;#\`,
	`$`, `$$`, `${DEFAULT.x}`, `$foo`, `a$`,
	`"quoted"`, `'single'`, `"`, `'`, `"a'`, `'b"`,
	` lead`, `trail `, "\tTab\t", ` `,
	`#not a comment`, `;nor this`, `a # b`, `x=y:z`,
	`100%`, `%(name)s`, `%2F`, `a+b c`, `?&=`, `@:/`,
	`back\slash\`, `\'`, `\$`, `a\$b`, `\$$`, `\\$x`, `$\`, `ünïcødé €`, "non\u00a0breaking\u00a0", "\u2003em",
	`[section]`, `--flag`, `-`, `~user`, "`cmd`", `$(cmd)`, `!event`, `*?[glob]`,
}
