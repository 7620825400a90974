//go:build linux

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/debug"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/testenv"
)

// The hostile-input set: inputs a pull request can commit, each of a shape
// that once cost minutes or gigabytes, made in a temporary directory and
// given to the real binary. Every one must finish within the issue's
// bounds: 2 s and 256 MB for the whole process on 2 cores.
//
// The test asserts the memory bound as it is (the peak resident set of the
// process, from wait4) and the time bound with room for a loaded CI
// machine: 3 times the budget in CPU time (which load barely moves), 30
// times in wall time (a bound only on blocking: a machine busy with other
// tests can stretch the wall time of a process many times). The real
// figures come from scripts/bench-hostile.sh, which runs the inputs this
// test writes into HEATCONF_HOSTILE_KEEP (docs/benchmarks.md).
const (
	hostileRSSMax  = 256 << 20
	hostileBudget  = 2 * time.Second
	hostileCPUMax  = 3 * hostileBudget
	hostileWallMax = 30 * hostileBudget
)

// hostileShape is one input and how heatconf must answer it.
type hostileShape struct {
	name string
	// make writes the input into dir and returns the arguments of the
	// heatconf command that reads it.
	make func(t *testing.T, dir string, bin string) []string
	code int    // exit code
	want string // in the output or errors
}

func hostileShapes() []hostileShape {
	return []hostileShape{
		{"100,000 sections (as many options as a file may hold)", func(t *testing.T, dir, _ string) []string {
			var b strings.Builder
			b.WriteString("[DEFAULT]\n")
			for i := range conf.MaxEntries {
				fmt.Fprintf(&b, "[s%d]\na = b\n", i)
			}
			return []string{"lint", "--no-config", writeHostile(t, dir, "heat.conf", b.String())}
		}, 1, "99000 more findings of this rule in this file are not shown"},
		{"500,000 repeated options", func(t *testing.T, dir, _ string) []string {
			var b strings.Builder
			b.WriteString("[DEFAULT]\n")
			for range 500000 {
				b.WriteString("# a comment\ndebug = true\n")
			}
			return []string{"lint", "--no-config", writeHostile(t, dir, "heat.conf", b.String())}
		}, 1, "more than 100,000 options in one file"},
		{"1,000,000 distinct unknown options", func(t *testing.T, dir, _ string) []string {
			var b strings.Builder
			b.WriteString("[DEFAULT]\n")
			for i := range 1000000 {
				fmt.Fprintf(&b, "k%d=1\n", i)
			}
			return []string{"lint", "--no-config", writeHostile(t, dir, "heat.conf", b.String())}
		}, 1, "more than 100,000 options in one file"},
		{"30,000 unknown options, each near a real one", func(t *testing.T, dir, _ string) []string {
			near := []string{"debugg", "log_dirr", "hots", "transport_ur", "stack_domain_admn", "num_engine_worker", "region_name_for_service", "heat_metadata_server_ur", "auth_encryption_ke", "max_stacks_per_tenan"}
			var b strings.Builder
			b.WriteString("[DEFAULT]\n")
			for i := range 30000 {
				fmt.Fprintf(&b, "%s%d = 1\n", near[i%len(near)], i%7)
			}
			return []string{"lint", "--no-config", writeHostile(t, dir, "heat.conf", b.String())}
		}, 1, "did you mean"},
		{"a chain of 99,999 $ references (a file's most options)", func(t *testing.T, dir, _ string) []string {
			var b strings.Builder
			b.WriteString("[DEFAULT]\no0 = x\n")
			for i := 1; i < conf.MaxEntries-1; i++ {
				fmt.Fprintf(&b, "o%d = $o%d\n", i, i-1)
			}
			fmt.Fprintf(&b, "host = $o%d\n", conf.MaxEntries-2)
			return []string{"lint", "--no-config", writeHostile(t, dir, "heat.conf", b.String())}
		}, 1, "more findings of this rule in this file are not shown"},
		{"a fan of 20,000 $ references into a cycle", func(t *testing.T, dir, _ string) []string {
			var b strings.Builder
			b.WriteString("[DEFAULT]\nhub =")
			for i := range 20000 {
				fmt.Fprintf(&b, " $f%d", i)
			}
			b.WriteString("\n")
			for i := range 20000 {
				fmt.Fprintf(&b, "f%d = $z\n", i)
			}
			b.WriteString("z = $hub\n")
			return []string{"lint", "--no-config", writeHostile(t, dir, "heat.conf", b.String())}
		}, 1, "refers back to itself"},
		{"a heat.conf of 1,000,000 lines", func(t *testing.T, dir, _ string) []string {
			var b strings.Builder
			b.WriteString("[DEFAULT]\ndebug = true\n")
			for i := range 1000000 {
				if i%3 == 0 {
					b.WriteString("\n")
				} else {
					b.WriteString("# " + strings.Repeat("x", i%13) + "\n")
				}
			}
			return []string{"lint", "--no-config", writeHostile(t, dir, "heat.conf", b.String())}
		}, 1, "no transport_url"},
		{"49,000 site overrides (under the key cap)", func(t *testing.T, dir, bin string) []string {
			site := hostileSite(t, dir, bin)
			var b strings.Builder
			for i := range 49000 {
				fmt.Fprintf(&b, "x%d = %d\n", i, i)
			}
			appendHostile(t, site, b.String())
			return []string{"render", site, "--output", filepath.Join(dir, "out")}
		}, 3, "48000 more findings of this rule in this file are not shown"},
		{"60,000 site overrides", func(t *testing.T, dir, bin string) []string {
			site := hostileSite(t, dir, bin)
			var b strings.Builder
			for i := range 60000 {
				fmt.Fprintf(&b, "x%d = %d\n", i, i)
			}
			appendHostile(t, site, b.String())
			return []string{"render", site, "--output", filepath.Join(dir, "out")}
		}, 3, "more than 50000 keys"},
		{"--schema of 4 MiB (just under the cap)", func(t *testing.T, dir, bin string) []string {
			conf := writeHostile(t, dir, "heat.conf", "[DEFAULT]\ndebug = true\nhostile_9 = x\nhostile_99999999 = y\n")
			return []string{"lint", "--no-config", "--schema", hostileSchema(t, dir, bin, 4<<20-8<<10), conf}
		}, 1, "has no option [DEFAULT] hostile_99999999"},
		{"--schema of 56 MB", func(t *testing.T, dir, bin string) []string {
			conf := writeHostile(t, dir, "heat.conf", "[DEFAULT]\ndebug = true\n")
			return []string{"lint", "--no-config", "--schema", hostileSchema(t, dir, bin, 56_000_000), conf}
		}, 3, "larger than 4 MiB"},
		{"a dotted key of 10,000 parts (20 KB) in .heatconf.toml", func(t *testing.T, dir, _ string) []string {
			writeHostile(t, dir, ".heatconf.toml", strings.Repeat("a.", 9999)+"a = 1\n")
			return []string{"lint", writeHostile(t, dir, "heat.conf", "[DEFAULT]\ndebug = true\n")}
		}, 3, "a key 10000 parts deep"},
		{"a dotted key of 10,000 parts (20 KB) in a site file", func(t *testing.T, dir, bin string) []string {
			site := hostileSite(t, dir, bin)
			appendHostile(t, site, strings.Repeat("a.", 9999)+"a = 1\n")
			return []string{"render", site, "--output", filepath.Join(dir, "out")}
		}, 3, "parts deep"},
		{"inline tables 5,000 deep in .heatconf.toml", func(t *testing.T, dir, _ string) []string {
			writeHostile(t, dir, ".heatconf.toml", "x = "+strings.Repeat("{a = ", 5000)+"1"+strings.Repeat("}", 5000)+"\n")
			return []string{"lint", writeHostile(t, dir, "heat.conf", "[DEFAULT]\ndebug = true\n")}
		}, 3, "a key 33 parts deep"},
		{"arrays 10,000 deep in a site file", func(t *testing.T, dir, bin string) []string {
			site := hostileSite(t, dir, bin)
			appendHostile(t, site, "x = "+strings.Repeat("[", 10000)+strings.Repeat("]", 10000)+"\n")
			return []string{"render", site, "--output", filepath.Join(dir, "out")}
		}, 3, "nested 33 deep"},
	}
}

