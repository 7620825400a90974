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
	Label       string        // the release part of the file names: "2025.1.src", "zed"
	Variant     string        // "" upstream (Heat's source); "debian" (Debian's package)
	Var         string        // the Go variable that holds it: "heat_24_0_0", "heat_24_0_0_debian"
	File        *optdata.File // merged
}

// mainFile matches the generator YAML of one Heat version:
// heat-<version>-<release>.yaml, where a version of Heat's source between
// tags is <version>.dev<N>+g<commit> (the data of the series' first
// version, made before it was tagged).
var mainFile = regexp.MustCompile(`^heat-([0-9]+\.[0-9]+\.[0-9]+)((?:\.dev[0-9]+\+g[0-9a-f]+)?)-([A-Za-z0-9._]+?)\.yaml$`)

// Debian is the variant of the data schema/gen/gen.sh reads from Debian's
// packages (file names without .src).
const Debian = "debian"

// Read reads every Heat version's data in dir: heat-<version>-<release>.yaml
// with its .types.yaml, .runtime.yaml and .plugins.yaml, its .capture.yaml
// when there is one, and the package versions versions.json records for it
// (when it has an entry whose "data" names the file). Oldest Heat version
// first, upstream before its variants.
//
// Data made from Heat's source (schema/gen/fromsource: <release>.src) is
// upstream's; data read from Debian's packages (schema/gen/gen.sh) is the
// "debian" variant. In a variant's data, the options the upstream data of
// the same Heat version lacks are marked with the variant (Opt.Variant).
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
	bases := map[string]string{}
	for _, e := range entries {
		m := mainFile.FindStringSubmatch(e.Name())
		if m == nil || strings.HasSuffix(e.Name(), ".types.yaml") || strings.HasSuffix(e.Name(), ".runtime.yaml") ||
			strings.HasSuffix(e.Name(), ".plugins.yaml") || strings.HasSuffix(e.Name(), ".capture.yaml") {
			continue
		}
		version, label := m[1], m[3]
		variant := ""
		if !fromSource(label) {
			variant = Debian
		}
		id := version + "|" + variant
		if other, dup := seen[id]; dup {
			return nil, fmt.Errorf("two data files of Heat %s%s: %s and %s", version, variantText(variant), other, e.Name())
		}
		seen[id] = e.Name()
		d := Data{HeatVersion: version, Label: label, Variant: variant, Var: VarName(version)}
		if variant != "" {
			d.Var += "_" + variant
		}
		bases[d.Var] = "heat-" + version + m[2] + "-" + label
		out = append(out, d)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%s: no heat-<version>-<release>.yaml files", dir)
	}
	slices.SortFunc(out, func(a, b Data) int {
		if c := optdata.CompareVersions(a.HeatVersion, b.HeatVersion); c != 0 {
			return c
		}
		return strings.Compare(a.Variant, b.Variant)
	})
	for i := range out {
		d := &out[i]
		base := bases[d.Var]
		var in [5]optdata.Input
		for j, suffix := range []string{".yaml", ".types.yaml", ".runtime.yaml", ".plugins.yaml", ".capture.yaml"} {
			name := base + suffix
			b, err := os.ReadFile(filepath.Join(dir, name))
			if j == 4 && errors.Is(err, fs.ErrNotExist) {
				continue // no run-time capture
			}
			if errors.Is(err, fs.ErrNotExist) {
				return nil, fmt.Errorf("Heat %s: %s is missing (schema/gen writes four files per version)", d.HeatVersion, name)
			}
			if err != nil {
				return nil, err
			}
			in[j] = optdata.Input{Name: name, Data: b}
		}
		f, err := optdata.Build(in[0], in[1], in[2], in[3], in[4])
		if err != nil {
			return nil, fmt.Errorf("Heat %s%s: %w", d.HeatVersion, variantText(d.Variant), err)
		}
		f.HeatVersion = d.HeatVersion
		f.Variant = d.Variant
		f.Packages = pkgs[base+".yaml"]
		d.File = f
	}
	for i := range out {
		if out[i].Variant == "" {
			continue
		}
		j := slices.IndexFunc(out, func(u Data) bool { return u.Variant == "" && u.HeatVersion == out[i].HeatVersion })
		if j < 0 {
			return nil, fmt.Errorf("Heat %s%s: no upstream data of the same Heat version to compare it with", out[i].HeatVersion, variantText(out[i].Variant))
		}
		markVariant(out[i].File, out[j].File)
	}
	return out, nil
}

func variantText(v string) string {
	if v == "" {
		return ""
	}
	return " (" + v + ")"
}

// markVariant marks the options of a variant's data that the upstream data
// of the same Heat version lacks (same group, same key).
func markVariant(v, up *optdata.File) {
	have := map[[2]string]bool{}
	for _, g := range slices.Concat(up.Groups, up.Dynamic) {
		for _, o := range g.Opts {
			if o.Plugin == "" {
				have[[2]string{canonGroup(g.Name), o.Key()}] = true
			}
		}
	}
	for _, g := range slices.Concat(v.Groups, v.Dynamic) {
		for _, o := range g.Opts {
			if o.Plugin == "" && !have[[2]string{canonGroup(g.Name), o.Key()}] {
				o.Variant = v.Variant
			}
		}
	}
}

// canonGroup is oslo.config's group name rule: DEFAULT exactly, every other
// name lower-cased.
func canonGroup(name string) string {
	if name == "DEFAULT" {
		return name
	}
	return strings.ToLower(name)
}

// fromSource reports a label of data made from Heat's source
// (schema/gen/fromsource writes heat-<version>-<series>.src.yaml).
func fromSource(label string) bool { return strings.HasSuffix(label, ".src") }

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
