package runner

import (
	"io/fs"
	"runtime"
	"sync"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/lint"
)

// Unit is one configuration: the files oslo.config reads together, in
// order. Files on disk are read by the worker that lints the unit, so that
// reading, parsing and linting run on every CPU and a parsed file lives
// only as long as its unit is being linted (unless fixes need it
// afterwards).
type Unit struct {
	inputs []input
	// env is the environment file (heat.env) read after the inputs, as
	// oslo.config reads the environment before them: "" for none. envData
	// is its contents when it is held in memory.
	env     string
	envData []byte
	// envFinal: env was found beside heat.conf, not named; it is read
	// only if it is no symbolic link then (Inputs.envFile)
	envFinal bool

	loaded bool
	files  []*conf.File
	errs   []lint.Finding         // files that cannot be parsed
	modes  map[string]uint32      // file name -> permission bits on disk
	paths  map[string]string      // file name -> path on disk
	stats  map[string]fs.FileInfo // file name -> fstat of the descriptor it was read through

	// cfg is the unit's .heatconf.toml (nil: none), when cfgKnown; a unit
	// made by FileUnit or DataUnit takes the run's (see Job).
	cfg      *Config
	cfgKnown bool
	// sniff: the files were named to lint, not known to be Heat's by how
	// they came (a rendered heat.conf, --config-file): a file plainly of
	// another program is one finding that says so (see foreign.go).
	sniff bool
	// notHeat is that finding for files that parse, found by load (a file
	// of another syntax is its parse error's finding).
	notHeat *lint.Finding
	// shared is what the unit says of the values every host of its
	// deployment must agree on (lint.Agree), read when it was linted in a
	// run of several units.
	shared *lint.Shared
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

// DataEnvUnit is DataUnit with an environment file held in memory (a
// secret-free render's heat.env), named envName in findings, read after
// the file as oslo.config reads the environment before it.
func DataEnvUnit(name string, data []byte, envName string, envData []byte) Unit {
	u := DataUnit(name, data)
	u.env, u.envData = envName, envData
	return u
}

// load reads and parses the unit's inputs; a file oslo.config cannot read
// becomes a parse-error finding, and so does a file that cannot be read at
// all (a dangling link, a directory named *.conf, no permission): the other
// files are still linted.
func (u *Unit) load() error {
	u.files, u.errs, u.notHeat = nil, nil, nil
	u.modes, u.paths, u.stats = map[string]uint32{}, map[string]string{}, map[string]fs.FileInfo{}
	for _, n := range u.inputs {
		data := n.data
		if n.path != "" {
			var read fs.FileInfo
			var err error
			data, err = boundedread.ReadFileChecked(n.path, boundedread.ConfMax, func(fi fs.FileInfo) error {
				read = fi
				return nil
			})
			if err != nil {
				u.errs = append(u.errs, lint.UnreadableFinding(n.name, err))
				continue
			}
			if !inWorkTree(n.path) { // file-permissions: only a file as installed
				u.modes[n.name] = uint32(read.Mode().Perm())
			}
			u.paths[n.name], u.stats[n.name] = n.path, read
		}
		f, err := conf.Parse(n.name, data)
		if err != nil {
			if fd, ok := notHeatText(n.name, data); ok && u.sniff {
				u.errs = append(u.errs, fd)
				continue
			}
			fd, ok := lint.ParseErrorFinding(err)
			if !ok {
				fd = lint.Finding{File: n.name, Line: 1, Column: 1, Rule: lint.ParseErrorRule, Severity: lint.Error, Message: err.Error()}
			}
			u.errs = append(u.errs, fd)
			continue
		}
		u.files = append(u.files, f)
	}
	if u.env != "" {
		if f, fd := loadEnvFile(u.env, u.envData, u.envFinal); fd != nil {
			u.errs = append(u.errs, *fd)
		} else {
			u.files = append(u.files, f)
		}
	}
	if u.sniff && u.notHeat == nil {
		if fd, ok := notHeatINI(u.files); ok {
			u.notHeat = &fd
		}
	}
	u.loaded = true
	return nil
}

// lintUnits reads, parses and lints the units with l on every CPU and
// returns each unit's findings, in the units' order. Units already loaded
// (kept from an earlier call) are not read again. Parsed files are kept
// only when keep is set, as fix needs them.
func lintUnits(l *lint.Linter, units []Unit, keep bool) ([][]lint.Finding, error) {
	p := &profile{linter: l}
	return lintUnitsWith(units, keep, func(int) *profile { return p })
}

// lintUnitsWith is lintUnits with each unit's own linter and severities:
// those of profileOf(i) for units[i].
func lintUnitsWith(units []Unit, keep bool, profileOf func(i int) *profile) ([][]lint.Finding, error) {
	results := make([][]lint.Finding, len(units))
	errs := make([]error, len(units))
	work := func(i int) {
		u := &units[i]
		if !u.loaded {
			if errs[i] = u.load(); errs[i] != nil {
				return
			}
		}
		p := profileOf(i)
		fs := p.linter.Keep(u.errs)
		again := u.shared != nil // a fixed unit linted again on its own
		u.shared = nil
		switch {
		case u.notHeat != nil:
			fs = append(fs, *u.notHeat)
		case len(units) > 1 || again:
			var more []lint.Finding
			more, u.shared = p.linter.LintShared(u.files, u.modes)
			fs = append(fs, more...)
		default:
			fs = append(fs, p.linter.LintModes(u.files, u.modes)...)
		}
		results[i] = p.reseverity(fs)
		if !keep {
			u.loaded, u.files, u.modes, u.paths, u.stats = false, nil, nil, nil, nil
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(units))
	if workers <= 1 { // one file, or one CPU: no goroutine to start and wait for
		for i := range units {
			work(i)
		}
	} else {
		jobs := make(chan int)
		var wg sync.WaitGroup
		for range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range jobs {
					work(i)
				}
			}()
		}
		for i := range units {
			jobs <- i
		}
		close(jobs)
		wg.Wait()
	}
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return results, nil
}
