// Package render turns a site into files: heat.conf for each host and the
// bootstrap scripts, all in memory, byte-identical for the same input. It
// also compares them with what is on disk and writes them atomically. It
// does not lint what it renders: package gate does.
package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
	"text/template"
	"text/template/parse"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/atomicfile"
	"github.com/heatconf/heatconf/internal/envfile"
	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/internal/ksboot"
	"github.com/heatconf/heatconf/internal/output"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
	"github.com/heatconf/heatconf/site"
	"github.com/heatconf/heatconf/templates"
)

// File is one rendered output.
type File struct {
	Path   string      // relative to the output directory, slash-separated
	Mode   fs.FileMode // permission bits to write it with
	Data   []byte
	Secret bool // holds secrets: written with a tight mode, shown masked
}

// Modes of the outputs: config readable by the heat group, SQL with
// passwords for root only, scripts executable by root only.
const (
	ModeConfig fs.FileMode = 0o640
	ModeSQL    fs.FileMode = 0o600
	ModeScript fs.FileMode = 0o700
)

// Options select what to render.
type Options struct {
	// Host renders only this host's view of a multi-host site into the top
	// of the output. Empty renders every host into its own directory.
	Host string
	// Access is what FromFile lets the site file read beyond the default
	// (the operator's --secrets-dir, --allow-env, --follow-symlinks).
	Access site.Access
}

// Renderer holds the parsed templates; it is safe for concurrent use and
// is built once per process.
type Renderer struct {
	tmpl *template.Template
	// keys maps the location of each escaper call in the templates (as
	// text/template reports it in errors) to the site key of its value.
	keys map[string]string
	// options maps the heat.conf options the template writes, as
	// "group\x00option", to the site key of their value.
	options map[string]string
}

// New parses the embedded templates.
func New() (*Renderer, error) { return NewFS(templates.FS) }

// NewFS parses the templates of fsys (for tests with broken templates).
func NewFS(fsys fs.FS) (*Renderer, error) {
	t := template.New("heatconf").Option("missingkey=error").Funcs(funcs())
	t, err := t.ParseFS(fsys, "*.tmpl")
	if err != nil {
		return nil, fmt.Errorf("parsing templates: %w", err)
	}
	return &Renderer{tmpl: t, keys: escaperKeys(t), options: optionKeys(t)}, nil
}

// optionKeys finds, for every "option = {{value}}" line of heat.conf.tmpl,
// the site key the value comes from.
func optionKeys(t *template.Template) map[string]string {
	out := map[string]string{}
	tt := t.Lookup("heat.conf.tmpl")
	if tt == nil {
		return out
	}
	walkActions(tt, func(a action) {
		opt, ok := strings.CutSuffix(a.line, " = ")
		if !ok || a.key == "" || a.section == "" || strings.ContainsAny(opt, " X[") {
			return
		}
		k := conf.NormalizeGroup(a.section) + "\x00" + opt
		if _, seen := out[k]; !seen {
			out[k] = a.key
		}
	})
	return out
}

// SiteKey is the site key that gives the value of [group] option in the
// heat.conf of site s, host the [hosts] key of the host's file ("" for
// none): the [overrides] key that sets it, else the key the template
// takes it from; "" when neither does.
func (r *Renderer) SiteKey(s *site.Site, host, group, option string) string {
	if k := overrideKey(s, group, option); k != "" {
		return k
	}
	return strings.ReplaceAll(r.options[conf.NormalizeGroup(group)+"\x00"+option], hostKeyPlaceholder, host)
}

// escapers are the template funcs that may refuse a value.
var escapers = map[string]bool{"ini": true, "sql": true, "sqlident": true, "shell": true, "json": true, "envquote": true}

// escaperKeys finds every call of an escaper in t's templates and the site
// key of the value it is given.
func escaperKeys(t *template.Template) map[string]string {
	keys := map[string]string{}
	for _, tt := range t.Templates() {
		walkActions(tt, func(a action) {
			for _, cmd := range a.node.Pipe.Cmds {
				if id, ok := cmd.Args[0].(*parse.IdentifierNode); ok && escapers[id.Ident] {
					loc, _ := tt.ErrorContext(cmd)
					keys[loc] = a.key
				}
			}
		})
	}
	return keys
}

