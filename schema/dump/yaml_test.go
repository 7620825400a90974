package dump

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v2"

	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/schema"
)

// yamlHostile are strings that YAML 1.1 reads as something else when
// written plain (booleans, null, numbers, dates, base-60 numbers), YAML
// syntax, text that is not printable in YAML, long text a writer may fold,
// and testenv.Hostile.
func yamlHostile() []string {
	s := []string{
		"", " ", "yes", "No", "on", "OFF", "y", "n", "~", "null", "Null", "true", "1", "1.0", "1e5", "1e999", ".inf", "-.nan",
		"0x1F", "017", "0o17", "+7", "1_000", "1:20", "190:20:30.15", "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "0b101", ".5", "<<", "=",
		"- a", "? x", ": x", "a: b", "a:b", "a #b", "#x", "[x]", "{x}", "x]", "&a", "*a", "!tag", "!!str", "|", ">", "%x", "@x", "`x",
		"'", `"`, "'a'", "line\nbreak", "two\n\nbreaks\n", "\n", "\r\n", "tab\there", "\ttab", "trail\t",
		"\u0085next line", "\u2028ls", "\u2029ps", "\ufeffbom", "del\x7f", "\x00nul", "\x1besc", "c1\u0080\u009f", "nbsp\u00a0",
		"é", "\U0001F600", "\uE000private", "\uFFFDrepl", strings.Repeat("long words ", 20), strings.Repeat("x", 200),
	}
	return append(s, testenv.Hostile...)
}

// writeHostileGeneratorYAML writes generator YAML with one string option
// per value, the value as its default and its deprecation reason.
func writeHostileGeneratorYAML(t *testing.T, values []string) []byte {
	t.Helper()
	var opts []yaml.MapSlice
	for i, v := range values {
		opts = append(opts, yaml.MapSlice{
			{Key: "name", Value: fmt.Sprintf("o%d", i)},
			{Key: "type", Value: "string value"},
			{Key: "default", Value: v},
			{Key: "deprecated_reason", Value: v},
		})
	}
	data, err := yaml.Marshal(yaml.MapSlice{{Key: "options", Value: yaml.MapSlice{
		{Key: "g", Value: yaml.MapSlice{{Key: "opts", Value: opts}}},
	}}})
	if err != nil {
		t.Fatal(err)
	}
	return data
}

type dumpedOpts struct {
	Options map[string]struct {
		Opts []struct {
			Name             string `yaml:"name"`
			Default          any    `yaml:"default"`
			DeprecatedReason any    `yaml:"deprecated_reason"`
		} `yaml:"opts"`
	} `yaml:"options"`
}

// TestDumpStringsReadBack: every string of the dump reads back as the
// same string, with yaml.v2 and through LoadYAML.
func TestDumpStringsReadBack(t *testing.T) {
	values := yamlHostile()
	reg, err := schema.LoadYAML("hostile.yaml", bytes.NewReader(writeHostileGeneratorYAML(t, values)))
	if err != nil {
		t.Fatal(err)
	}
	var dump bytes.Buffer
	if err := WriteGeneratorYAML(&dump, reg); err != nil {
		t.Fatal(err)
	}
	var doc dumpedOpts
	if err := yaml.Unmarshal(dump.Bytes(), &doc); err != nil {
		t.Fatalf("the dump does not read: %v\n%s", err, dump.String())
	}
	opts := doc.Options["g"].Opts
	if len(opts) != len(values) {
		t.Fatalf("%d options read back; want %d", len(opts), len(values))
	}
	for i, o := range opts {
		want := values[i]
		var reason any = want
		if want == "" {
			reason = nil // "" is written as null
		}
		if o.Default != want || o.DeprecatedReason != reason {
			t.Errorf("%q reads back as %#v and %#v", want, o.Default, o.DeprecatedReason)
		}
	}
	back, err := schema.LoadYAML("dump.yaml", bytes.NewReader(dump.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range reg.Options("g") {
		m, ok := back.Lookup("g", o.Name, "")
		if !ok || !reflect.DeepEqual(m.Option.Default, o.Default) {
			t.Errorf("%s: LoadYAML of the dump gives %v", o.Name, m.Option)
		}
	}
}

// TestDumpStringsPyYAML: PyYAML, which oslo-config-validator reads the
// dump with, reads every string back as written.
func TestDumpStringsPyYAML(t *testing.T) {
	testenv.Oracle(t, "python3 with PyYAML")
	py := testenv.Python(t, []string{"yaml"}, "python3-yaml")
	values := yamlHostile()
	reg, err := schema.LoadYAML("hostile.yaml", bytes.NewReader(writeHostileGeneratorYAML(t, values)))
	if err != nil {
		t.Fatal(err)
	}
	var dump bytes.Buffer
	if err := WriteGeneratorYAML(&dump, reg); err != nil {
		t.Fatal(err)
	}
	const script = `import json, sys, yaml
doc = yaml.safe_load(sys.stdin.buffer)
json.dump([[o["default"], o["deprecated_reason"]] for o in doc["options"]["g"]["opts"]], sys.stdout)`
	cmd := exec.Command(py, "-c", script)
	cmd.Env = testenv.Env()
	cmd.Stdin = &dump
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("PyYAML: %v\n%s", err, stderr.String())
	}
	var got [][2]*string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if len(got) != len(values) {
		t.Fatalf("PyYAML read %d options; want %d", len(got), len(values))
	}
	for i, want := range values {
		d, r := got[i][0], got[i][1]
		if d == nil || *d != want || (want != "" && (r == nil || *r != want)) {
			t.Errorf("%q: PyYAML reads %s", want, out)
		}
	}
}
