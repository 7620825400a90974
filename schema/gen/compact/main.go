// Command compact converts the option data that schema/gen/gen.sh read from
// real Heat packages into the compact JSON heatconf embeds. It is run by
// `go generate ./schema` and needs no network, no Python and no root.
//
// For every release in DIR/versions.json it reads
//
//	heat-<version>-<release>.yaml          oslo-config-generator --format yaml
//	heat-<version>-<release>.types.yaml    genlib.py types (oslo.config type parameters)
//	heat-<version>-<release>.runtime.yaml  genlib.py runtime (options registered at run time)
//	heat-<version>-<release>.plugins.yaml  plugins.py (keystoneauth / keystonemiddleware)
//
// and writes heat-<version>-<release>.json. The output depends on nothing
// but those files: a second run writes the same bytes.
//
// Usage:
//
//	go run ./schema/gen/compact [-data DIR] [-check]
//
// -check writes nothing and exits 1 when a JSON file is missing or differs
// from what the inputs give (for CI).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/heatconf/heatconf/schema/internal/optdata"
)

type versions struct {
	Releases map[string]struct {
		Codename    string            `json:"codename"`
		DebianSuite string            `json:"debian_suite"`
		HeatVersion string            `json:"heat_version"`
		Data        string            `json:"data"`
		Types       string            `json:"types"`
		Runtime     string            `json:"runtime"`
		Plugins     string            `json:"plugins"`
		Compact     string            `json:"compact"`
		Packages    map[string]string `json:"packages"`
		Namespaces  []string          `json:"namespaces"`
	} `json:"releases"`
}

func main() {
	dir := flag.String("data", "data", "the schema data `DIR` (holds versions.json)")
	check := flag.Bool("check", false, "write nothing; exit 1 if a compact file is missing or stale")
	flag.Parse()
	if err := run(*dir, *check); err != nil {
		fmt.Fprintln(os.Stderr, "compact:", err)
		os.Exit(1)
	}
}

func run(dir string, check bool) error {
	raw, err := os.ReadFile(filepath.Join(dir, "versions.json"))
	if err != nil {
		return fmt.Errorf("reading versions.json: %w", err)
	}
	var v versions
	if err := json.Unmarshal(raw, &v); err != nil {
		return fmt.Errorf("reading versions.json: %w", err)
	}
	var names []string
	for name := range v.Releases {
		names = append(names, name)
	}
	sort.Strings(names)
	stale := 0
	for _, name := range names {
		r := v.Releases[name]
		if r.Data == "" || r.Types == "" || r.Runtime == "" || r.Plugins == "" || r.Compact == "" {
			return fmt.Errorf("release %s: versions.json lacks data/types/runtime/plugins/compact file names (re-run schema/gen/gen.sh)", name)
		}
		out, err := convert(dir, name, r.HeatVersion, []string{r.Data, r.Types, r.Runtime, r.Plugins}, r.Packages)
		if err != nil {
			return fmt.Errorf("release %s: %w", name, err)
		}
		path := filepath.Join(dir, r.Compact)
		if check {
			old, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(old, out) {
				fmt.Fprintf(os.Stderr, "compact: %s is missing or stale (run go generate ./schema)\n", path)
				stale++
			}
			continue
		}
		if err := writeAtomic(path, out); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "compact: wrote %s (%d bytes)\n", path, len(out))
	}
	if stale > 0 {
		return fmt.Errorf("%d compact files are stale", stale)
	}
	return nil
}

func convert(dir, release, heatVersion string, files []string, pkgs map[string]string) ([]byte, error) {
	var in [4]optdata.Input
	for i, name := range files {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", name, err)
		}
		in[i] = optdata.Input{Name: name, Data: b}
	}
	f, err := optdata.Build(in[0], in[1], in[2], in[3])
	if err != nil {
		return nil, err
	}
	if err := optdata.AddPointReleases(f, release); err != nil {
		return nil, err
	}
	f.Release = release
	f.HeatVersion = heatVersion
	f.Packages = pkgs
	return optdata.Marshal(f)
}

func writeAtomic(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".compact-*")
	if err != nil {
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return nil
}