// siteKeyError turns an escaper's refusal into an error about the site key
// the value came from, at its line in the site file: the template's
// position means nothing to whoever wrote the site. The value itself is
// never part of the message.
func (r *Renderer) siteKeyError(err error, v *View) error {
	var xe template.ExecError
	if !errors.As(err, &xe) {
		return err
	}
	cause := errors.Unwrap(xe.Err)
	if cause == nil {
		return err
	}
	msg := xe.Error()
	for loc, key := range r.keys {
		if key == "" || !strings.HasPrefix(msg, "template: "+loc+": ") {
			continue
		}
		key = strings.ReplaceAll(key, hostKeyPlaceholder, v.hostKey)
		if v.Site != nil {
			return v.Site.ErrorAt(key, cause.Error(), "")
		}
		return fmt.Errorf("%s: %w", key, cause)
	}
	return err
}

func funcs() template.FuncMap {
	return template.FuncMap{
		"ini":      INIValue,
		"sql":      SQLValue,
		"sqlident": escape.SQLIdent,
		"shell":    escape.ShellWord,
		"json":     output.CompactJSON,
		"envquote": envfile.Quote,
		"comment":  Comment,
		// the program that bootstrap-keystone.sh carries in a here-document
		"keystoneBootstrapProgram": func() string { return ksboot.Program },
	}
}

