package lint_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/render"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
	"github.com/heatconf/heatconf/site"
)

// TestProductionConfsAreClean: correct production files give no warning
// and no error. They are heatconf's own renders of the example site for
// every release and hand-written files in the style of other tools.
func TestProductionConfsAreClean(t *testing.T) {
	for _, rel := range releases.Upstream() {
		t.Run("rendered-"+rel.HeatVersion, func(t *testing.T) {
			conf := renderExample(t, rel.HeatVersion)
			assertClean(t, rel.HeatVersion, "heat.conf", conf)
		})
	}
	for _, rel := range releases.Variants() {
		t.Run("rendered-"+rel.Spec(), func(t *testing.T) {
			conf := renderExample(t, rel.Spec())
			assertClean(t, rel.Spec(), "heat.conf", conf)
		})
	}
	for file, release := range map[string]string{"kolla-zed.conf": "zed"} {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "testdata", "lint", "ok", file))
			if err != nil {
				t.Fatal(err)
			}
			assertClean(t, release, file, data)
		})
	}
}

func assertClean(t *testing.T, release, name string, data []byte) {
	t.Helper()
	f, err := conf.Parse(name, data)
	if err != nil {
		t.Fatal(err)
	}
	reg, err := schema.Embedded(release)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lint.Options{Registry: reg})
	if err != nil {
		t.Fatal(err)
	}
	for _, fd := range l.Lint([]*conf.File{f}) {
		if fd.Severity >= lint.Warning {
			t.Errorf("%s", fd)
		}
	}
}

func renderExample(t *testing.T, release string) []byte {
	t.Helper()
	dir := t.TempDir()
	os.Mkdir(filepath.Join(dir, "secrets"), 0o700)
	for _, n := range site.ExampleSecretFiles() {
		v, _ := site.GeneratePassword(32)
		os.WriteFile(filepath.Join(dir, "secrets", n), []byte(v), 0o600)
	}
	src := regexp.MustCompile(`(?m)^release = .*$`).ReplaceAll(site.ExampleTOML, []byte(`release = "`+release+`"`))
	p := filepath.Join(dir, "site.toml")
	os.WriteFile(p, src, 0o644)
	s, err := site.Load(p, func(string) (string, bool) { return "", false })
	if err != nil {
		t.Fatal(err)
	}
	r, err := render.New()
	if err != nil {
		t.Fatal(err)
	}
	files, err := r.Render(s, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasSuffix(f.Path, "heat.conf") {
			return f.Data
		}
	}
	t.Fatal("no heat.conf rendered")
	return nil
}

// TestDebianPackagedConf: the heat.conf Debian's heat-common installs
// (bookworm's 1:19.0.0-3, with the values its debconf questions wrote)
// names no option the Debian variant of its release lacks, and no option
// Debian's patches add that upstream's data of the release would call
// unknown is set in it.
func TestDebianPackagedConf(t *testing.T) {
	for file, release := range map[string]string{"bookworm-heat-common-19.0.0-3.conf": "2022.2-debian"} {
		t.Run(file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "testdata", "lint", "debian", file))
			if err != nil {
				t.Fatal(err)
			}
			f, err := conf.Parse(file, data)
			if err != nil {
				t.Fatal(err)
			}
			reg, err := schema.Embedded(release)
			if err != nil {
				t.Fatal(err)
			}
			if reg.Release().Variant != releases.VariantDebian {
				t.Fatalf("%s: not the Debian variant: %+v", release, reg.Release())
			}
			l, err := lint.New(lint.Options{Registry: reg})
			if err != nil {
				t.Fatal(err)
			}
			for _, fd := range l.Lint([]*conf.File{f}) {
				switch fd.Rule.ID {
				case "unknown-option", "unknown-group", "removed-option", "invalid-value":
					t.Errorf("%s", fd)
				}
			}
		})
	}
}
