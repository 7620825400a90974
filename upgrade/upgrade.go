// Package upgrade plans the move of one heat.conf from one Heat release to
// another: across every release in between, which options the file sets
// are renamed, deprecated or removed (with what replaces them), which
// defaults change under options it leaves unset, and what lint finds in it
// on the target release. It reads the option data of each release the
// schema package has; it writes nothing (the command applies renames with
// lint's fixes).
package upgrade

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/diff"
)

// Request is what to plan.
type Request struct {
	Files []*conf.File // the files one service reads, in order
	From  string       // release the files are for ("" to guess from them)
	To    string       // target release
	// Modes are the files' permission bits, by name, for lint's
	// file-permissions rule (files not in it are not checked).
	Modes map[string]uint32
}

// Plan is an upgrade checklist for one service's files.
type Plan struct {
	From     string   `json:"from"`
	To       string   `json:"to"`
	FromNote string   `json:"from_note,omitempty"` // how From was chosen when it was not given
	Path     []string `json:"path"`                // the releases crossed, From first, with option data
	Files    []string `json:"files"`

	Renamed []Item `json:"renamed"`
	Removed []Item `json:"removed"`
	// VariantOnly are options only the From variant's packages read (a
	// distribution's patch: Debian's [heat_api] heat_api_root) that the
	// upstream release on the path does not: not removed by Heat.
	VariantOnly []Item          `json:"variant_only,omitempty"`
	Deprecated  []Item          `json:"deprecated"`
	Defaults    []DefaultChange `json:"defaults_changed"`
	Findings    []lint.Finding  `json:"findings"` // lint on the target release
}

// Item is an option the files set that changes on the way.
type Item struct {
	Release string `json:"release"` // the first release with the change
	File    string `json:"file"`
	Line    int    `json:"line"`
	Group   string `json:"group"`
	Name    string `json:"name"`
	// New is the new name ("[group] name") of a renamed option, or what
	// replaces a removed one.
	New string `json:"new,omitempty"`
	// Note says why (a deprecation reason, where a removal is recorded).
	Note string `json:"note,omitempty"`
}

// DefaultChange is a default that changes under an option the files leave
// unset: the service behaves differently after the upgrade without any
// change to the file.
type DefaultChange struct {
	Release string `json:"release"` // the release whose default differs from the one before
	Group   string `json:"group"`
	Name    string `json:"name"`
	Old     string `json:"old"`
	New     string `json:"new"`
}

// ErrSameRelease is returned when From and To are the same release.
var ErrSameRelease = errors.New("the file is already for that release")

// Make plans the upgrade. An unknown release is an error wrapping
// schema.ErrUnknownRelease; a downgrade is refused.
func Make(req Request) (*Plan, error) {
	to, err := schema.LookupRelease(req.To)
	if err != nil {
		return nil, fmt.Errorf("--to: %w", err)
	}
	p := &Plan{To: to.Name, Renamed: []Item{}, Removed: []Item{}, Deprecated: []Item{}, Defaults: []DefaultChange{}}
	for _, f := range req.Files {
		p.Files = append(p.Files, f.Name)
	}
	from := req.From
	if from == "" {
		from, p.FromNote = guess(req.Files)
	}
	fr, err := schema.LookupRelease(from)
	if err != nil {
		return nil, fmt.Errorf("--from: %w", err)
	}
	p.From = fr.Name
	if fr.Variant != "" {
		p.From = fr.Spec()
	}
	if to.Variant != "" {
		p.To = to.Spec()
	}
	path, err := between(fr, to)
	if err != nil {
		return nil, err
	}
	for _, r := range path {
		p.Path = append(p.Path, label(r))
	}
	cfg := conf.Merge(req.Files...)
	for _, st := range setOptions(req.Files) {
		p.follow(path, cfg, st)
	}
	for i := 1; i < len(path); i++ {
		p.defaults(path[i-1], path[i], cfg)
	}
	l, err := lint.New(lint.Options{Registry: path[len(path)-1]})
	if err != nil {
		return nil, err
	}
	p.Findings = l.LintModes(req.Files, req.Modes)
	if p.Findings == nil {
		p.Findings = []lint.Finding{}
	}
	return p, nil
}

// label names a release on the path: its series, or for a point release
// its Heat version (2025.1's 24.1.1).
func label(r *schema.Registry) string {
	if r.Release().Point {
		return r.HeatVersion()
	}
	return r.Name()
}

// between returns the registries of the releases from a to b, both
// included, that have option data, oldest first.
func between(a, b schema.Release) ([]*schema.Registry, error) {
	all := schema.Releases()
	ia := slices.IndexFunc(all, func(r schema.Release) bool { return r.Name == a.Name })
	ib := slices.IndexFunc(all, func(r schema.Release) bool { return r.Name == b.Name })
	switch {
	case ia == ib:
		return nil, fmt.Errorf("%s to %s: %w", a, b, ErrSameRelease)
	case ia > ib:
		return nil, fmt.Errorf("%s to %s is a downgrade: heatconf plans upgrades only", a, b)
	}
	var out []*schema.Registry
	for i, r := range all[ia : ib+1] {
		// a variant's data at the ends of the path (2022.2-debian)
		switch {
		case i == 0 && a.Variant != "":
			r = a
		case ia+i == ib && b.Variant != "":
			r = b
		}
		reg, err := schema.EmbeddedRelease(r)
		if err != nil {
			if r.Name == a.Name || r.Name == b.Name {
				return nil, err
			}
			continue // a release between without data: its changes show at the next one
		}
		out = append(out, reg)
	}
	return out, nil
}

