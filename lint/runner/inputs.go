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
	// see Units), or "-" for Stdin.
	Args  []string
	Stdin io.Reader
	// Sources are --config-file and --config-dir arguments in command
	// line order: one configuration, merged as oslo.config merges them.
	Sources []conf.Source
	// Note is told what lint passes over, and why (for verbose output);
	// may be nil.
	Note func(string)
	// EnvFile is an environment file read after every unit's files, as
	// oslo.config's environment source (--env-file). When "", the heat.env
	// beside a heat.conf is read with it, if there is one (see EnvFileName).
	EnvFile string
	// FollowSymlinks reads the files a walk finds, the drop-ins beside a
	// file and the .heatconf.toml above it when they are symbolic links
	// (--follow-symlinks). By default a link a repository can commit
	// (heat.conf.d/x.conf -> /proc/self/environ, .heatconf.toml -> .env)
	// is passed over, or for .heatconf.toml refused; a file named on the
	// command line is read as named.
	FollowSymlinks bool
}

// heatConf is the name of Heat's configuration file, and heatConfD the
// directory of its drop-ins (heat.conf.d holds the files oslo.config reads
// after heat.conf: its default --config-dir).
const (
	heatConf  = "heat.conf"
	heatConfD = "heat.conf.d"
)

// dropInSuffix ends the name of a directory of drop-ins.
const dropInSuffix = ".conf.d"

// Units turns the inputs into units, each with the .heatconf.toml nearest
// above it: one per service the arguments name, in the order they are
// first named (a service named twice, as pre-commit names heat.conf and a
// drop-in of it, is linted once), then one for all the Sources.
//
// A file named on the command line is linted whatever its name, unless
// its .heatconf.toml excludes it (then it is passed over, as a walk passes
// it over, so that pre-commit and a walk agree). A directory is walked:
// every heat.conf in it and below (render's <host>/heat.conf layout
// included), the drop-ins of every heat.conf.d, and the files the
// .heatconf.toml of their directory includes; hidden files and
// directories, what exclude names and every other file are passed over
// (told to Note, with why). A directory with none of these is a
// *UsageError, so that "looked at nothing" never passes as "clean"; a
// directory that cannot be read is an error.
//
// Standard input is read here; files are read when their unit is linted.
// An argument that does not exist is an error.
func (in Inputs) Units() ([]Unit, error) {
	return in.units(newConfigs(configSearch, nil))
}

// units is Units with the configurations cs.
func (in Inputs) units(cs *configs) ([]Unit, error) {
	note := in.Note
	if note == nil {
		note = func(string) {}
	}
	cs.follow = in.FollowSymlinks
	cwd, err := os.Getwd()
	if err != nil {
		return nil, fmt.Errorf("finding the working directory: %w", err)
	}
	var units []Unit
	seen := map[string]bool{}
	add := func(key string, paths []string) error {
		if seen[key] {
			return nil
		}
		seen[key] = true
		cfg, err := cs.forAbs(filepath.Dir(absPath(cwd, key)))
		if err != nil {
			return err
		}
		u := FileUnit(paths...)
		u.cfg, u.cfgKnown, u.sniff = cfg, true, true
		u.env, u.envFinal = in.envFile(paths, note)
		if u.env != "" && in.EnvFile == "" {
			note(fmt.Sprintf("%s: read with %s (the secrets it takes from the environment)", key, u.env))
		}
		units = append(units, u)
		return nil
	}
	for _, arg := range in.Args {
		if arg == "-" {
			data, err := boundedread.ReadAll(in.Stdin, boundedread.ConfMax, "standard input")
			if err != nil {
				return nil, fmt.Errorf("reading standard input: %w", err)
			}
			cfg, err := cs.forAbs(cwd)
			if err != nil {
				return nil, err
			}
			u := DataUnit("<stdin>", data)
			u.cfg, u.cfgKnown, u.sniff = cfg, true, true
			u.env = in.EnvFile
			units = append(units, u)
			continue
		}
		fi, err := os.Stat(arg)
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", arg, err)
		}
		abs := absPath(cwd, arg)
		if !fi.IsDir() {
			why, err := cs.excluded(abs, false)
			if err != nil {
				return nil, err
			}
			if why != "" {
				note(fmt.Sprintf("%s: passed over: %s", arg, why))
				continue
			}
			key, paths, err := in.service(arg, note)
			if err != nil {
				return nil, err
			}
			if err := add(key, paths); err != nil {
				return nil, err
			}
			continue
		}
		found, passed, err := in.walk(arg, abs, cs, note)
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, noHeatConf(arg, passed)
		}
		for _, f := range found {
			key, paths, err := in.service(f, note)
			if err != nil {
				return nil, err
			}
			if err := add(key, paths); err != nil {
				return nil, err
			}
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
		dir := cwd
		if len(paths) > 0 {
			dir = filepath.Dir(absPath(cwd, paths[0]))
		}
		cfg, err := cs.forAbs(dir)
		if err != nil {
			return nil, err
		}
		u := FileUnit(paths...)
		u.cfg, u.cfgKnown = cfg, true
		u.env, u.envFinal = in.envFile(paths, note)
		units = append(units, u)
	}
	return units, nil
}

