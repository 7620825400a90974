package render

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestFromFile(t *testing.T) {
	example := exampleSite(t)
	src, err := os.ReadFile(example)
	if err != nil {
		t.Fatal(err)
	}
	// a variant of the example beside it, so that it reads the same secrets
	variant := func(name string, oldNew ...string) string {
		p := filepath.Join(filepath.Dir(example), name)
		data := src
		for i := 0; i < len(oldNew); i += 2 {
			data = bytes.Replace(data, []byte(oldNew[i]), []byte(oldNew[i+1]), 1)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	tests := []struct {
		name    string
		site    string
		opts    Options
		files   int    // rendered files
		errText string // a part of the error
	}{
		{name: "the example", site: example, files: 4},
		{name: "a missing site", site: filepath.Join(t.TempDir(), "none.toml"), errText: "reading site file"},
		{name: "an unknown host", site: example, opts: Options{Host: "nosuch"}, errText: "nosuch"},
		// lint would refuse it (package gate), but rendering is not linting
		{name: "an override lint refuses", site: variant("removed.toml", "max_stacks_per_tenant = 200", "max_stacks_per_tenant = 200\nrpc_backend = \"rabbit\""),
			files: 4},
		{name: "several problems are counted", site: variant("bad.toml", `public_url = "https://controller.example.net:5000"`, `public_url = "ftp://"`,
			`region = "RegionOne"`, `region = ""`),
			errText: "2 problems in the site file:\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := FromFile(tt.site, testEnv, tt.opts)
			if tt.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("FromFile = %v; want an error with %q", err, tt.errText)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Files) != tt.files || res.Site == nil || res.Redact == nil {
				t.Fatalf("%d files; want %d", len(res.Files), tt.files)
			}
			if f, err := res.File("heat.conf"); err != nil || f.Path != "heat.conf" {
				t.Errorf("File(heat.conf) = %v, %v", f.Path, err)
			}
			if _, err := res.File("nosuch.conf"); err == nil || !strings.Contains(err.Error(), "outputs: ") || !strings.Contains(err.Error(), "heat.conf") {
				t.Errorf("File(nosuch.conf) = %v; want the outputs named", err)
			}
		})
	}
}
