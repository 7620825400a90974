package schema

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/schema/releases"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	dump := filepath.Join(dir, "zed.yaml")
	zed, err := table.Lookup("zed")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(rawGeneratorYAML(t, zed))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(dump, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	notYAML := filepath.Join(dir, "broken.yml")
	if err := os.WriteFile(notYAML, []byte("options: [\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		spec    string
		want    string // the registry's Name
		errText string // a part of the error; "" for none
		unknown bool   // the error wraps releases.ErrUnknown
		noData  bool   // the error wraps releases.ErrNoData
	}{
		{name: "release number", spec: "2025.1", want: "2025.1"},
		{name: "codename", spec: "zed", want: "2022.2"},
		{name: "codename in capitals", spec: "Epoxy", want: "2025.1"},
		{name: "generator yaml", spec: dump, want: dump},
		{name: "unknown release", spec: "nosuch", errText: `unknown release "nosuch" (known: `, unknown: true},
		{name: "unknown release offers a file", spec: "nosuch", errText: "or an oslo-config-generator .yaml file", unknown: true},
		{name: "series without data", spec: "bobcat", errText: "no option data for 2023.2 (bobcat, Heat 21) in this build; known: 2020.2 (victoria, Heat 15.0.0), ", noData: true},
		{name: "a file that is not yaml", spec: filepath.Join(dir, "x.json"), errText: "unknown release", unknown: true},
		{name: "missing yaml file", spec: filepath.Join(dir, "none.yaml"), errText: "reading option data: open "},
		{name: "broken yaml file", spec: notYAML, errText: "broken.yml"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.noData {
				withReleases(t, debianOnly())
			}
			reg, err := Load(tt.spec)
			if tt.errText != "" {
				if err == nil || !strings.Contains(err.Error(), tt.errText) {
					t.Fatalf("Load(%q) = %v; want an error with %q", tt.spec, err, tt.errText)
				}
				if got := errors.Is(err, releases.ErrUnknown); got != tt.unknown {
					t.Errorf("errors.Is(%v, releases.ErrUnknown) = %v; want %v", err, got, tt.unknown)
				}
				if got := errors.Is(err, releases.ErrNoData); got != tt.noData {
					t.Errorf("errors.Is(%v, releases.ErrNoData) = %v; want %v", err, got, tt.noData)
				}
				return
			}
			if err != nil {
				t.Fatalf("Load(%q): %v", tt.spec, err)
			}
			if reg.Name() != tt.want {
				t.Errorf("Load(%q).Name() = %q; want %q", tt.spec, reg.Name(), tt.want)
			}
		})
	}
}
