package gate

import (
	"fmt"
	"path"
	"strings"
	"sync"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/envfile"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/render"
	"github.com/heatconf/heatconf/site"
)

// A finding in a rendered heat.conf is about a file nobody wrote: it is
// reported where the site file writes the value, "site.toml:31:1:
// overrides.DEFAULT.num_engine_worker (heat.conf [DEFAULT]
// num_engine_worker): ...", with the heat.conf option it became.

// renderer is the templates' renderer, for the site keys of heat.conf's
// options.
var renderer = sync.OnceValues(render.New)

// renderedConf parses a rendered heat.conf (or heat.env) for its options
// and lines.
func renderedConf(f render.File) (*conf.File, error) {
	if path.Base(f.Path) != render.EnvFileName {
		return conf.Parse(f.Path, f.Data)
	}
	vars, err := envfile.Parse(f.Data)
	if err != nil {
		return nil, fmt.Errorf("BUG: rendered %s: %w", f.Path, err)
	}
	cv := make([]conf.EnvVar, len(vars))
	for i, v := range vars {
		cv[i] = conf.EnvVar(v)
	}
	return conf.Environment(f.Path, f.Data, cv), nil
}

// envFileOf is the heat.env beside the rendered heat.conf at p, if the
// render made one.
func envFileOf(files []render.File, p string) (render.File, bool) {
	want := path.Join(path.Dir(p), render.EnvFileName)
	for _, f := range files {
		if f.Path == want {
			return f, true
		}
	}
	return render.File{}, false
}

// atSite moves the findings in the rendered files (named prefix+Path, as
// the lint run named them) to the site key that produced the value they
// are about. A finding no key of the site accounts for stays where it is.
func atSite(fs []lint.Finding, s *site.Site, files []render.File, prefix string) []lint.Finding {
	r, err := renderer()
	if err != nil || s == nil {
		return fs
	}
	parsed := map[string]*conf.File{}
	for _, f := range files {
		if b := path.Base(f.Path); b == "heat.conf" || b == render.EnvFileName {
			if cf, err := renderedConf(f); err == nil {
				parsed[prefix+f.Path] = cf
			}
		}
	}
	out := make([]lint.Finding, len(fs))
	for i, fd := range fs {
		out[i] = fd
		cf, ok := parsed[fd.File]
		if !ok {
			continue
		}
		rel := strings.TrimPrefix(fd.File, prefix)
		host := ""
		if d := path.Dir(rel); d != "." {
			host = d
		} else if len(s.Hosts) == 1 {
			for k := range s.Hosts {
				host = k // render --host: the one host of the flat layout
			}
		}
		group, option, section := entryAt(cf, fd.Line)
		key := ""
		switch {
		case option != "":
			key = r.SiteKey(s, host, group, option)
		case section != "":
			for sec := range s.Overrides {
				if conf.SameGroup(sec, group) {
					key = "overrides." + sec
				}
			}
		}
		if key == "" {
			continue
		}
		e := s.ErrorAt(key, "", "")
		what := fmt.Sprintf("%s [%s]", rel, section)
		if option != "" {
			what += " " + option
		}
		out[i].File, out[i].Line, out[i].Column = e.File, max(e.Line, 1), max(e.Col, 1)
		out[i].Message = fmt.Sprintf("%s (%s): %s", key, what, fd.Message)
	}
	return out
}

// entryAt finds the option written at line of f, or the section whose
// header is there: its group, option and section name as written.
func entryAt(f *conf.File, line int) (group, option, section string) {
	for _, sec := range f.Sections {
		if sec.Pos.Line == line && !f.IsEnvironment() {
			group, section = sec.Group, sec.Name
		}
		for _, e := range sec.Entries {
			if e.FirstLine <= line && line <= e.LastLine {
				return sec.Group, e.Key, sec.Name
			}
		}
	}
	return group, "", section
}
