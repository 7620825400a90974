package lint

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"runtime"
	"sync"

	"github.com/heatconf/heatconf/conf"
)

// Unit is one configuration: the files oslo.config reads together, in
// order. Files on disk are read by the worker that lints the unit, so that
// reading, parsing and linting run on every CPU and a parsed file lives
// only as long as its unit is being linted (unless fixes need it
// afterwards).
type Unit struct {
	inputs []input

	loaded bool
	files  []*conf.File
	errs   []Finding         // files that cannot be parsed
	modes  map[string]uint32 // file name -> permission bits on disk
	paths  map[string]string // file name -> path on disk
}

// input is one file of a unit: its contents (data) or the path it is read
// from.
type input struct {
	name string
	data []byte
	path string
}

// FileUnit is a unit of files on disk, read together in this order; each
// is named by its path in findings.
func FileUnit(paths ...string) Unit {
	u := Unit{inputs: make([]input, len(paths))}
	for i, p := range paths {
		u.inputs[i] = input{name: p, path: p}
	}
	return u
}

// DataUnit is a unit of one file held in memory (standard input, a
// rendered heat.conf), named name in findings. Fixes to it cannot be
// written back.
func DataUnit(name string, data []byte) Unit {
	return Unit{inputs: []input{{name: name, data: data}}}
}

// Inputs are what a lint run is asked to read.
type Inputs struct {
	// Args are each linted on their own: a file, a directory (each of the
	// *.conf files oslo.config's --config-dir would read, on its own) or
	// "-" for Stdin.
	Args  []string
	Stdin io.Reader
	// Sources are --config-file and --config-dir arguments in command
	// line order: one configuration, merged as oslo.config merges them.
	Sources []conf.Source
}

// Units turns the inputs into units: one per argument file (a directory's
// files each their own), then one for all the Sources. Standard input is
// read here; files are read when their unit is linted.
func (in Inputs) Units() ([]Unit, error) {
	var units []Unit
	for _, arg := range in.Args {
		if arg == "-" {
			data, err := io.ReadAll(in.Stdin)
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
			units = append(units, FileUnit(arg))
			continue
		}
		paths, err := conf.ConfigDirFiles(arg)
		if err != nil {
			return nil, err
		}
		for _, p := range paths {
			units = append(units, FileUnit(p))
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

// load reads and parses the unit's inputs; a file oslo.config cannot read
// becomes a parse-error finding, and so does a file that cannot be read at
// all (a dangling link, a directory named *.conf, no permission): the other
// files are still linted.
func (u *Unit) load() error {
	u.files, u.errs = nil, nil
	u.modes, u.paths = map[string]uint32{}, map[string]string{}
	for _, n := range u.inputs {
		data := n.data
		if n.path != "" {
			f, err := os.Open(n.path)
			if err != nil {
				u.errs = append(u.errs, unreadable(n.name, err))
				continue
			}
			fi, err := f.Stat()
			if err == nil {
				data, err = io.ReadAll(f)
			}
			f.Close()
			if err != nil {
				u.errs = append(u.errs, unreadable(n.name, err))
				continue
			}
			if !inWorkTree(n.path) { // file-permissions: only a file as installed
				u.modes[n.name] = uint32(fi.Mode().Perm())
			}
			u.paths[n.name] = n.path
		}
		f, err := conf.Parse(n.name, data)
		if err != nil {
			fd, ok := ParseErrorFinding(err)
			if !ok {
				fd = Finding{File: n.name, Line: 1, Column: 1, Rule: ruleParseError.ID, Severity: Error, Message: err.Error()}
			}
			u.errs = append(u.errs, fd)
			continue
		}
		u.files = append(u.files, f)
	}
	u.loaded = true
	return nil
}

// unreadable is the finding for a file that cannot be read.
func unreadable(name string, err error) Finding {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err // the path is the finding's file already
	}
	return Finding{File: name, Line: 1, Column: 1, Rule: ruleParseError.ID, Severity: Error,
		Message: "the file cannot be read (" + err.Error() + "); oslo.config fails to start every service that reads it"}
}

// LintUnits reads, parses and lints the units on every CPU and returns each
// unit's findings, in the units' order. Units already loaded (kept from an
// earlier call) are not read again. Parsed files are kept only when keep
// is set, as Fix needs them.
func (l *Linter) LintUnits(units []Unit, keep bool) ([][]Finding, error) {
	results := make([][]Finding, len(units))
	errs := make([]error, len(units))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), len(units)); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				u := &units[i]
				if !u.loaded {
					if errs[i] = u.load(); errs[i] != nil {
						continue
					}
				}
				fs := append([]Finding{}, u.errs...)
				results[i] = append(fs, l.LintModes(u.files, u.modes)...)
				if !keep {
					u.loaded, u.files, u.modes, u.paths = false, nil, nil, nil
				}
			}
		}()
	}
	for i := range units {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return results, nil
}