// envFile is the environment file of a unit of paths: --env-file, or the
// heat.env beside its heat.conf. A heat.env found there is a file the
// repository holds, as a walked drop-in is: one that is a symbolic link
// is passed over (told to note) unless in.FollowSymlinks, and final says
// to read it only if it is still no link when it is read.
func (in Inputs) envFile(paths []string, note func(string)) (path string, final bool) {
	if in.EnvFile != "" || len(paths) == 0 {
		return in.EnvFile, false
	}
	if filepath.Base(paths[0]) != heatConf {
		return "", false
	}
	p := envFileFor("", paths[0])
	if p == "" || in.FollowSymlinks {
		return p, false
	}
	if isLink(p) {
		note(fmt.Sprintf("%s: passed over: %s", p, linkWhy))
		return "", false
	}
	return p, true
}

// noHeatConf is the error of a walk that found nothing to lint.
func noHeatConf(dir string, passed []string) error {
	msg := fmt.Sprintf("no heat.conf under %s; name files explicitly or add include = [...] to %s", dir, ConfigFile)
	switch {
	case len(passed) == 1 && passed[0] == dir:
		msg = fmt.Sprintf("no heat.conf under %s: it is excluded (--verbose says by what)", dir)
	case len(passed) > 0:
		msg += fmt.Sprintf(" (lint reads heat.conf and the drop-ins of heat.conf.d; %d other file(s) passed over, such as %s: --verbose lists them)", len(passed), passed[0])
	}
	return usageErrorf("%s", msg)
}

// absPath is p made absolute against the working directory cwd, without
// a system call per file.
func absPath(cwd, p string) string {
	if filepath.IsAbs(p) {
		return filepath.Clean(p)
	}
	return filepath.Join(cwd, p)
}

// service returns the files one service reads when path is one of them,
// and a key that names the service: for heat.conf, heat.conf and then the
// drop-ins of heat.conf.d (oslo.config's order); for a drop-in, the same,
// or the drop-ins alone when there is no heat.conf beside their directory.
// A drop-in other than path that is a symbolic link is passed over (told
// to note) unless in.FollowSymlinks.
func (in Inputs) service(path string, note func(string)) (key string, paths []string, err error) {
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
		for _, d := range dropIns {
			if d != path && !in.FollowSymlinks && isLink(d) {
				note(fmt.Sprintf("%s: passed over: %s", d, linkWhy))
				continue
			}
			paths = append(paths, d)
		}
	}
	if main == "" {
		return dir, paths, nil
	}
	return main, paths, nil
}

