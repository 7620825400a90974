// Package compact turns the option data schema/gen read from real Heat
// (four YAML files per Heat version in schema/data) into the Go static data
// heatconf embeds (schema/internal/staticdata). It is used by
// `go generate ./schema` (schema/gen/compact) and by the test that checks
// the committed Go files are what the YAML gives.
package compact

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/heatconf/heatconf/schema/internal/optdata"
)

// GeneratedBy is what the Go files say made them.
const GeneratedBy = "schema/gen/compact (go generate ./schema)"

// Data is one Heat version's data as the YAML files give it.
type Data struct {
	HeatVersion string        // "24.0.0"
	Label       string        // the release part of the file names: "2025.1", "zed"
	Var         string        // the Go variable that holds it: "heat_24_0_0"
	File        *optdata.File // merged
}

// mainFile matches the generator YAML of one Heat version:
// heat-<version>-<release>.yaml.
var mainFile = regexp.MustCompile(`^heat-([0-9]+\.[0-9]+\.[0-9]+)-([A-Za-z0-9._]+?)\.yaml$`)

// Read reads every Heat version's data in dir: heat-<version>-<release>.yaml
// with its .types.yaml, .runtime.yaml and .plugins.yaml, and the package
// versions versions.json records for it (when it has an entry whose "data"
// names the file). Oldest Heat version first.
func Read(dir string) ([]Data, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	pkgs, err := packages(dir)
	if err != nil {
		return nil, err
	}
	var out []Data
	seen := map[string]string{}
	for _, e := range entries {
		m := mainFile.FindStringSubmatch(e.Name())
		if m == nil || strings.HasSuffix(e.Name(), ".types.yaml") || strings.HasSuffix(e.Name(), ".runtime.yaml") || strings.HasSuffix(e.Name(), ".plugins.yaml") {
			continue
		}
		version, label := m[1], m[2]
		if other, dup := seen[version]; dup {
			// Where a Debian package and Heat's source both gave a
			// version's data, the package's is built in (it is what
			// operators install, and the e2e runs it); the source's is
			// schema/gen/fromsource's cross-check of it.
			switch {
			case fromSource(label) && !fromSource(labelOf(other)):
				continue
			case !fromSource(label) && fromSource(labelOf(other)):
				i := slices.IndexFunc(out, func(d Data) bool { return d.HeatVersion == version })
				out[i].Label = label
				seen[version] = e.Name()
				continue
			}
			return nil, fmt.Errorf("two data files of Heat %s: %s and %s", version, other, e.Name())
		}
		seen[version] = e.Name()
		out = append(out, Data{HeatVersion: version, Label: label, Var: VarName(version)})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no heat-<version>-<release>.yaml files", dir)
	}
	slices.SortFunc(out, func(a, b Data) int { return optdata.CompareVersions(a.HeatVersion, b.HeatVersion) })
	for i := range out {
		d := &out[i]
		base := "heat-" + d.HeatVersion + "-" + d.Label
		var in [4]optdata.Input
		for j, suffix := range []string{".yaml", ".types.yaml", ".runtime.yaml", ".plugins.yaml"} {
			name := base + suffix
			b, err := os.ReadFile(filepath.Join(dir, name))
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("Heat %s: %s is missing (schema/gen writes four files per version)", d.HeatVersion, name)
			}
			if err != nil {
				return nil, err
			}
			in[j] = optdata.Input{Name: name, Data: b}
		}
		f, err := optdata.Build(in[0], in[1], in[2], in[3])
		if err != nil {
			return nil, fmt.Errorf("Heat %s: %w", d.HeatVersion, err)
		}
		f.HeatVersion = d.HeatVersion
		f.Packages = pkgs[base+".yaml"]
		d.File = f
	}
	return out, nil
}

// fromSource reports a label of data made from Heat's source
// (schema/gen/fromsource writes heat-<version>-<series>.src.yaml).
func fromSource(label string) bool { return strings.HasSuffix(label, ".src") }

// labelOf is the label of a generator YAML's name.
func labelOf(name string) string { return mainFile.FindStringSubmatch(name)[2] }

// packages reads the Debian package versions versions.json records, by the
// name of the generator YAML (a version without an entry has none).
func packages(dir string) (map[string]map[string]string, error) {
	raw, err := os.ReadFile(filepath.Join(dir, "versions.json"))
	if err != nil {
		return nil, err
	}
	var v struct {
		Releases map[string]struct {
			Data     string            `json:"data"`
			Packages map[string]string `json:"packages"`
		} `json:"releases"`
	}
	if err := json.Unmarshal(raw, &v); err != nil {
		return nil, fmt.Errorf("reading versions.json: %w", err)
	}
	out := map[string]map[string]string{}
	for _, r := range v.Releases {
		if r.Data != "" && len(r.Packages) > 0 {
			out[r.Data] = r.Packages
		}
	}
	return out, nil
}

// Generate reads dir and returns the Go files of package pkg that hold its
// data (see WriteGo), with the data they hold.
func Generate(dir, pkg string) ([]GoFile, []Data, error) {
	data, err := Read(dir)
	if err != nil {
		return nil, nil, err
	}
	rels := make([]GoRelease, len(data))
	for i, d := range data {
		rels[i] = GoRelease{Var: d.Var, File: d.File}
	}
	files, err := WriteGo(rels, pkg, GeneratedBy)
	return files, data, err
}

// VarName is the Go variable of a Heat version's data: "heat_24_0_0".
func VarName(version string) string { return "heat_" + strings.ReplaceAll(version, ".", "_") }

// IsGenerated reports whether src is a file Generate writes.
func IsGenerated(src []byte) bool {
	return strings.HasPrefix(string(src), "// Code generated by "+GeneratedBy+"; DO NOT EDIT.\n")
}
