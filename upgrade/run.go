package upgrade

import (
	"path/filepath"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/lint/runner"
)

// Options are a `heatconf upgrade` run: the files of one service, in the
// order oslo.config reads them, and the releases.
type Options struct {
	Paths    []string
	From, To string
}

// Run reads the files and plans their upgrade. Without From, the release
// of the .heatconf.toml found upward from the first file is used, else the
// files' own evidence (see Plan.FromNote).
func Run(o Options) (*Plan, error) {
	req := Request{From: o.From, To: o.To}
	for _, p := range o.Paths {
		f, err := conf.ParseFile(p)
		if err != nil {
			return nil, err
		}
		req.Files = append(req.Files, f)
	}
	note := ""
	if req.From == "" {
		cfg, err := runner.FindConfig(filepath.Dir(o.Paths[0]))
		if err != nil {
			return nil, err
		}
		if cfg != nil && cfg.Release != "" {
			req.From, note = cfg.Release, "release "+cfg.Release+" of "+cfg.Path
		}
	}
	p, err := Make(req)
	if err != nil {
		return nil, err
	}
	if note != "" {
		p.FromNote = note
	}
	return p, nil
}

// Fix applies, in memory, what lint fixes in the files on the target
// release, for its errors and warnings: options renamed on the way take
// their new names (across a removal too: a removed option that one option
// replaces is renamed, or moved to that option's group, so that its value
// carries over), removed ones are deleted, and the other mechanical fixes
// of those findings. Fixes of info findings (a port that may still be
// served) are left to `heatconf lint --fix`. Nothing is written: the
// command writes the report's Fixed files.
func Fix(o Options) (*runner.Report, error) {
	var sources []conf.Source
	for _, p := range o.Paths {
		sources = append(sources, conf.Source{ConfigFile: p})
	}
	return runner.Run(runner.Request{
		Settings: runner.Settings{Release: o.To, FailOn: "error"},
		Set:      func(string) bool { return true }, // .heatconf.toml does not choose the target
		Inputs:   runner.Inputs{Sources: sources},
		Fix:      true,
		FixFrom:  lint.Warning,
	})
}
