package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v2"

	"github.com/heatconf/heatconf/schema/diff"
	"github.com/heatconf/heatconf/schema/releases"
)

func init() {
	// -update rewrites the golden files (another test file may define it too)
	if flag.Lookup("update") == nil {
		flag.Bool("update", false, "rewrite golden files")
	}
}

func updateGolden() bool {
	f := flag.Lookup("update")
	return f != nil && f.Value.String() == "true"
}

// golden compares got with testdata/schema/name, or writes it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "schema", name)
	if updateGolden() {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/heatconf -run Schema -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from %s (go test ./cmd/heatconf -run Schema -update):\n%s", name, path, lineDiff(string(want), got))
	}
}

func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < len(w) || i < len(g); i++ {
		var a, c string
		if i < len(w) {
			a = w[i]
		}
		if i < len(g) {
			c = g[i]
		}
		if a != c {
			b.WriteString("- " + a + "\n+ " + c + "\n")
		}
	}
	return b.String()
}

func TestSchemaGolden(t *testing.T) {
	tests := []struct {
		file string
		args string
	}{
		{"list.txt", "schema list"},
		{"show-auth_encryption_key.txt", "schema show DEFAULT.auth_encryption_key"},
		{"diff-zed-2025.1.txt", "schema diff zed 2025.1"},
		{"show-trustee.txt", "schema show --release zed trustee"},
		{"show-auth_uri-2026.2.txt", "schema show --release 2026.2 keystone_authtoken.auth_uri"},
		{"show-enforce_scope.txt", "schema show [oslo_policy] enforce_scope"},
		{"show-ec2authtoken-cloud.txt", "schema show -r hibiscus ec2authtoken.mycloud"},
	}
	for _, tt := range tests {
		r := run(t, nil, strings.Fields(tt.args)...)
		if r.code != 0 || r.err != "" {
			t.Errorf("%s: exit %d, stderr %q", tt.args, r.code, r.err)
			continue
		}
		golden(t, tt.file, r.out)
	}
}

func TestSchemaUsageErrors(t *testing.T) {
	tests := []struct {
		args string
		code int
		want string
	}{
		{"schema show", exitUsage, "needs a group or GROUP.OPTION"},
		{"schema show DEFAULT.debug --release nosuch", exitUsage, `unknown release "nosuch"`},
		{"schema show DEFAULT.debug --release ussuri", exitUsage, "unknown release \"ussuri\""},
		{"schema show DEFAULT.auth_encryption_ky", exitUsage, "did you mean auth_encryption_key?"},
		{"schema show Defualt.debug", exitUsage, "has no group [Defualt]"},
		{"schema show default.debug", exitUsage, "did you mean [DEFAULT]?"},
		{"schema show trustee --auth-type nosuch", exitUsage, `--auth-type "nosuch"`},
		{"schema show database --auth-type password", exitUsage, "loads no keystoneauth plugin"},
		{"schema show DEFAULT --format xml", exitUsage, `invalid argument "xml" for "--format" flag: not one of text, json`},
		{"schema diff zed", exitUsage, "needs two releases"},
		{"schema diff zed nosuch", exitUsage, `unknown release "nosuch"`},
		{"schema diff zed 14.0.0", exitUsage, "unknown release \"14.0.0\""},
		{"schema diff zed /nonexistent/x.yaml", exitFatal, "reading option data"},
		{"schema dump --format toml", exitUsage, `invalid argument "toml" for "--format" flag: not one of yaml, json (did you mean "yaml"?)`},
		{"schema dump extra", exitUsage, "no arguments"},
		{"schema list --format yaml", exitUsage, "not one of text, json"},
		{"schema lst", exitUsage, ""},
	}
	for _, tt := range tests {
		r := run(t, nil, strings.Fields(tt.args)...)
		if r.code != tt.code || !strings.Contains(r.err, tt.want) {
			t.Errorf("%s: exit %d, stderr %q; want exit %d and %q", tt.args, r.code, r.err, tt.code, tt.want)
		}
	}
}

