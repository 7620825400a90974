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

// FixRenames applies, in memory, the renames the target release needs: the
// fixes of lint's deprecated-option rule on that release, and nothing else.
func FixRenames(o Options) (*runner.Report, error) {
	var disable []string
	for _, r := range lint.Rules() {
		if r.ID != "deprecated-option" {
			disable = append(disable, r.ID)
		}
	}
	var sources []conf.Source
	for _, p := range o.Paths {
		sources = append(sources, conf.Source{ConfigFile: p})
	}
	return runner.Run(runner.Request{
		Settings: runner.Settings{Release: o.To, FailOn: "error", Disable: disable},
		Set:      func(string) bool { return true }, // .heatconf.toml does not choose the target
		Inputs:   runner.Inputs{Sources: sources},
		Fix:      true,
	})
}
