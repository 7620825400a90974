package runner

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/boundedread"
)

// Inputs are what a lint run is asked to read.
type Inputs struct {
	// Args are linted each as one service: a file (with the drop-ins of
	// its FILE.d directory, which oslo.config reads after it), a drop-in
	// (with its service file and the other drop-ins), a directory (walked:
	// every heat.conf-like file in it and below, render's <host>/heat.conf
	// layout included), or "-" for Stdin.
	Args  []string
	Stdin io.Reader
	// Sources are --config-file and --config-dir arguments in command
	// line order: one configuration, merged as oslo.config merges them.
	Sources []conf.Source
	// Note is told what a directory walk passes over, and why (for
	// verbose output); may be nil.
	Note func(string)
}

// dropInSuffix ends the name of a directory of drop-ins: heat.conf.d holds
// the files oslo.config reads after heat.conf (its default --config-dir).
const dropInSuffix = ".conf.d"

// Units turns the inputs into units: one per service the arguments name,
// in the order they are first named (a service named twice, as pre-commit
// names heat.conf and a drop-in of it, is linted once), then one for all
// the Sources. Standard input is read here; files are read when their unit
// is linted. An argument that does not exist is an error; a directory with
// no heat.conf in it is a *UsageError, so that "looked at nothing" never
// passes as "clean".
func (in Inputs) Units() ([]Unit, error) {
	var units []Unit
	seen := map[string]bool{}
	add := func(key string, paths []string) {
		if !seen[key] {
			seen[key] = true
			units = append(units, FileUnit(paths...))
		}
	}
	for _, arg := range in.Args {
		if arg == "-" {
			data, err := boundedread.ReadAll(in.Stdin, boundedread.ConfMax, "standard input")
			if err != nil {
				return nil, fmt.Errorf("reading standard input: %w", err)
			}
			units = append(units, DataUnit("<stdin>", data))
			continue
		}
		fi, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", arg, err)
		}
		if !fi.IsDir() {
			key, paths, err := service(arg)
			if err != nil {
				return nil, err
			}
			add(key, paths)
			continue
		}
		found, err := in.walk(arg)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, usageErrorf("%s: no heat.conf in it or below (lint reads *.conf files and their .conf.d drop-ins; logging.conf and other files are passed over: --verbose lists them)", arg)
		}
		for _, f := range found {
			key, paths, err := service(f)
			if err != nil {
				return nil, err
			}
			add(key, paths)
		}
	}
	if len(in.Sources) > 0 {
		var paths []string
		for _, s := range in.Sources {
			ps, err := s.Files()
			if err != nil {
				return nil, err
			}
			paths = append(paths, ps...)
		}
		units = append(units, FileUnit(paths...))
	}
	return units, nil
}

// service returns the files one service reads when path is one of them,
// and a key that names the service: for heat.conf, heat.conf and then the
// drop-ins of heat.conf.d (oslo.config's order); for a drop-in, the same,
// or the drop-ins alone when there is no heat.conf beside their directory.
func service(path string) (key string, paths []string, err error) {
	main, dir := path, path+".d"
	if parent := filepath.Dir(path); strings.HasSuffix(parent, dropInSuffix) {
		main, dir = strings.TrimSuffix(parent, ".d"), parent
		if fi, err := os.Stat(main); err != nil || fi.IsDir() {
			main = ""
		}
	}
	if main != "" {
		paths = []string{main}
	}
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		dropIns, err := conf.ConfigDirFiles(dir)
		if err != nil {
			return "", nil, err
		}
		paths = append(paths, dropIns...)
	}
	if main == "" {
		return dir, paths, nil
	}
	return main, paths, nil
}

// walk lists the heat.conf-like files under root, sorted: files named
// *.conf that do not start with a dot and are not another service's
// configuration (logging.conf, api-paste), in directories that do not start
// with a dot; symbolic links to directories are not followed. What it
// passes over goes to in.Note.
func (in Inputs) walk(root string) ([]string, error) {
	note := in.Note
	if note == nil {
		note = func(string) {}
	}
	var out []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == root {
				return err
			}
			note(fmt.Sprintf("%s: passed over: %v", p, err))
			if d != nil && d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if d.IsDir() {
			if p != root && strings.HasPrefix(name, ".") {
				return fs.SkipDir
			}
			return nil
		}
		switch why := notHeatConf(name); {
		case why != "":
			note(fmt.Sprintf("%s: passed over: %s", p, why))
		default:
			out = append(out, p)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("reading directory %s: %w", root, err)
	}
	slices.Sort(out)
	return out, nil
}

// notHeatConf says why a file found in a walk is not linted, or "".
func notHeatConf(name string) string {
	lower := strings.ToLower(name)
	switch {
	case strings.HasPrefix(name, "."):
		return "a hidden file (oslo.config skips them too)"
	case !strings.HasSuffix(name, ".conf"):
		return "not a *.conf file"
	case strings.Contains(lower, "logging"):
		return "a Python logging configuration, not heat.conf"
	case strings.Contains(lower, "paste"):
		return "a paste deployment file, not heat.conf"
	case strings.Contains(lower, "policy"), strings.Contains(lower, "rootwrap"), strings.Contains(lower, "uwsgi"):
		return "another service's configuration, not heat.conf"
	}
	return ""
}