// Render renders every output of s. Nothing is written.
func (r *Renderer) Render(s *site.Site, opts Options) ([]File, error) {
	rel := s.HeatRelease()
	if rel == (releases.Release{}) {
		return nil, errors.New("BUG: rendering a site that was not validated (site.Load or site.Decode)")
	}
	reg, err := schema.EmbeddedRelease(rel)
	if err != nil {
		return nil, fmt.Errorf("rendering for %s: %w", rel, err)
	}
	var files []File
	shared, err := newView(s, rel, reg, nil)
	if err != nil {
		return nil, err
	}
	free := s.SecretFree()
	sharedFiles := []struct {
		tmpl, path string
		mode       fs.FileMode
	}{
		{"bootstrap-db.sql.tmpl", "bootstrap-db.sql", ModeSQL},
		{"bootstrap-keystone.sh.tmpl", "bootstrap-keystone.sh", ModeScript},
	}
	if free {
		sharedFiles = append(sharedFiles, struct {
			tmpl, path string
			mode       fs.FileMode
		}{"bootstrap-db.sh.tmpl", DBScriptName, ModeScript})
	}
	for _, f := range sharedFiles {
		data, err := r.exec(f.tmpl, shared)
		if err != nil {
			return nil, err
		}
		if free {
			if err := checkNoSecret(f.path, data, s); err != nil {
				return nil, err
			}
		}
		files = append(files, File{Path: f.path, Mode: f.mode, Data: data, Secret: !free})
	}

	hosts, err := selectHosts(s, opts.Host)
	if err != nil {
		return nil, err
	}
	for _, h := range hosts {
		dir := ""
		if h.dir != "" {
			dir = h.dir + "/"
		}
		v := *shared
		v.Host, v.hostKey = h.host, h.key
		conf, err := r.exec("heat.conf.tmpl", &v)
		if err != nil {
			return nil, err
		}
		if conf, err = applyOverrides(conf, s.Overrides); err != nil {
			return nil, err
		}
		if err := selfCheck(dir+"heat.conf", conf, s); err != nil {
			return nil, err
		}
		if free {
			extra, err := r.secretFree(&v, conf, reg, dir)
			if err != nil {
				return nil, err
			}
			conf = extra[0].Data
			files = append(files, extra[1:]...)
		}
		install, err := r.exec("install-heat.sh.tmpl", &v)
		if err != nil {
			return nil, err
		}
		if free {
			if err := checkNoSecret(dir+"install-heat.sh", install, s); err != nil {
				return nil, err
			}
		}
		files = append(files,
			File{Path: dir + "heat.conf", Mode: ModeConfig, Data: conf, Secret: !free},
			File{Path: dir + "install-heat.sh", Mode: ModeScript, Data: install})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	for _, f := range files {
		if err := atomicfile.CheckRel(f.Path); err != nil {
			return nil, fmt.Errorf("BUG: %w", err)
		}
	}
	return files, nil
}

type hostView struct {
	dir  string // "" for the top of the output
	key  string // the host's key in [hosts]
	host *site.Host
}

// selectHosts decides which heat.conf files to render: one without host
// values for a site without hosts, one for the chosen host, or one per host
// in a directory named after it.
func selectHosts(s *site.Site, only string) ([]hostView, error) {
	if only != "" {
		h, ok := s.Hosts[only]
		if !ok {
			names := hostNames(s)
			if len(names) == 0 {
				return nil, fmt.Errorf("--host %s: the site has no [hosts] table", only)
			}
			return nil, fmt.Errorf("--host %s: no such host in the site (hosts: %s)", only, strings.Join(names, ", "))
		}
		return []hostView{{key: only, host: &h}}, nil
	}
	if len(s.Hosts) == 0 {
		return []hostView{{}}, nil
	}
	var out []hostView
	for _, n := range hostNames(s) {
		if !site.ValidHostName(n) {
			// site validation refuses it; a site built in memory may not
			// have been validated
			return nil, fmt.Errorf("hosts.%s: the host key is not a host name, so it cannot name a directory", strconv.QuoteToASCII(n))
		}
		h := s.Hosts[n]
		out = append(out, hostView{dir: n, key: n, host: &h})
	}
	return out, nil
}

func hostNames(s *site.Site) []string {
	names := make([]string, 0, len(s.Hosts))
	for n := range s.Hosts {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// secretFree makes a host's secret-free heat.conf (the first file it
// returns) and, beside it, heat.env and the systemd drop-in. v gets the
// host's variables.
func (r *Renderer) secretFree(v *View, conf []byte, reg *schema.Registry, dir string) ([]File, error) {
	s := v.Site
	free, vars, err := moveSecrets(conf, s, reg, v.EnvFile)
	if err != nil {
		return nil, err
	}
	if err := checkNoSecret(dir+"heat.conf", free, s); err != nil {
		return nil, err
	}
	for _, need := range []struct{ key, value, name string }{
		{"keystone.heat_password", s.Keystone.HeatPassword.Value(), envHeatPassword},
		{"keystone.stack_domain_admin_password", s.Keystone.StackDomainAdminPassword.Value(), envDomainAdminPassword},
	} {
		if _, ok := envLookup(vars, need.value, need.name); !ok {
			return nil, s.ErrorAt(need.key, fmt.Sprintf("bootstrap-keystone.sh reads this password from %s in heat.env, but [overrides] took it out of heat.conf or changed it", need.name),
				"with [render] secrets = \"environment\", leave [keystone_authtoken] password and [DEFAULT] stack_domain_admin_password to the model")
		}
	}
	v.EnvVars = vars
	env, err := r.exec("heat.env.tmpl", v)
	if err != nil {
		return nil, err
	}
	dropIn, err := r.exec("heat-environment.conf.tmpl", v)
	if err != nil {
		return nil, err
	}
	if err := checkNoSecret(dir+DropInName, dropIn, s); err != nil {
		return nil, err
	}
	return []File{
		{Path: dir + "heat.conf", Data: free},
		{Path: dir + EnvFileName, Mode: ModeEnv, Data: env, Secret: true},
		{Path: dir + DropInName, Mode: ModeDropIn, Data: dropIn},
	}, nil
}

func (r *Renderer) exec(name string, v *View) ([]byte, error) {
	var buf bytes.Buffer
	if err := r.tmpl.ExecuteTemplate(&buf, name, v); err != nil {
		if e := r.siteKeyError(err, v); e != err {
			return nil, e
		}
		return nil, fmt.Errorf("rendering %s: %w", strings.TrimSuffix(name, ".tmpl"), err)
	}
	out := buf.Bytes()
	if bytes.Contains(out, []byte("<no value>")) {
		return nil, fmt.Errorf("BUG: rendering %s produced <no value>", name)
	}
	if len(out) > 0 && out[len(out)-1] != '\n' {
		out = append(out, '\n')
	}
	return out, nil
}
