package runner

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/lint"
)

const realworldDir = "../../testdata/realworld"

// judged is one real problem of a corpus file, from its NAME.expect:
// LINE[,LINE...] TAB severity TAB class TAB reason.
type judged struct {
	lines    []int
	severity lint.Severity
	class    string
	reason   string
	src      string // file:line of the .expect, for messages
}

func readExpect(t *testing.T, path string) []judged {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []judged
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := sc.Text()
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 4 {
			t.Fatalf("%s:%d: want LINES<TAB>severity<TAB>class<TAB>reason, got %q", path, n, line)
		}
		j := judged{class: cols[2], reason: cols[3], src: fmt.Sprintf("%s:%d", filepath.Base(path), n)}
		for _, l := range strings.Split(cols[0], ",") {
			v, err := strconv.Atoi(strings.TrimSpace(l))
			if err != nil {
				t.Fatalf("%s:%d: bad line number %q", path, n, l)
			}
			j.lines = append(j.lines, v)
		}
		if j.severity, err = lint.ParseSeverity(cols[1]); err != nil || j.severity == lint.Info {
			t.Fatalf("%s:%d: a judged problem is a warning or an error, not %q", path, n, cols[1])
		}
		out = append(out, j)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// readCorpus reads corpus.tsv: file TAB lint release.
func readCorpus(t *testing.T) [][2]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(realworldDir, "corpus.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	var out [][2]string
	for n, line := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cols := strings.Split(line, "\t")
		if len(cols) != 2 {
			t.Fatalf("corpus.tsv:%d: want file<TAB>release, got %q", n+1, line)
		}
		out = append(out, [2]string{cols[0], cols[1]})
	}
	return out
}

// TestRealWorldCorpus lints every real heat.conf of testdata/realworld with
// its lint release and compares the warnings and errors with the judged
// problems of its .expect: a warning or error on no judged line is a false
// alarm, a judged problem with no warning or error on its lines is a miss.
// Info findings are advice and never fail it.
func TestRealWorldCorpus(t *testing.T) {
	corpus := readCorpus(t)
	confs, _ := filepath.Glob(filepath.Join(realworldDir, "*.conf"))
	if len(confs) != len(corpus) {
		t.Errorf("corpus.tsv lists %d files, testdata/realworld has %d *.conf", len(corpus), len(confs))
	}
	var problems, reported, falseAlarms, misses int
	for _, c := range corpus {
		name, release := c[0], c[1]
		path := filepath.Join(realworldDir, name)
		want := readExpect(t, strings.TrimSuffix(path, ".conf")+".expect")
		problems += len(want)
		l, err := lint.New(lint.Options{Registry: registry(t, release)})
		if err != nil {
			t.Fatal(err)
		}
		// as the command line reads it: from disk, with its mode
		res, err := lintUnits(l, []Unit{FileUnit(path)}, false)
		if err != nil {
			t.Fatal(err)
		}
		judgedLine := map[int]bool{}
		for _, j := range want {
			for _, n := range j.lines {
				judgedLine[n] = true
			}
		}
		hit := map[int]bool{}
		for _, f := range res[0] {
			if f.Severity < lint.Warning {
				continue
			}
			reported++
			if !judgedLine[f.Line] {
				falseAlarms++
				t.Errorf("false alarm (release %s): %s", release, f)
				continue
			}
			hit[f.Line] = true
		}
		for _, j := range want {
			found := false
			for _, n := range j.lines {
				found = found || hit[n]
			}
			if !found {
				misses++
				t.Errorf("missed (release %s): %s line %v %s %s: %s", release, name, j.lines, j.severity, j.class, j.reason)
			}
		}
	}
	rate := 0.0
	if reported > 0 {
		rate = 100 * float64(falseAlarms) / float64(reported)
	}
	t.Logf("realworld: %d files, %d judged problems, %d warnings/errors reported, %d false alarms, %d misses, false-alarm rate %.1f%%",
		len(corpus), problems, reported, falseAlarms, misses, rate)
}
