package schema_test

import (
	"bytes"
	"io"
	"os"
	"testing"

	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/dump"
	"github.com/heatconf/heatconf/schema/releases"
)

// FuzzLoadYAML: no input makes LoadYAML (or what a caller then does with
// the registry) panic.
func FuzzLoadYAML(f *testing.F) {
	rel, _ := releases.Lookup("zed")
	raw, err := os.ReadFile(schema.RawGeneratorYAML(f, rel))
	if err != nil {
		f.Fatal(err)
	}
	// the head of the real file: deprecated_options and a few groups
	f.Add(raw[:4096])
	f.Add([]byte("options:\n  DEFAULT:\n    opts:\n    - name: debug\n      type: boolean value\n      default: false\n"))
	f.Add([]byte("options:\n  g:\n    opts:\n    - name: p\n      dest: p\n      type: port value\n      min: 0\n      max: 65535\n      choices: [[80, null], [443, 'https']]\n      default: 80\n      deprecated_opts: [{group: DEFAULT, name: q}]\n"))
	f.Add([]byte("options:\n  trustee:\n    opts:\n    - {name: auth_type, type: string value}\n    - {name: auth_section, type: string value}\n    - {name: auth-url, dest: auth_url, type: string value}\n"))
	f.Add([]byte("options: {a: &x {opts: [*x]}}"))
	f.Add([]byte("options:\n  g:\n    opts:\n    - name: x\n      type: list value\n      default: [a, [b, {c: .inf}]]\n      min: 1e999\n"))
	f.Add([]byte("- just\n- a list\n"))
	f.Add([]byte("options: 3"))
	f.Add([]byte("\x00\xff{[}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		reg, err := schema.LoadYAML("fuzz", bytes.NewReader(data))
		if err != nil {
			return
		}
		for _, g := range reg.Groups() {
			reg.Group(g)
			reg.Suggest(g, "x", "")
			reg.PluginOptions(g, "")
			for _, o := range reg.Options(g) {
				reg.Lookup(g, o.Name, "")
				for _, v := range []string{"", "1", "true", "a,b", "k:v", "http://h/", "::1"} {
					_ = o.Validate(v)
				}
				for _, a := range o.Deprecated {
					reg.Lookup(a.Group, a.Name, "")
				}
			}
		}
		reg.SuggestGroup("DEFALT")
		reg.Removed("DEFAULT", "verbose")
		_ = dump.WriteGeneratorYAML(io.Discard, reg)
		_ = dump.WriteJSON(io.Discard, reg)
	})
}
