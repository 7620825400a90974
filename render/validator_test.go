package render

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/dump"
	"github.com/heatconf/heatconf/schema/releases"
	"github.com/heatconf/heatconf/site"
)

// generatorGaps are options Heat reads that oslo-config-generator's own
// list of a release lacks, so that the validator with the generator's YAML
// (schema/data/heat-*.yaml, not heatconf's dump) reports them: Heat 15
// and 16 register [cache] at run time (heat/common/cache.py calls
// oslo_cache.core.configure), but no config-generator namespace of theirs
// lists oslo.cache (Heat 17 added it). heatconf's data has the group (its
// run-time capture, schema/data/*.runtime.yaml), so `schema dump` has no
// gap: see TestRenderedConfPassesValidatorWithOurDump.
//
// Render writes for each Heat version only what its data registers, so
// there is no other gap: 24.0.0 and 25.0.0 get no [ec2authtoken]
// credentials, which only their point releases 24.1.1 and 25.0.1 read.
var generatorGaps = map[string][]string{
	"15.0.0": runtimeCache,
	"16.0.0": runtimeCache,
}

// runtimeCache is [cache] as Heat 15 and 16 register it at run time.
var runtimeCache = []string{"cache/backend", "cache/enabled", "cache/memcache_servers"}

var validatorLine = regexp.MustCompile(`^(ERROR|WARNING):root:(?:Deprecated opt )?(\S+?)(?: is not part of the sample config| found)?$`)

// TestRenderedConfPassesOsloConfigValidator renders the test sites for every
// release, point releases included, and checks them with the real
// oslo-config-validator against the option data generated from that
// release's real Heat (schema/data, made by schema/gen/gen.sh).
func TestRenderedConfPassesOsloConfigValidator(t *testing.T) {
	testenv.Oracle(t, "oslo-config-validator")
	validateRendered(t, func(t *testing.T, rel releases.Release) (string, map[string][]string) {
		return optionData(t, rel), generatorGaps
	})
}

// TestRenderedConfPassesValidatorWithOurDump does the same with heatconf's
// own `schema dump --format yaml` of each release (WriteValidatorYAML),
// which holds the options Heat registers at run time: no gaps at all.
func TestRenderedConfPassesValidatorWithOurDump(t *testing.T) {
	testenv.Oracle(t, "oslo-config-validator")
	validateRendered(t, func(t *testing.T, rel releases.Release) (string, map[string][]string) {
		reg, err := schema.Embedded(rel.HeatVersion)
		if err != nil {
			t.Fatal(err)
		}
		p := filepath.Join(t.TempDir(), "dump.yaml")
		f, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if err := dump.WriteValidatorYAML(f, reg); err != nil {
			t.Fatal(err)
		}
		return p, nil
	})
}

func validateRendered(t *testing.T, optData func(*testing.T, releases.Release) (string, map[string][]string)) {
	validator := testenv.Command(t, "oslo-config-validator", "python3-oslo.config")
	sites := testSites(t)
	for _, rel := range releases.Upstream() {
		t.Run(rel.HeatVersion, func(t *testing.T) {
			t.Parallel()
			data, knownGaps := optData(t, rel)
			// a site names a point release by its Heat version; a series'
			// name means its first (the same data as rel.HeatVersion)
			for name, path := range sites {
				if name == "multihost" && rel.Name != "2026.2" {
					continue // its overrides are options of 2026.2
				}
				src, err := os.ReadFile(path)
				if err != nil {
					t.Fatal(err)
				}
				src = regexp.MustCompile(`(?m)^release = .*$`).ReplaceAll(src, []byte(`release = "`+rel.HeatVersion+`"`))
				s, err := site.Decode(path, src)
				if err != nil {
					t.Fatal(err)
				}
				if err := s.Resolve(testEnv); err != nil {
					t.Fatal(err)
				}
				r, _ := New()
				files, err := r.Render(s, Options{})
				if err != nil {
					t.Fatal(err)
				}
				for _, f := range files {
					if filepath.Base(f.Path) != "heat.conf" {
						continue
					}
					conf := filepath.Join(t.TempDir(), "heat.conf")
					if err := os.WriteFile(conf, f.Data, 0o600); err != nil {
						t.Fatal(err)
					}
					cmd := exec.Command(validator, "--opt-data", data, "--input-file", conf)
					cmd.Env = testenv.Env()
					var out bytes.Buffer
					cmd.Stdout, cmd.Stderr = &out, &out
					runErr := cmd.Run()
					var problems, gaps []string
					for _, line := range strings.Split(out.String(), "\n") {
						m := validatorLine.FindStringSubmatch(line)
						if m == nil {
							if strings.HasPrefix(line, "Traceback") || strings.Contains(line, "Error:") {
								t.Fatalf("%s %s: oslo-config-validator failed:\n%s", name, f.Path, out.String())
							}
							continue
						}
						if slices.Contains(knownGaps[rel.HeatVersion], m[2]) && m[1] == "ERROR" {
							gaps = append(gaps, m[2])
							continue
						}
						problems = append(problems, line)
					}
					if len(problems) > 0 {
						t.Errorf("%s %s for %s: oslo-config-validator reports:\n%s", name, f.Path, rel, strings.Join(problems, "\n"))
					}
					sort.Strings(gaps)
					if want := knownGaps[rel.HeatVersion]; len(want) > 0 && name == "example" && strings.Join(gaps, " ") != strings.Join(want, " ") {
						// a gap that disappears means the data grew: drop it from generatorGaps
						t.Errorf("%s: known gaps changed: got %v, want %v", rel, gaps, want)
					}
					if runErr != nil && len(gaps) == 0 && len(problems) == 0 {
						t.Errorf("%s: oslo-config-validator exit %v with nothing reported:\n%s", rel, runErr, out.String())
					}
				}
			}
		})
	}
}

// optionData finds the oslo-config-generator YAML of a release's Heat.
func optionData(t *testing.T, rel releases.Release) string {
	t.Helper()
	// Debian's data is named by series or code name, the source's
	// (schema/gen/fromsource) by series with .src
	for _, name := range []string{rel.Name, rel.Codename, rel.Name + ".src"} {
		p := filepath.Join("..", "schema", "data", fmt.Sprintf("heat-%s-%s.yaml", rel.HeatVersion, name))
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatalf("no option data for %s in schema/data (generate it with schema/gen/gen.sh)", rel)
	return ""
}
