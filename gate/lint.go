package gate

import (
	"errors"
	"path/filepath"

	"github.com/heatconf/heatconf/internal/env"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/lint/runner"
	"github.com/heatconf/heatconf/render"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/site"
)

// Lint runs a lint request with, when sitePath is not empty, a site file
// among its inputs (see addSite). env resolves the site's env: secrets;
// access is what else the site may read (see site.Access).
// Errors are runner.Run's; a site that cannot be read or rendered is an
// error too.
func Lint(req runner.Request, sitePath string, env env.Lookup, access site.Access) (*runner.Report, error) {
	job, err := runner.Prepare(req)
	if err != nil {
		return nil, err
	}
	var rendered *siteRender
	if sitePath != "" {
		if rendered, err = addSite(job, sitePath, env, access); err != nil {
			return nil, err
		}
	}
	rep, err := job.Run()
	if err == nil && rendered != nil {
		rep.Findings = atSite(rep.Findings, rendered.site, rendered.files, sitePath+": ")
	}
	return rep, err
}

// siteRender is what addSite rendered, for atSite.
type siteRender struct {
	site  *site.Site
	files []render.File
}

// addSite adds a site file to a lint job: the site's problems as findings
// of the rule "site", or, for a valid site, each heat.conf it renders as a
// unit named "PATH: heat.conf" (or "PATH: HOST/heat.conf"), with the option
// data of the site's release (the job lints with it unless the command
// line chose a release or option data).
func addSite(job *runner.Job, path string, env env.Lookup, access site.Access) (*siteRender, error) {
	s, err := site.LoadWith(path, env, access)
	if err != nil {
		var es site.Errors
		var e *site.Error
		switch {
		case errors.As(err, &es):
			job.Add(path, nil, nil, siteFindings(es))
			return nil, nil
		case errors.As(err, &e):
			job.Add(path, nil, nil, siteFindings(site.Errors{e}))
			return nil, nil
		}
		return nil, err
	}
	reg, err := schema.EmbeddedRelease(s.HeatRelease())
	if err != nil {
		return nil, err
	}
	r, err := renderer()
	if err != nil {
		return nil, err
	}
	files, err := r.Render(s, render.Options{})
	if err != nil {
		return nil, err
	}
	var units []runner.Unit
	for _, f := range files {
		if filepath.Base(f.Path) != "heat.conf" {
			continue
		}
		if ef, ok := envFileOf(files, f.Path); ok {
			units = append(units, runner.DataEnvUnit(path+": "+f.Path, f.Data, path+": "+ef.Path, ef.Data))
		} else {
			units = append(units, runner.DataUnit(path+": "+f.Path, f.Data))
		}
	}
	job.Add(path, reg, units, nil)
	return &siteRender{site: s, files: files}, nil
}

// siteFindings turns a site's problems into findings at their place in
// the site file.
func siteFindings(es site.Errors) []lint.Finding {
	var out []lint.Finding
	for _, e := range es {
		msg := e.Msg
		if e.Key != "" {
			msg = e.Key + ": " + msg
		}
		if e.Hint != "" {
			msg += "; " + e.Hint
		}
		out = append(out, lint.Finding{File: e.File, Line: max(e.Line, 1), Column: max(e.Col, 1), Rule: lint.SiteRule, Severity: lint.Error, Message: msg})
	}
	return out
}
