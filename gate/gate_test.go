package gate

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/render"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/site"
)

// noEnv is an empty environment: the example site reads its secrets from
// files.
func noEnv(string) (string, bool) { return "", false }

// exampleSite writes the embedded example with fixed secrets.
func exampleSite(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "secrets"), 0o700); err != nil {
		t.Fatal(err)
	}
	for i, name := range site.ExampleSecretFiles() {
		v := fmt.Sprintf("%-4.4s%02d%026d", name, i, 0) // distinct, 32 characters
		if err := os.WriteFile(filepath.Join(dir, "secrets", name), []byte(v+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	p := filepath.Join(dir, "site.toml")
	if err := os.WriteFile(p, site.ExampleTOML, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// beside writes a copy of the site at example beside it (so that it reads
// the same secrets) with each old text of oldNew replaced by the next.
func beside(t *testing.T, example, name string, oldNew ...string) string {
	t.Helper()
	data, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(oldNew); i += 2 {
		data = bytes.Replace(data, []byte(oldNew[i]), []byte(oldNew[i+1]), 1)
	}
	p := filepath.Join(filepath.Dir(example), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRender(t *testing.T) {
	example := exampleSite(t)
	tests := []struct {
		name    string
		site    string
		opts    render.Options
		files   int    // rendered files
		errText string // a part of the error
		gate    bool   // the error is an *Error
	}{
		{name: "the example", site: example, files: 4},
		{name: "an unknown host", site: example, opts: render.Options{Host: "nosuch"}, errText: "nosuch"},
		{name: "a missing site", site: filepath.Join(t.TempDir(), "none.toml"), errText: "reading site file"},
		{name: "an override lint refuses", site: beside(t, example, "removed.toml", "max_stacks_per_tenant = 200", "max_stacks_per_tenant = 200\nrpc_backend = \"rabbit\""),
			errText: "refusing to write", gate: true},
		{name: "an override lint warns about passes", site: beside(t, example, "warned.toml", "max_stacks_per_tenant = 200", "max_stacks_per_tenant = 0"),
			files: 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := Render(tt.site, noEnv, tt.opts)
			if tt.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("Render = %v; want an error with %q", err, tt.errText)
				}
				var ge *Error
				if errors.As(err, &ge) != tt.gate {
					t.Errorf("an *Error: %v; want %v", !tt.gate, tt.gate)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Files) != tt.files || res.Site == nil || res.Redact == nil {
				t.Fatalf("%d files; want %d", len(res.Files), tt.files)
			}
		})
	}
}

func TestCheck(t *testing.T) {
	res, err := render.FromFile(exampleSite(t), noEnv, render.Options{})
	if err != nil {
		t.Fatal(err)
	}
	example := res.Files
	reg, err := schema.Embedded(res.Site.Release)
	if err != nil {
		t.Fatal(err)
	}
	var conf []byte
	for _, f := range example {
		if f.Path == "heat.conf" {
			conf = f.Data
		}
	}
	// the example's heat.conf with one line more in [DEFAULT]
	with := func(line string) []byte {
		return []byte(strings.Replace(string(conf), "[DEFAULT]\n", "[DEFAULT]\n"+line+"\n", 1))
	}
	removed := with("rpc_backend = rabbit")
	same := func(s string) string { return s }
	tests := []struct {
		name     string
		files    []render.File
		reg      *schema.Registry
		mask     func(string) string
		errText  string   // "" when the gate lets the files through
		messages []string // parts of the refused findings' messages, in order
	}{
		{name: "the example site", files: example, reg: reg},
		{name: "no files", reg: reg},
		{name: "a warning passes", reg: reg,
			files: []render.File{{Path: "heat.conf", Data: with("max_stacks_per_tenant = 0")}}},
		{name: "a removed option", reg: reg, files: []render.File{{Path: "heat.conf", Data: removed}},
			errText: "refusing to write: lint finds 1 errors", messages: []string{"[DEFAULT] rpc_backend was removed"}},
		{name: "every host's heat.conf", reg: reg,
			files:   []render.File{{Path: "ctl1/heat.conf", Data: removed}, {Path: "ctl2/heat.conf", Data: removed}},
			errText: "lint finds 2 errors", messages: []string{"rpc_backend", "rpc_backend"}},
		{name: "other files are not linted", reg: reg,
			files: []render.File{{Path: "bootstrap-db.sql", Data: removed}, {Path: "heat.conf.d/x.conf", Data: removed}}},
		{name: "messages are masked", reg: reg, files: []render.File{{Path: "heat.conf", Data: removed}},
			mask:    func(s string) string { return strings.ReplaceAll(s, "rpc_backend", "****") },
			errText: "lint finds 1 errors", messages: []string{"[DEFAULT] **** was removed"}},
		{name: "a heat.conf that does not parse", reg: reg, files: []render.File{{Path: "heat.conf", Data: []byte("[DEFAULT\n")}},
			errText: "BUG: rendered heat.conf does not parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mask := tt.mask
			if mask == nil {
				mask = same
			}
			err := Check(tt.files, tt.reg, mask)
			if tt.errText == "" {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.errText) {
				t.Fatalf("Check = %v; want an error with %q", err, tt.errText)
			}
			var ge *Error
			if !errors.As(err, &ge) {
				if len(tt.messages) > 0 {
					t.Fatalf("Check = %T; want an *Error", err)
				}
				return
			}
			if len(ge.Findings) != len(tt.messages) {
				t.Fatalf("%d findings %v; want %d", len(ge.Findings), ge.Findings, len(tt.messages))
			}
			for i, want := range tt.messages {
				if !strings.Contains(ge.Findings[i].Message, want) {
					t.Errorf("finding %d: %q; want %q in it", i, ge.Findings[i].Message, want)
				}
			}
		})
	}
}
