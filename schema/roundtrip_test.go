package schema

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"gopkg.in/yaml.v2"

	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/schema/internal/compact"
	"github.com/heatconf/heatconf/schema/internal/optdata"
	"github.com/heatconf/heatconf/schema/internal/staticdata"
)

// rawGeneratorYAML is the oslo-config-generator output a release's data was
// made from.
func rawGeneratorYAML(t testing.TB, rel Release) string {
	t.Helper()
	if f := staticdata.Lookup(rel.HeatVersion); f != nil && len(f.Sources) > 0 {
		return filepath.Join("data", f.Sources[0])
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
// gives the same facts for every option of every release.
func TestRoundTrip(t *testing.T) {
	for _, rel := range Releases() {
		t.Run(rel.HeatVersion, func(t *testing.T) {
			raw, err := os.ReadFile(rawGeneratorYAML(t, rel))
			if err != nil {
				t.Fatal(err)
			}
			want, wantDep := generatorFacts(t, raw)
			var buf bytes.Buffer
			if err := embedded(t, rel.HeatVersion).WriteGeneratorYAML(&buf); err != nil {
				t.Fatal(err)
			}
			got, gotDep := generatorFacts(t, buf.Bytes())
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

// TestLoadYAMLMatchesEmbedded: a registry read from the generator YAML
// alone has the same options, types, defaults and bounds as the embedded one.
func TestLoadYAMLMatchesEmbedded(t *testing.T) {
	for _, rel := range Releases() {
		f, err := os.Open(rawGeneratorYAML(t, rel))
		if err != nil {
			t.Fatal(err)
		}
		custom, err := LoadYAML("", f)
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
		if custom.Release() != (Release{}) || custom.Name() != "custom" {
			t.Errorf("LoadYAML: release %+v, name %q", custom.Release(), custom.Name())
		}
		emb := embedded(t, rel.HeatVersion)
		for _, g := range emb.Groups() {
			for _, o := range emb.Options(g) {
				if o.Source != "generator" {
					continue
				}
				m, ok := custom.Lookup(g, o.Name, "")
				if !ok {
					t.Errorf("%s: [%s] %s not in LoadYAML's registry", rel.Name, g, o.Name)
					continue
				}
				c := m.Option
				if c.Type != o.Type || !reflect.DeepEqual(c.Default, o.Default) || !reflect.DeepEqual(c.Min, o.Min) ||
					!reflect.DeepEqual(c.Max, o.Max) || !reflect.DeepEqual(c.Choices, o.Choices) {
					t.Errorf("%s: [%s] %s differs: yaml %s %v %v %v %v, embedded %s %v %v %v %v", rel.Name, g, o.Name,
						c.Type, deref(c.Default), c.Min, c.Max, c.Choices, o.Type, deref(o.Default), o.Min, o.Max, o.Choices)
				}
			}
		}
		// plugin options come from the embedded default release
		if m, ok := custom.Lookup("keystone_authtoken", "username", ""); !ok || m.Via != "plugin" {
			t.Errorf("%s: LoadYAML registry lacks keystoneauth plugin options", rel.Name)
		}
	}
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
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
	for _, rel := range Releases() {
		t.Run(rel.HeatVersion, func(t *testing.T) {
			t.Parallel()
			dump := filepath.Join(t.TempDir(), "dump.yaml")
			var buf bytes.Buffer
			if err := embedded(t, rel.HeatVersion).WriteGeneratorYAML(&buf); err != nil {
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

// TestCompactDataUpToDate: the Go static data in internal/staticdata is
// byte for byte what schema/gen/compact makes from the YAML files in data
// (go generate ./schema was run), no generated file is left over, and the
// compiled data holds what the YAML says. Making it also checks that the
// Go formatting of every default equals what oslo.config printed
// (optdata.AddTypes).
func TestCompactDataUpToDate(t *testing.T) {
	const dir = "internal/staticdata"
	files, data, err := compact.Generate("data", "staticdata")
	if err != nil {
		t.Fatal(err)
	}
	if len(data) < 4 {
		t.Fatalf("data has %d Heat versions", len(data))
	}
	made := map[string]bool{}
	for _, f := range files {
		made[f.Name] = true
		old, err := os.ReadFile(filepath.Join(dir, f.Name))
		if err != nil || !bytes.Equal(old, f.Src) {
			t.Errorf("%s/%s is missing or stale: run go generate ./schema", dir, f.Name)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if made[e.Name()] {
			continue
		}
		if src, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && compact.IsGenerated(src) {
			t.Errorf("%s/%s is left over: run go generate ./schema", dir, e.Name())
		}
	}
	var versions []string
	for _, d := range data {
		versions = append(versions, d.HeatVersion)
		if !reflect.DeepEqual(staticdata.Lookup(d.HeatVersion), d.File) {
			t.Errorf("Heat %s: the compiled data differs from what data/%s gives", d.HeatVersion, d.File.Sources[0])
		}
	}
	if got := staticdata.Versions(); !slices.Equal(got, versions) {
		t.Errorf("staticdata.Versions() = %v; data has %v", got, versions)
	}
}

// TestReleaseTableMatchesData: every row of the release table has data,
// and every Heat version with data has a row.
func TestReleaseTableMatchesData(t *testing.T) {
	rows := map[string]bool{}
	for _, r := range Releases() {
		rows[r.HeatVersion] = true
		if staticdata.Lookup(r.HeatVersion) == nil {
			t.Errorf("release table: %s (Heat %s) has no data in schema/data", r, r.HeatVersion)
		}
	}
	for _, v := range staticdata.Versions() {
		if !rows[v] {
			t.Errorf("schema/data has Heat %s, which has no row in the release table (schema/releases.go)", v)
		}
	}
}