// TestNewCmdSchema checks flag parsing and defaults through the runners.
func TestNewCmdSchema(t *testing.T) {
	var (
		show *schemaShowOptions
		diff *schemaDiffOptions
		dump *schemaDumpOptions
		list *schemaListOptions
	)
	runners := schemaRunners{
		list: func(o *schemaListOptions) error { list = o; return nil },
		show: func(o *schemaShowOptions) error { show = o; return nil },
		diff: func(o *schemaDiffOptions) error { diff = o; return nil },
		dump: func(o *schemaDumpOptions) error { dump = o; return nil },
	}
	exec := func(args ...string) error {
		cmd := newSchemaCmdWith(Streams{Out: &bytes.Buffer{}, Err: &bytes.Buffer{}}, runners)
		cmd.SetArgs(args)
		cmd.SetOut(&bytes.Buffer{})
		cmd.SetErr(&bytes.Buffer{})
		return cmd.Execute()
	}
	if err := exec("show", "DEFAULT.debug"); err != nil || show.Release != releases.Default || show.Target != "DEFAULT.debug" || show.Format != "text" {
		t.Errorf("show: %v %+v", err, show)
	}
	if err := exec("show", "-r", "zed", "--format", "json", "[trustee]", "password", "--auth-type", "v3password"); err != nil ||
		show.Release != "zed" || show.Target != "[trustee] password" || show.AuthType != "v3password" || show.Format != "json" {
		t.Errorf("show: %v %+v", err, show)
	}
	if err := exec("diff", "zed", "epoxy", "--format", "json"); err != nil || diff.From != "zed" || diff.To != "epoxy" || diff.Format != "json" {
		t.Errorf("diff: %v %+v", err, diff)
	}
	if err := exec("dump"); err != nil || dump.Release != releases.Default || dump.Format != "yaml" {
		t.Errorf("dump: %v %+v", err, dump)
	}
	if err := exec("list", "--format", "json"); err != nil || list.Format != "json" {
		t.Errorf("list: %v %+v", err, list)
	}
}

func TestSchemaJSONOutputs(t *testing.T) {
	for _, args := range [][]string{
		{"schema", "list", "--format", "json"},
		{"schema", "show", "DEFAULT.debug", "--format", "json"},
		{"schema", "show", "keystone_authtoken", "--format", "json"},
		{"schema", "show", "-r", "2026.2", "keystone_authtoken.auth_uri", "--format", "json"},
		{"schema", "diff", "zed", "2025.1", "--format", "json"},
		{"schema", "dump", "--release", "zed", "--format", "json"},
	} {
		r := run(t, nil, args...)
		var v any
		if r.code != 0 || json.Unmarshal([]byte(r.out), &v) != nil {
			t.Errorf("%v: exit %d, stderr %q, not JSON: %.200s", args, r.code, r.err, r.out)
		}
	}
	r := run(t, nil, "schema", "diff", "zed", "2025.1", "--format", "json")
	var d diff.Diff
	if err := json.Unmarshal([]byte(r.out), &d); err != nil || d.From != "2022.2" || d.To != "2025.1" || len(d.GroupsRemoved) == 0 {
		t.Errorf("diff json: %v %+v", err, d)
	}
}

// TestSchemaDumpYAML: the dump is the generator's format and can be read
// back with --release FILE.
func TestSchemaDumpYAML(t *testing.T) {
	full := run(t, nil, "schema", "dump", "--release", "zed")
	var all struct {
		Options map[string]any `yaml:"options"`
	}
	if err := yaml.Unmarshal([]byte(full.out), &all); err != nil || all.Options["yaql"] == nil || len(all.Options) <= 46 {
		t.Errorf("the default dump lacks the groups Heat registers at run time: %v, %d groups", err, len(all.Options))
	}
	r := run(t, nil, "schema", "dump", "--release", "zed", "--generator-only")
	if r.code != 0 {
		t.Fatalf("dump: %d %s", r.code, r.err)
	}
	var doc struct {
		Options    map[string]any `yaml:"options"`
		Deprecated map[string]any `yaml:"deprecated_options"`
		Generator  map[string]any `yaml:"generator_options"`
	}
	if err := yaml.Unmarshal([]byte(r.out), &doc); err != nil || len(doc.Options) != 46 || doc.Generator["format_"] != "yaml" {
		t.Fatalf("dump: %v, %d groups", err, len(doc.Options))
	}
	path := filepath.Join(t.TempDir(), "zed.yaml")
	if err := os.WriteFile(path, []byte(r.out), 0o600); err != nil {
		t.Fatal(err)
	}
	r = run(t, nil, "schema", "diff", "zed", path)
	if r.code != 0 || !strings.Contains(r.out, "no changes") {
		t.Errorf("diff zed against its own dump: exit %d %s\n%s", r.code, r.err, r.out)
	}
	r = run(t, nil, "schema", "show", "--release", path, "DEFAULT.debug")
	if r.code != 0 || !strings.Contains(r.out, "[DEFAULT] debug in "+path) {
		t.Errorf("show from a file: exit %d %s\n%s", r.code, r.err, r.out)
	}
}

func TestSchemaHelpHasExamples(t *testing.T) {
	for _, cmd := range [][]string{{"schema", "--help"}, {"schema", "list", "--help"}, {"schema", "show", "--help"},
		{"schema", "diff", "--help"}, {"schema", "dump", "--help"}} {
		r := run(t, nil, cmd...)
		if r.code != 0 || !strings.Contains(r.out, "Examples:") || !strings.Contains(r.out, "heatconf schema") {
			t.Errorf("%v: no example in help:\n%s", cmd, r.out)
		}
	}
}
