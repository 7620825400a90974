// Command compact converts the option data that schema/gen/gen.sh read from
// real Heat packages into the Go static data heatconf embeds. It is run by
// `go generate ./schema` and needs no network, no Python and no root.
//
// For every Heat version in the data directory it reads
//
//	heat-<version>-<release>.yaml          oslo-config-generator --format yaml
//	heat-<version>-<release>.types.yaml    genlib.py types (oslo.config type parameters)
//	heat-<version>-<release>.runtime.yaml  genlib.py runtime (options registered at run time)
//	heat-<version>-<release>.plugins.yaml  plugins.py (keystoneauth / keystonemiddleware)
//
// (and the package versions versions.json records), and writes the data
// of all of them as Go: each distinct option, group and auth plugin once
// (opts.go, groups.go), one small file per Heat version listing what it
// has (heat_<version>.go), and files.go. Generated files of versions that
// are gone are removed. The output depends on nothing but the input files:
// a second run writes the same bytes.
//
// Usage:
//
//	go run ./schema/gen/compact [-data DIR] [-go DIR] [-check]
//
// -check writes nothing and exits 1 when a Go file is missing, stale or
// left over (for CI).
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/heatconf/heatconf/schema/internal/compact"
)

func main() {
	dir := flag.String("data", "data", "the schema data `DIR` (heat-<version>-<release>*.yaml)")
	goDir := flag.String("go", "internal/staticdata", "where the Go static data goes (`DIR`)")
	check := flag.Bool("check", false, "write nothing; exit 1 if a Go file is missing, stale or left over")
	flag.Parse()
	if err := run(*dir, *goDir, *check); err != nil {
		fmt.Fprintln(os.Stderr, "compact:", err)
		os.Exit(1)
	}
}

func run(dir, goDir string, check bool) error {
	files, _, err := compact.Generate(dir, filepath.Base(goDir))
	if err != nil {
		return err
	}
	want := map[string]bool{}
	stale := 0
	for _, f := range files {
		path := filepath.Join(goDir, f.Name)
		want[f.Name] = true
		if check {
			old, err := os.ReadFile(path)
			if err != nil || !bytes.Equal(old, f.Src) {
				fmt.Fprintf(os.Stderr, "compact: %s is missing or stale (run go generate ./schema)\n", path)
				stale++
			}
			continue
		}
		if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, f.Src) {
			continue
		}
		if err := writeAtomic(path, f.Src); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "compact: wrote %s (%d bytes)\n", path, len(f.Src))
	}
	// generated files nothing makes any more
	entries, err := os.ReadDir(goDir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if want[e.Name()] || filepath.Ext(e.Name()) != ".go" {
			continue
		}
		path := filepath.Join(goDir, e.Name())
		src, err := os.ReadFile(path)
		if err != nil || !compact.IsGenerated(src) {
			continue
		}
		if check {
			fmt.Fprintf(os.Stderr, "compact: %s is left over (run go generate ./schema)\n", path)
			stale++
			continue
		}
		if err := os.Remove(path); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "compact: removed %s\n", path)
	}
	if stale > 0 {
		return fmt.Errorf("%d Go data files are stale", stale)
	}
	return nil
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