// TestHostileInputs runs the hostile-input set against a build of heatconf.
func TestHostileInputs(t *testing.T) {
	testenv.Slow(t, "builds heatconf and gives it large inputs")
	keep := os.Getenv("HEATCONF_HOSTILE_KEEP") // scripts/bench-hostile.sh
	bin := filepath.Join(t.TempDir(), "heatconf")
	if keep != "" {
		bin = filepath.Join(keep, "heatconf")
	}
	build := exec.Command("go", "build", "-trimpath", "-o", bin, ".")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	var commands strings.Builder
	for i, sh := range hostileShapes() {
		t.Run(sh.name, func(t *testing.T) {
			dir := t.TempDir()
			if keep != "" {
				dir = filepath.Join(keep, fmt.Sprintf("%02d", i))
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
			}
			args := sh.make(t, dir, bin)
			fmt.Fprintf(&commands, "%s\t%s\n", sh.name, strings.Join(append([]string{bin}, args...), "\t"))
			lowerHighWater(t)
			cmd := exec.Command(bin, args...)
			cmd.Dir = dir
			cmd.Env = testenv.Env("NO_COLOR=1")
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			start := time.Now()
			err := cmd.Run()
			wall := time.Since(start)
			if _, ok := err.(*exec.ExitError); err != nil && !ok {
				t.Fatal(err)
			}
			ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
			rss := ru.Maxrss << 10 // KiB on Linux
			cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
			t.Logf("%s: wall %v, cpu %v, peak RSS %d MB, exit %d", sh.name, wall.Round(time.Millisecond), cpu.Round(time.Millisecond), rss>>20, cmd.ProcessState.ExitCode())
			if code := cmd.ProcessState.ExitCode(); code != sh.code {
				t.Errorf("exit %d, want %d: %.600s", code, sh.code, out.String())
			}
			if !strings.Contains(out.String(), sh.want) {
				t.Errorf("the output does not say %q: %.600s", sh.want, out.String())
			}
			if rss >= hostileRSSMax {
				t.Errorf("peak RSS %d MB, the bound is %d MB", rss>>20, hostileRSSMax>>20)
			}
			if cpu > hostileCPUMax || wall > hostileWallMax {
				t.Errorf("cpu %v, wall %v: the budget is %v (asserted with room: %v cpu, %v wall)", cpu, wall, hostileBudget, hostileCPUMax, hostileWallMax)
			}
		})
	}
	if keep != "" {
		if err := os.WriteFile(filepath.Join(keep, "commands.tsv"), []byte(commands.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// lowerHighWater frees what the test holds and resets its peak resident
// set. os/exec starts a child with vfork, so the child's peak, as wait4
// reports it, includes this process's peak at the time of exec: without
// the reset, a 56 MB input built here would count against the heatconf
// that reads it. What remains counted is this process's resident set
// at exec (tens of MB), a bound on the safe side.
func lowerHighWater(t *testing.T) {
	t.Helper()
	debug.FreeOSMemory()
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		t.Fatalf("resetting this test's peak resident set: %v", err)
	}
}

func writeHostile(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func appendHostile(t *testing.T, path, text string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteString(text); err != nil {
		t.Fatal(err)
	}
}

// hostileSite writes the example site (heatconf init) into dir/site and
// returns its site file, whose last table is [overrides.DEFAULT].
func hostileSite(t *testing.T, dir, bin string) string {
	t.Helper()
	site := filepath.Join(dir, "site")
	if out, err := exec.Command(bin, "init", site).CombinedOutput(); err != nil {
		t.Fatalf("init: %v\n%s", err, out)
	}
	p := filepath.Join(site, "site.toml")
	src, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(src), "\n[overrides.DEFAULT]\n") {
		t.Fatal("the example site does not end in [overrides.DEFAULT]")
	}
	return p
}

// hostileSchema writes option data of about size bytes: the default
// release's (schema dump) with made-up options hostile_0, hostile_1, ...
// added to [DEFAULT].
func hostileSchema(t *testing.T, dir, bin string, size int) string {
	t.Helper()
	dump, err := exec.Command(bin, "schema", "dump", "--format", "yaml").Output()
	if err != nil {
		t.Fatal(err)
	}
	src := string(dump)
	at := strings.Index(src, "options:\n  DEFAULT:\n")
	opts := strings.Index(src[at:], "    opts:\n")
	if at < 0 || opts < 0 {
		t.Fatal("schema dump has no [DEFAULT] opts")
	}
	at += opts + len("    opts:\n")
	const opt = "      - advanced: false\n        choices: []\n        default: null\n" +
		"        deprecated_for_removal: false\n        deprecated_opts: []\n        deprecated_reason: null\n" +
		"        deprecated_since: null\n        dest: hostile_%d\n        help: An option that makes the option data large.\n" +
		"        max: null\n        metavar: null\n        min: null\n        mutable: false\n        name: hostile_%d\n" +
		"        namespace: heat.common.config\n        positional: false\n        required: false\n" +
		"        sample_default: null\n        secret: false\n        short: null\n        type: string value\n"
	var b strings.Builder
	b.Grow(size + len(opt))
	b.WriteString(src[:at])
	for i := 0; b.Len()+len(src)-at+len(opt)+20 < size; i++ {
		fmt.Fprintf(&b, opt, i, i)
	}
	b.WriteString(src[at:])
	return writeHostile(t, dir, "schema.yaml", b.String())
}
