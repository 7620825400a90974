package runner

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/lint"
)

// writeHosts writes a .hosts example (several hosts' heat.conf, each after
// a line "-- NAME --") under dir as files, render's <host>/heat.conf
// layout.
func writeHosts(t *testing.T, dir, example string) {
	t.Helper()
	data, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	re := regexp.MustCompile(`(?m)^-- (\S+) --\n`)
	idx := re.FindAllSubmatchIndex(data, -1)
	for i, m := range idx {
		end := len(data)
		if i+1 < len(idx) {
			end = idx[i+1][0]
		}
		path := filepath.Join(dir, string(data[m[2]:m[3]]))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data[m[1]:end], 0o640); err != nil {
			t.Fatal(err)
		}
	}
}

// crossHostRun lints the two hosts of the cross-host rule's bad example,
// walked as render lays them out (site/ctl1/heat.conf, site/ctl2/heat.conf),
// and returns the cross-host findings.
func crossHostRun(t *testing.T, req Request) []lint.Finding {
	t.Helper()
	dir := t.TempDir()
	writeHosts(t, filepath.Join(dir, "site"), "../../testdata/lint/rules/cross-host.hosts")
	req.Settings.Release, req.Settings.FailOn, req.NoConfig = "2025.1", "error", true
	if req.Inputs.Args == nil {
		req.Inputs.Args = []string{"site"}
	}
	var out []lint.Finding
	t.Run("in "+strings.Join(req.Inputs.Args, ","), func(t *testing.T) {
		t.Chdir(dir) // the findings name the files as given, relative
		rep, err := Run(req)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range rep.Findings {
			if f.Rule == lint.CrossHostRule {
				out = append(out, f)
			}
		}
	})
	return out
}

// TestCrossHostRun: a walk of two hosts' heat.conf with different
// auth_encryption_key and database gives one finding each, naming both
// files and lines, in every output format (golden files), and the SARIF
// validates with the rule's index; no secret is shown.
func TestCrossHostRun(t *testing.T) {
	fs := crossHostRun(t, Request{})
	if len(fs) != 2 {
		t.Fatalf("%d cross-host findings, want 2:\n%v", len(fs), fs)
	}
	for _, f := range fs {
		if f.File != filepath.Join("site", "ctl2", "heat.conf") || len(f.Related) != 1 || f.Related[0].File != filepath.Join("site", "ctl1", "heat.conf") {
			t.Errorf("finding at %s, related %v", f.File, f.Related)
		}
	}
	if !strings.HasPrefix(fs[0].String(), "site/ctl2/heat.conf:3:23: error: auth_encryption_key differs from site/ctl1/heat.conf:3") {
		t.Errorf("text: %s", fs[0])
	}
	sch := testenv.SARIFSchema(t, "testdata/sarif/sarif-schema-2.1.0.json")
	for _, format := range Formats() {
		var buf bytes.Buffer
		if err := Write(&buf, format, fs, WriteOptions{Version: "test"}); err != nil {
			t.Fatal(err)
		}
		golden(t, "../../testdata/lint/format/crosshost."+format, buf.String())
		for _, secret := range []string{"5f1c8e2a", "0b7e3d9a", "Db3kVq8z", "Tq7mWz2x", "Rb9xKq2m"} {
			if strings.Contains(buf.String(), secret) {
				t.Errorf("%s shows a secret:\n%s", format, buf.String())
			}
		}
		if format == "sarif" {
			inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(buf.Bytes()))
			if err != nil {
				t.Fatal(err)
			}
			if err := sch.Validate(inst); err != nil {
				t.Fatalf("the SARIF does not validate:\n%v", err)
			}
			i := slices.Index(lint.Rules(), lint.CrossHostRule)
			if !strings.Contains(buf.String(), `"ruleIndex": `+strconv.Itoa(i)) {
				t.Errorf("no result with the rule's index %d", i)
			}
		}
	}
}

// TestCrossHostRunDisabled: --disable cross-host hides its findings and
// nothing else; one file alone is compared with nothing, two given
// together are compared as a walk's.
func TestCrossHostRunDisabled(t *testing.T) {
	if fs := crossHostRun(t, Request{Settings: Settings{Disable: []string{"cross-host"}}}); len(fs) != 0 {
		t.Errorf("disabled, still %v", fs)
	}
	// one file given alone: nothing to compare
	if fs := crossHostRun(t, Request{Inputs: Inputs{Args: []string{filepath.Join("site", "ctl1", "heat.conf")}}}); len(fs) != 0 {
		t.Errorf("one host: %v", fs)
	}
	// the two files given together are compared as a walk's
	if fs := crossHostRun(t, Request{Inputs: Inputs{Args: []string{filepath.Join("site", "ctl1", "heat.conf"), filepath.Join("site", "ctl2", "heat.conf")}}}); len(fs) != 2 {
		t.Errorf("two files given: %v", fs)
	}
}
