package gate

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/lint/runner"
	"github.com/heatconf/heatconf/render"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/dump"
	"github.com/heatconf/heatconf/schema/releases"
)

// renderedFor renders the example site (beside example, reading its
// secrets) for release, any spelling a site accepts, and returns its
// heat.conf.
func renderedFor(t *testing.T, example, release string) []byte {
	t.Helper()
	p := beside(t, example, "site-"+release+".toml", `release = "2025.1"`, `release = "`+release+`"`)
	res, err := Render(p, noEnv, render.Options{})
	if err != nil {
		t.Fatalf("rendering for %s: %v", release, err)
	}
	f, err := res.File("heat.conf")
	if err != nil {
		t.Fatal(err)
	}
	return f.Data
}

// TestOneReleaseIdentity: for every release with data, point releases
// included (a site names them by their Heat version), what render writes
// lints with no finding of any severity at that release, whether lint is
// told the release or reads it from the file's stamp; and a series' name
// renders byte for byte what its first Heat version does.
func TestOneReleaseIdentity(t *testing.T) {
	example := exampleSite(t)
	for _, rel := range releases.Upstream() {
		t.Run(rel.HeatVersion, func(t *testing.T) {
			data := renderedFor(t, example, rel.HeatVersion)
			if !rel.Point {
				// the second line names the site file, which differs
				sansSite := func(b []byte) []byte {
					lines := bytes.SplitN(b, []byte("\n"), 3)
					return append(lines[0], lines[2]...)
				}
				if byName := renderedFor(t, example, rel.Name); !bytes.Equal(sansSite(byName), sansSite(data)) {
					t.Errorf("release = %q and release = %q render different heat.conf files", rel.Name, rel.HeatVersion)
				}
			}
			conf := filepath.Join(t.TempDir(), "heat.conf")
			if err := os.WriteFile(conf, data, 0o600); err != nil {
				t.Fatal(err)
			}
			for _, told := range []bool{true, false} {
				release := releases.Default // the command line's default
				if told {
					release = rel.HeatVersion
				}
				rep, err := runner.Run(runner.Request{
					Settings: runner.Settings{Release: release, FailOn: "info"},
					Set:      func(k string) bool { return told && k == "release" },
					Inputs:   runner.Inputs{Args: []string{conf}},
				})
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range rep.Findings {
					t.Errorf("told the release %v: %s", told, f)
				}
				if rep.Heat != rel.HeatVersion {
					t.Errorf("told the release %v: linted as Heat %s (%s), want %s", told, rep.Heat, rep.Release, rel.HeatVersion)
				}
				want := runner.ReleaseFrom{Kind: runner.FromStamp, File: conf}
				if told {
					want = runner.ReleaseFrom{Kind: runner.FromCommandLine}
				}
				if rep.ReleaseFrom != want || len(rep.Notes) > 0 {
					t.Errorf("told the release %v: chosen by %+v, notes %q; want %+v and none", told, rep.ReleaseFrom, rep.Notes, want)
				}
			}
		})
	}
}

// TestRenderedConfPassesValidatorWithSchemaDump: for every release, point
// releases included, the real oslo-config-validator reads the heat.conf
// render writes for the example site with what `heatconf schema dump -r
// RELEASE` writes (dump.WriteValidatorYAML) as its --opt-data, and
// reports nothing: no error, no warning.
func TestRenderedConfPassesValidatorWithSchemaDump(t *testing.T) {
	testenv.Oracle(t, "oslo-config-validator")
	validator := testenv.Command(t, "oslo-config-validator", "python3-oslo.config")
	example := exampleSite(t)
	for _, rel := range releases.Upstream() {
		t.Run(rel.HeatVersion, func(t *testing.T) {
			dir := t.TempDir()
			conf := filepath.Join(dir, "heat.conf")
			if err := os.WriteFile(conf, renderedFor(t, example, rel.HeatVersion), 0o600); err != nil {
				t.Fatal(err)
			}
			reg, err := schema.Embedded(rel.HeatVersion)
			if err != nil {
				t.Fatal(err)
			}
			var optData bytes.Buffer
			if err := dump.WriteValidatorYAML(&optData, reg); err != nil {
				t.Fatal(err)
			}
			data := filepath.Join(dir, "opt-data.yaml")
			if err := os.WriteFile(data, optData.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(validator, "--opt-data", data, "--input-file", conf)
			cmd.Env = testenv.Env()
			out, err := cmd.CombinedOutput()
			if err != nil || len(bytes.TrimSpace(out)) > 0 {
				t.Errorf("oslo-config-validator with schema dump -r %s on the heat.conf rendered for it: %v\n%s", rel.HeatVersion, err, strings.TrimSpace(string(out)))
			}
		})
	}
}
