package render

import (
	"fmt"
	"path/filepath"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/schema"
)

// GateError is Gate's refusal: the errors lint finds in the rendered
// heat.conf files, their messages masked.
type GateError struct {
	Findings []lint.Finding
}

func (e *GateError) Error() string {
	return fmt.Sprintf("refusing to write: lint finds %d errors in the rendered heat.conf (fix the site's [overrides]); nothing was written", len(e.Findings))
}

// Gate lints every rendered heat.conf with reg, the option data of the
// site's release, and refuses the render with a *GateError when lint finds
// an error. What the model renders is clean, so an error comes from the
// site's [overrides] (a removed option, a bad value). Warnings and notes
// pass. mask hides secrets in the findings' messages. Other files are not
// looked at.
func Gate(files []File, reg *schema.Registry, mask func(string) string) error {
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
		for _, fd := range l.Lint([]*conf.File{cf}) {
			if fd.Severity == lint.Error {
				fd.Message = mask(fd.Message)
				errs = append(errs, fd)
			}
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return &GateError{Findings: errs}
}
