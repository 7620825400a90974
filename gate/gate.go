// Package gate is where render and lint meet: it renders a site file and
// refuses the render when lint finds an error in a heat.conf it makes
// (heatconf render), and it lints a site file with the heat.conf files it
// renders (heatconf lint --site). Package render only turns a site into
// files and package lint only checks files; neither knows the other.
package gate

import (
	"fmt"
	"path/filepath"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/render"
	"github.com/heatconf/heatconf/schema"
)

// Error is Check's refusal: the errors lint finds in the rendered
// heat.conf files, their messages masked.
type Error struct {
	Findings []lint.Finding
}

func (e *Error) Error() string {
	return fmt.Sprintf("refusing to write: lint finds %d errors in the rendered heat.conf (fix the site's [overrides]); nothing was written", len(e.Findings))
}

// Render loads the site file at path (env resolves its env: secrets),
// renders it and checks the heat.conf files it makes with the site's
// release (see Check). Site errors keep their file:line; render errors are
// masked; an *Error carries lint's findings.
func Render(path string, env env.Lookup, opts render.Options) (*render.Result, error) {
	res, err := render.FromFile(path, env, opts)
	if err != nil {
		return nil, err
	}
	reg, err := schema.EmbeddedRelease(res.Site.HeatRelease())
	if err != nil {
		return nil, err
	}
	if err := Check(res.Files, reg, res.Redact.Message); err != nil {
		if ge, ok := err.(*Error); ok {
			ge.Findings = atSite(ge.Findings, res.Site, res.Files, "")
		}
		return nil, err
	}
	return res, nil
}

// Check lints every rendered heat.conf with reg, the option data of the
// site's release, and refuses the render with an *Error when lint finds
// an error. What the model renders is clean, so an error comes from the
// site's [overrides] (a removed option, a bad value). Warnings and notes
// pass. mask hides secrets in the findings' messages. A heat.env beside a
// heat.conf (a secret-free render) is read with it, as the services'
// environment; other files are not looked at.
func Check(files []render.File, reg *schema.Registry, mask func(string) string) error {
	l, err := lint.New(lint.Options{Registry: reg})
	if err != nil {
		return err
	}
	var errs []lint.Finding
	for _, f := range files {
		if filepath.Base(f.Path) != "heat.conf" {
			continue
		}
		cf, err := conf.Parse(f.Path, f.Data)
		if err != nil {
			return fmt.Errorf("BUG: rendered %s does not parse: %w", f.Path, err)
		}
		unit := []*conf.File{cf}
		if ef, ok := envFileOf(files, f.Path); ok {
			env, err := renderedConf(ef)
			if err != nil {
				return err
			}
			unit = append(unit, env)
		}
		for _, fd := range l.Lint(unit) {
			if fd.Severity == lint.Error {
				fd.Message = mask(fd.Message)
				errs = append(errs, fd)
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return &Error{Findings: errs}
}