// walk lists the files under root (absolute: abs) that lint reads, sorted,
// and the files it passes over (or root alone, when root is excluded);
// what it passes over goes to note, with why. Symbolic links to
// directories are not followed; a directory that cannot be read is an
// error.
func (in Inputs) walk(root, abs string, cs *configs, note func(string)) (found, passed []string, err error) {
	why, err := cs.excluded(abs, true)
	if err != nil {
		return nil, nil, err
	}
	if why != "" {
		note(fmt.Sprintf("%s: passed over: %s", root, why))
		return nil, []string{root}, nil
	}
	pass := func(p, why string) {
		passed = append(passed, p)
		note(fmt.Sprintf("%s: passed over: %s", p, why))
	}
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		pAbs := abs
		if p != root {
			rel, err := filepath.Rel(root, p)
			if err != nil {
				return err
			}
			pAbs = filepath.Join(abs, rel)
		}
		name := d.Name()
		if d.Type()&fs.ModeSymlink != 0 && !in.FollowSymlinks && name != ConfigFile {
			pass(p, linkWhy)
			return nil
		}
		if d.IsDir() {
			if p == root {
				return nil
			}
			if strings.HasPrefix(name, ".") {
				note(fmt.Sprintf("%s: passed over: a hidden directory", p))
				return fs.SkipDir
			}
			cfg, err := cs.forAbs(filepath.Dir(pAbs))
			if err != nil {
				return configError{err}
			}
			if pat := cfg.excludes(pAbs, true); pat != "" {
				note(fmt.Sprintf("%s: passed over: %s", p, excludedWhy(cfg, pat)))
				return fs.SkipDir
			}
			return nil
		}
		cfg, err := cs.forAbs(filepath.Dir(pAbs))
		if err != nil {
			return configError{err}
		}
		switch {
		case strings.HasPrefix(name, "."):
			if name != ConfigFile {
				pass(p, "a hidden file (oslo.config skips them too)")
			}
		case cfg.excludes(pAbs, false) != "":
			pass(p, excludedWhy(cfg, cfg.excludes(pAbs, false)))
		case name == heatConf:
			found = append(found, p)
		case filepath.Base(filepath.Dir(p)) == heatConfD && strings.HasSuffix(name, ".conf"):
			found = append(found, p)
		case cfg.includes(pAbs) != "":
			note(fmt.Sprintf("%s: linted: %s includes it (%q)", p, cfg.Path, cfg.includes(pAbs)))
			found = append(found, p)
		default:
			pass(p, notHeatConf(name))
		}
		return nil
	})
	if ce, ok := err.(configError); ok {
		return nil, nil, ce.err
	} else if err != nil {
		return nil, nil, fmt.Errorf("reading directory %s: %w", root, err)
	}
	slices.Sort(found)
	return found, passed, nil
}

// linkWhy is why a walk passes over a symbolic link.
const linkWhy = "a symbolic link (a repository can commit one: --follow-symlinks reads it)"

// isLink reports whether path is a symbolic link.
func isLink(path string) bool {
	fi, err := os.Lstat(path)
	return err == nil && fi.Mode()&fs.ModeSymlink != 0
}

// configError carries a .heatconf.toml's error out of a walk, which says
// it as it is.
type configError struct{ err error }

func (e configError) Error() string { return e.err.Error() }

// excludedWhy says which exclude pattern of which file passes a path over.
func excludedWhy(cfg *Config, pattern string) string {
	return fmt.Sprintf("%sexclude = %q", cfg.where("exclude"), pattern)
}

// excluded says why abs (a file, or a directory when isDir) is excluded,
// or "": abs and each directory above it are matched against the exclude
// globs of their own configuration (the .heatconf.toml of the directory
// that holds them), up to the repository's root, as a walk from there
// would pass them over.
func (cs *configs) excluded(abs string, isDir bool) (string, error) {
	cur := abs
	for {
		parent := filepath.Dir(cur)
		if parent == cur {
			return "", nil
		}
		cfg, err := cs.forAbs(parent)
		if err != nil || cfg == nil {
			return "", err
		}
		if pat := cfg.excludes(cur, isDir); pat != "" {
			return excludedWhy(cfg, pat), nil
		}
		if cur == cfg.dir || !strings.HasPrefix(cur, cfg.dir+string(filepath.Separator)) || cs.isRepoRoot(parent) {
			return "", nil
		}
		cur, isDir = parent, true
	}
}

// notHeatConf says why a file found in a walk is not linted.
func notHeatConf(name string) string {
	lower := strings.ToLower(name)
	const rest = "not heat.conf, a drop-in of heat.conf.d or a file .heatconf.toml includes"
	switch {
	case !strings.HasSuffix(name, ".conf"):
		return "not a *.conf file (" + rest + ")"
	case strings.Contains(lower, "logging"):
		return "a Python logging configuration, not heat.conf"
	case strings.Contains(lower, "paste"):
		return "a paste deployment file, not heat.conf"
	case strings.Contains(lower, "policy"), strings.Contains(lower, "rootwrap"), strings.Contains(lower, "uwsgi"):
		return "another service's configuration, not heat.conf"
	}
	return rest
}
