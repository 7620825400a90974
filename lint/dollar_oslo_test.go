package lint

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/testenv"
)

// TestReferenceCyclesAsOsloConfig: the options whose substitution real
// oslo.config cannot finish (NoSuchOptError on a cycle) are exactly those
// unescaped-dollar reports, and chains that end are not reported.
func TestReferenceCyclesAsOsloConfig(t *testing.T) {
	testenv.Oracle(t, "python3 with oslo.config")
	py := testenv.Python(t, []string{"oslo_config"}, "python3-oslo.config")
	cases := []struct{ name, text string }{
		{"self", "[DEFAULT]\nhost = $host\n"},
		{"braced self", "[DEFAULT]\nhost = x${host}y\n"},
		{"two", "[DEFAULT]\nhost = $my_ip\nmy_ip = $host\n"},
		{"three across groups", "[DEFAULT]\nhost = $g.opt\nmy_ip = $host\n[g]\nopt = ${my_ip}\n"},
		{"DEFAULT is no group name", "[DEFAULT]\nmy_ip = h\n[g]\nopt = ${DEFAULT.my_ip}\n"},
		{"chain that ends", "[DEFAULT]\nhost = $my_ip\nmy_ip = $state_path\nstate_path = /var/lib/heat\n"},
		{"group first, then DEFAULT", "[DEFAULT]\nopt = $host\nhost = h\n[g]\nopt = $opt\n"},
	}
	script := `
import json, sys
from oslo_config import cfg
out = {}
for path in sys.argv[1:]:
    c = cfg.ConfigOpts()
    c.register_opts([cfg.StrOpt(n) for n in ("host", "my_ip", "state_path", "opt")])
    c.register_opts([cfg.StrOpt("opt")], group="g")
    c(args=["--config-file", path])
    bad = []
    for g, n in (("DEFAULT", "host"), ("DEFAULT", "my_ip"), ("DEFAULT", "state_path"), ("DEFAULT", "opt"), ("g", "opt")):
        try:
            (getattr(c, n) if g == "DEFAULT" else getattr(c.g, n))
        except (cfg.Error, RecursionError):
            bad.append("[%s] %s" % (g, n))
    out[path] = bad
print(json.dumps(out))
`
	dir := t.TempDir()
	var paths []string
	for i, tc := range cases {
		p := filepath.Join(dir, string(rune('a'+i))+".conf")
		if err := os.WriteFile(p, []byte(tc.text), 0o600); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, p)
	}
	cmd := exec.Command(py, append([]string{"-c", script}, paths...)...)
	cmd.Env = testenv.Env()
	out, err := cmd.Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("oslo.config: %v\n%s", err, stderr)
	}
	var oslo map[string][]string
	if err := json.Unmarshal(out, &oslo); err != nil {
		t.Fatal(err)
	}
	l, err := New(Options{Registry: registry(t, "zed"), Enable: []string{"unescaped-dollar"}})
	if err != nil {
		t.Fatal(err)
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f, err := conf.Parse(paths[i], []byte(tc.text))
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, fd := range l.Lint([]*conf.File{f}) {
				if fd.Rule != ruleUnescapedDollar {
					continue
				}
				for _, s := range f.Sections {
					for _, e := range s.Entries {
						if e.FirstLine == fd.Line {
							got = append(got, "["+s.Group+"] "+e.Key)
						}
					}
				}
			}
			want := oslo[paths[i]]
			slices.Sort(got)
			slices.Sort(want)
			if !slices.Equal(got, want) {
				t.Errorf("lint reports %q; oslo.config fails on %q", got, want)
			}
		})
	}
}
