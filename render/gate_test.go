package render

import (
	"errors"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/site"
)

func TestGate(t *testing.T) {
	s, err := site.Load(exampleSite(t), testEnv)
	if err != nil {
		t.Fatal(err)
	}
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	example, err := r.Render(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := schema.Embedded(s.Release)
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
		files    []File
		reg      *schema.Registry
		mask     func(string) string
		errText  string   // "" when the gate lets the files through
		messages []string // parts of the refused findings' messages, in order
	}{
		{name: "the example site", files: example, reg: reg},
		{name: "no files", reg: reg},
		{name: "a warning passes", reg: reg,
			files: []File{{Path: "heat.conf", Data: with("max_stacks_per_tenant = 0")}}},
		{name: "a removed option", reg: reg, files: []File{{Path: "heat.conf", Data: removed}},
			errText: "refusing to write: lint finds 1 errors", messages: []string{"[DEFAULT] rpc_backend was removed"}},
		{name: "every host's heat.conf", reg: reg,
			files:   []File{{Path: "ctl1/heat.conf", Data: removed}, {Path: "ctl2/heat.conf", Data: removed}},
			errText: "lint finds 2 errors", messages: []string{"rpc_backend", "rpc_backend"}},
		{name: "other files are not linted", reg: reg,
			files: []File{{Path: "bootstrap-db.sql", Data: removed}, {Path: "heat.conf.d/x.conf", Data: removed}}},
		{name: "messages are masked", reg: reg, files: []File{{Path: "heat.conf", Data: removed}},
			mask:    func(s string) string { return strings.ReplaceAll(s, "rpc_backend", "****") },
			errText: "lint finds 1 errors", messages: []string{"[DEFAULT] **** was removed"}},
		{name: "a heat.conf that does not parse", reg: reg, files: []File{{Path: "heat.conf", Data: []byte("[DEFAULT\n")}},
			errText: "BUG: rendered heat.conf does not parse"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			mask := tt.mask
			if mask == nil {
				mask = same
			}
			err := Gate(tt.files, tt.reg, mask)
			if tt.errText == "" {
				if err != nil {
					t.Fatalf("Gate: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.errText) {
				t.Fatalf("Gate = %v; want an error with %q", err, tt.errText)
			}
			var ge *GateError
			if !errors.As(err, &ge) {
				if len(tt.messages) > 0 {
					t.Fatalf("Gate = %T; want a *GateError", err)
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