// setting is an option a file sets, where.
type setting struct {
	group, key string
	e          *conf.Entry
}

// setOptions lists the options the files set (the last setting of each).
func setOptions(files []*conf.File) []setting {
	var out []setting
	seen := map[string]int{}
	for _, f := range files {
		for _, s := range f.Sections {
			for _, e := range s.Entries {
				k := s.Group + "\x00" + e.Key
				if i, ok := seen[k]; ok {
					out[i].e = e
					continue
				}
				seen[k] = len(out)
				out = append(out, setting{s.Group, e.Key, e})
			}
		}
	}
	return out
}

// state is what one release makes of an option a file sets.
type state int

const (
	unknown    state = iota // the release does not read it
	current                 // read under its own name
	renamed                 // read, under a deprecated name or group
	deprecated              // read, but marked deprecated for removal
)

// follow records what happens to one option the files set along the
// path: the first release that stops reading it (removed), or, on the
// target, a deprecated alias of another option (renamed) or an option
// deprecated for removal, dated from the release since which it has been
// so without a break. A change the file already lives with at the start
// is dated at the first release of the path.
func (p *Plan) follow(path []*schema.Registry, cfg *conf.Config, st setting) {
	at := Item{File: st.e.Section.File.Name, Line: st.e.FirstLine, Group: st.group, Name: st.key}
	states := make([]state, len(path))
	matches := make([]schema.Match, len(path))
	for i, reg := range path {
		m, ok := reg.Lookup(st.group, st.key, authType(cfg, reg, st.group))
		states[i], matches[i] = stateOf(m, ok, st), m
	}
	if states[0] == unknown {
		return // unknown from the start: lint says so on the target
	}
	if k := slices.Index(states, unknown); k > 0 {
		at.Release = label(path[k])
		last := matches[k-1].Option
		if last.Variant != "" {
			at.Note = "only the " + last.Variant + " packages read it; upstream Heat never had it"
			p.VariantOnly = append(p.VariantOnly, at)
			return
		}
		if rm, ok := path[k].Removed(last.Group, last.Name); ok {
			at.New, at.Note = rm.Replacement, "removed in "+rm.RemovedIn
		}
		p.Removed = append(p.Removed, at)
		return
	}
	end := len(path) - 1
	since := end
	for since > 0 && states[since-1] == states[end] {
		since--
	}
	at.Release = label(path[since])
	switch target := matches[end].Option; states[end] {
	case renamed:
		at.New = "[" + target.Group + "] " + target.Name
		p.Renamed = append(p.Renamed, at)
	case deprecated:
		at.Note = strings.TrimSpace(target.DeprecatedReason)
		p.Deprecated = append(p.Deprecated, at)
	}
}

func stateOf(m schema.Match, ok bool, st setting) state {
	switch {
	case !ok:
		return unknown
	case m.Option.Group != schema.NormalizeGroup(st.group) || m.Option.Name != st.key:
		return renamed
	case m.Option.DeprecatedForRemoval:
		return deprecated
	}
	return current
}

// defaults records the defaults that change from release a to release b
// under options the files leave unset.
func (p *Plan) defaults(a, b *schema.Registry, cfg *conf.Config) {
	for _, c := range diff.Compare(a, b).DefaultChanged {
		if _, ok := cfg.Lookup(c.Group, c.Name); ok {
			continue // the file sets it: the default does not matter
		}
		p.Defaults = append(p.Defaults, DefaultChange{Release: label(b), Group: c.Group, Name: c.Name, Old: c.From, New: c.To})
	}
}

// authType is the auth_type a group of the files sets, for looking up the
// options of a group that loads a keystoneauth plugin.
func authType(cfg *conf.Config, reg *schema.Registry, group string) string {
	if !reg.LoadsPlugin(group) {
		return ""
	}
	for _, k := range []string{"auth_type", "auth_plugin"} {
		if e, ok := cfg.Lookup(group, k); ok {
			v, _ := conf.Unescape(e.Value)
			return strings.TrimSpace(v)
		}
	}
	return ""
}

// guess picks the release the files are for from their own evidence: the
// releases with option data whose registry knows the most of the options
// they set fit them (an option added later, or removed, narrows them); the
// oldest of those is taken, so that no change on the way is left out, and
// the note says which releases fit.
func guess(files []*conf.File) (string, string) {
	set := setOptions(files)
	cfg := conf.Merge(files...)
	var fit []string
	most := -1
	for _, r := range schema.Releases() {
		reg, err := schema.Embedded(r.HeatVersion)
		if err != nil {
			continue
		}
		known := 0
		for _, s := range set {
			if _, ok := reg.Lookup(s.group, s.key, authType(cfg, reg, s.group)); ok {
				known++
			}
		}
		switch {
		case known > most:
			most, fit = known, []string{r.Name}
		case known == most:
			fit = append(fit, r.Name)
		}
	}
	if len(fit) == 0 {
		return "", "no release has option data"
	}
	note := fmt.Sprintf("from the file's own options: it fits %s", fit[0])
	if len(fit) > 1 {
		note = fmt.Sprintf("from the file's own options: it fits %s to %s; planned from %s, the oldest (give --from or set release in .heatconf.toml to say)", fit[0], fit[len(fit)-1], fit[0])
	}
	return fit[0], note
}
