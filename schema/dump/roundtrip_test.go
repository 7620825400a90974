package dump

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v2"

	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/internal/optdata"
	"github.com/heatconf/heatconf/schema/internal/staticdata"
	"github.com/heatconf/heatconf/schema/releases"
)

func embedded(t testing.TB, release string) *schema.Registry {
	t.Helper()
	r, err := schema.Embedded(release)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// rawGeneratorYAML is the oslo-config-generator output a release's data was
// made from.
func rawGeneratorYAML(t testing.TB, rel releases.Release) string {
	t.Helper()
	if f := staticdata.LookupVariant(rel.HeatVersion, rel.Variant); f != nil && len(f.Sources) > 0 {
		return filepath.Join("..", "data", f.Sources[0])
	}
	t.Fatalf("no generator YAML for %s", rel)
	return ""
}

// generatorFacts reads generator YAML into group -> dest -> facts, the
// fields that describe what oslo.config accepts (help as its first
// sentence), and the deprecated_options section as a set.
func generatorFacts(t *testing.T, data []byte) (map[string]map[string]map[string]any, map[string]bool) {
	t.Helper()
	var doc struct {
		Options map[string]struct {
			Help              string           `yaml:"help"`
			DriverOption      string           `yaml:"driver_option"`
			DynamicGroupOwner string           `yaml:"dynamic_group_owner"`
			Opts              []map[string]any `yaml:"opts"`
		} `yaml:"options"`
		Deprecated map[string][]map[string]any `yaml:"deprecated_options"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	facts := map[string]map[string]map[string]any{}
	for g, gd := range doc.Options {
		facts[g] = map[string]map[string]any{"(group)": {
			"help": optdata.FirstSentence(gd.Help), "driver_option": gd.DriverOption, "dynamic_group_owner": gd.DynamicGroupOwner,
		}}
		for _, o := range gd.Opts {
			dest := fmt.Sprint(o["dest"])
			if _, dup := facts[g][dest]; dup {
				continue // the generator lists some options twice
			}
			f := map[string]any{}
			for _, k := range []string{"name", "dest", "type", "default", "choices", "min", "max", "secret", "advanced",
				"required", "mutable", "positional", "deprecated_for_removal", "deprecated_reason", "deprecated_since",
				"sample_default", "metavar", "short", "namespace"} {
				f[k] = normalFact(o[k])
			}
			f["help"] = optdata.FirstSentence(fmt.Sprint(o["help"]))
			var deps []string
			for _, d := range o["deprecated_opts"].([]any) {
				m := d.(map[any]any)
				deps = append(deps, fmt.Sprintf("%v/%v", m["group"], m["name"]))
			}
			sort.Strings(deps)
			f["deprecated_opts"] = strings.Join(deps, " ")
			facts[g][dest] = f
		}
	}
	dep := map[string]bool{}
	for g, list := range doc.Deprecated {
		for _, d := range list {
			dep[fmt.Sprintf("%s/%v -> %v/%v", g, d["name"], d["replacement_group"], d["replacement_name"])] = true
		}
	}
	return facts, dep
}

// normalFact makes YAML values comparable: numbers as float64 text,
// mappings keyed by text.
func normalFact(v any) any {
	switch x := v.(type) {
	case int:
		return fmt.Sprint(float64(x))
	case int64:
		return fmt.Sprint(float64(x))
	case uint64:
		return fmt.Sprint(float64(x))
	case float64:
		return fmt.Sprint(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = normalFact(e)
		}
		return out
	case map[any]any:
		out := map[string]any{}
		for k, e := range x {
			out[fmt.Sprint(k)] = normalFact(e)
		}
		return out
	}
	return v
}

// TestRoundTrip: generator YAML -> compact data -> registry -> dump YAML
// gives the same facts for every option of every release, but where the
// data follows what Heat's programs read instead (schema/gen/capture.py):
// an option the generator lists in a group no program registers it in
// (GeneratorGroup) is not dumped there, and a default a program sets or
// that is the program's name is dumped as Heat reads it.
func TestRoundTrip(t *testing.T) {
	for _, rel := range releases.All() {
		t.Run(rel.Spec(), func(t *testing.T) {
			raw, err := os.ReadFile(rawGeneratorYAML(t, rel))
			if err != nil {
				t.Fatal(err)
			}
			want, wantDep := generatorFacts(t, raw)
			reg, err := schema.EmbeddedRelease(rel)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := WriteGeneratorYAML(&buf, reg); err != nil {
				t.Fatal(err)
			}
			got, gotDep := generatorFacts(t, buf.Bytes())
			for _, g := range reg.Groups() {
				for _, o := range reg.Options(g) {
					switch {
					case o.GeneratorGroup != "":
						delete(want[o.GeneratorGroup], o.Name)
						for k := range wantDep {
							if strings.HasSuffix(k, " -> "+o.GeneratorGroup+"/"+o.Name) {
								delete(wantDep, k)
							}
						}
					case o.DefaultSetBy != "" || o.DefaultNote != "":
						if want[g][o.Name] == nil || got[g][o.Name] == nil {
							t.Errorf("[%s] %s: a run-time default, not in the generator's list or the dump", g, o.Name)
							continue
						}
						want[g][o.Name]["default"] = got[g][o.Name]["default"]
					}
				}
			}
			compareFacts(t, want, got)
			if !reflect.DeepEqual(wantDep, gotDep) {
				for k := range wantDep {
					if !gotDep[k] {
						t.Errorf("deprecated_options: %s missing", k)
					}
				}
				for k := range gotDep {
					if !wantDep[k] {
						t.Errorf("deprecated_options: %s extra", k)
					}
				}
			}
			n := 0
			for _, g := range want {
				n += len(g) - 1
			}
			t.Logf("%s: %d groups, %d options compared", rel, len(want), n)
		})
	}
}

func compareFacts(t *testing.T, want, got map[string]map[string]map[string]any) {
	t.Helper()
	for g, opts := range want {
		if got[g] == nil {
			t.Errorf("group %s missing from the dump", g)
			continue
		}
		for dest, f := range opts {
			gf := got[g][dest]
			if gf == nil {
				t.Errorf("[%s] %s missing from the dump", g, dest)
				continue
			}
			for k, v := range f {
				if !reflect.DeepEqual(v, gf[k]) {
					t.Errorf("[%s] %s %s: generator %#v, dump %#v", g, dest, k, v, gf[k])
				}
			}
		}
		for dest := range got[g] {
			if opts[dest] == nil {
				t.Errorf("[%s] %s is in the dump, not in the generator's YAML", g, dest)
			}
		}
	}
	for g := range got {
		if want[g] == nil {
			t.Errorf("group %s is in the dump, not in the generator's YAML", g)
		}
	}
}

var validatorLine = regexp.MustCompile(`^(ERROR|WARNING):root:(.*)$`)

// TestDumpPassesOsloConfigValidator: for every release, the real
// oslo-config-validator reads `schema dump` and accepts a valid heat.conf
// with no error or warning, and still reports a removed option.
func TestDumpPassesOsloConfigValidator(t *testing.T) {
	testenv.Oracle(t, "oslo-config-validator")
	validator := testenv.Command(t, "oslo-config-validator", "python3-oslo.config")
	bad := filepath.Join(t.TempDir(), "bad.conf")
	if err := os.WriteFile(bad, []byte("[DEFAULT]\nrpc_backend = rabbit\n[oslo_messaging_rabbit]\nrabbit_host = controller\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, rel := range releases.Upstream() {
		t.Run(rel.HeatVersion, func(t *testing.T) {
			t.Parallel()
			dump := filepath.Join(t.TempDir(), "dump.yaml")
			var buf bytes.Buffer
			if err := WriteGeneratorYAML(&buf, embedded(t, rel.HeatVersion)); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dump, buf.Bytes(), 0o600); err != nil {
				t.Fatal(err)
			}
			run := func(conf string) (string, error) {
				cmd := exec.Command(validator, "--opt-data", dump, "--input-file", conf)
				cmd.Env = testenv.Env()
				out, err := cmd.CombinedOutput()
				return string(out), err
			}
			out, err := run("testdata/heat.conf")
			var problems []string
			for _, line := range strings.Split(out, "\n") {
				if validatorLine.MatchString(line) || strings.Contains(line, "Traceback") {
					problems = append(problems, line)
				}
			}
			if err != nil || len(problems) > 0 {
				t.Errorf("oslo-config-validator on testdata/heat.conf: %v\n%s", err, strings.Join(problems, "\n"))
			}
			out, err = run(bad)
			if err == nil || !strings.Contains(out, "ERROR:root:DEFAULT/rpc_backend is not part of the sample config") {
				t.Errorf("oslo-config-validator did not reject rpc_backend with the dump: %v\n%s", err, out)
			}
		})
	}
}
