package render

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"

	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/internal/secret"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/site"
)

// Result is a rendered site: its files, and the redactor that hides its
// secrets in whatever is shown of them.
type Result struct {
	Site   *site.Site
	Files  []File
	Redact *secret.Redactor
	// Notes are for people: newer point releases of the site's series
	// that would get a different heat.conf (PointNotes).
	Notes []string
}

// FromFile loads the site file at path (env resolves its env: secrets,
// opts.Access says what else it may read) and renders it. Site errors keep their file:line; render errors are masked.
// What it renders is not linted here: package gate does that.
func FromFile(path string, env env.Lookup, opts Options) (*Result, error) {
	s, err := site.LoadWith(path, env, opts.Access)
	if err != nil {
		return nil, site.Counted(err)
	}
	r, err := New()
	if err != nil {
		return nil, err
	}
	m := s.Redactor()
	files, err := r.Render(s, opts)
	if err != nil {
		return nil, errors.New(m.Message(err.Error()))
	}
	if opts.Access.WithoutSecrets {
		// heat.env holds the stand-ins: it is neither written nor compared
		files = slices.DeleteFunc(files, func(f File) bool { return filepath.Base(f.Path) == EnvFileName })
	}
	res := &Result{Site: s, Files: files, Redact: m}
	if reg, err := schema.EmbeddedRelease(s.HeatRelease()); err == nil {
		res.Notes = PointNotes(reg)
	}
	return res, nil
}

// File returns the rendered file at path (relative, as File.Path), or an
// error that names the outputs there are.
func (r *Result) File(path string) (File, error) {
	var names []string
	for _, f := range r.Files {
		if f.Path == path {
			return f, nil
		}
		names = append(names, f.Path)
	}
	return File{}, fmt.Errorf("no such output (outputs: %s)", strings.Join(names, ", "))
}
