// Package upgrade plans the move of one heat.conf from one Heat release to
// another. The plan says how to get there (the supported route: which
// releases to pass through, and around each upgrade `heat-manage db_sync`,
// `heat-status upgrade check` and the changes of policy defaults and
// servers), what the target requires that the file lacks (the
// [ec2authtoken] credentials of Heat 24.1.1), which limits it starts to
// enforce, and, option by option, the net change over the path: options
// the file sets that are renamed, removed or deprecated (with what
// replaces them), defaults that change under options it leaves unset, and
// new options whose defaults change what Heat does; then what lint finds
// in the file on the target release. It reads the option data of each
// release the schema package has; it writes nothing (Fix hands the
// command lint's fixes of the target release).
package upgrade

import (
	"errors"
	"fmt"
	"strings"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
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

// PlanVersion is the version of the plan as JSON (`--format json`): it
// changes only when a field changes meaning or goes away; new fields may
// come.
const PlanVersion = 1

// Plan is an upgrade checklist for one service's files.
type Plan struct {
	Version  int    `json:"version"`   // PlanVersion
	From     string `json:"from"`      // the release the files are for: a series ("2022.2") or a point release's Heat version ("24.1.1")
	FromHeat string `json:"from_heat"` // the Heat version From means
	To       string `json:"to"`
	ToHeat   string `json:"to_heat"`
	FromNote string `json:"from_note,omitempty"` // how From was chosen when it was not given
	// Path is the releases whose option data the plan compares, From
	// first: each series in between by its first release, point releases
	// only as From or To or between them within one series.
	Path  []string `json:"path"`
	Files []string `json:"files"`

	Route        Route         `json:"route"`
	Steps        []Step        `json:"steps"`
	Requirements []Requirement `json:"requirements"`
	Limits       []Limit       `json:"limits"`

	Renamed []Item `json:"renamed"`
	Removed []Item `json:"removed"`
	// VariantOnly are options only the From variant's packages read (a
	// distribution's patch: Debian's [heat_api] heat_api_root) that the
	// upstream release on the path does not: not removed by Heat.
	VariantOnly []Item          `json:"variant_only,omitempty"`
	Deprecated  []Item          `json:"deprecated"`
	Defaults    []DefaultChange `json:"defaults_changed"`
	Added       []NewOption     `json:"options_added"`
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
	// Fix is what `heatconf upgrade --fix` does to the line ("" for
	// nothing): lint's fix on the target release.
	Fix string `json:"fix,omitempty"`
}

// DefaultChange is a default that changes under an option the files leave
// unset: the service behaves differently after the upgrade without any
// change to the file. Old is From's default, New is To's: the net change
// over the path.
type DefaultChange struct {
	Release string `json:"release"` // the first release from which the default is New
	Group   string `json:"group"`
	Name    string `json:"name"`
	Type    string `json:"type"`
	Old     Value  `json:"old"`
	New     Value  `json:"new"`
}

// NewOption is an option of Heat that From does not have and To does,
// whose default does something the files do not ask for.
type NewOption struct {
	Release string `json:"release"`
	Group   string `json:"group"`
	Name    string `json:"name"`
	Type    string `json:"type"`
	Default Value  `json:"default"`
	Help    string `json:"help,omitempty"`
}

// Limit is one of Heat's limits on what a project or stack may hold that
// the upgrade starts to enforce (Old null) or changes, under an option the
// files leave unset.
type Limit struct {
	Release string `json:"release"`
	Group   string `json:"group"`
	Name    string `json:"name"`
	Counts  string `json:"counts"` // what it counts
	Old     Value  `json:"old"`    // null: not limited before
	New     Value  `json:"new"`
	// AdminExempt: requests Heat counts as admin (context_is_admin) are
	// not limited.
	AdminExempt bool   `json:"admin_exempt"`
	Source      string `json:"source"`
}

// Requirement is something the target release needs in the files that
// the release they are for did not.
type Requirement struct {
	Release string `json:"release"` // the first release on the path that needs it
	Group   string `json:"group"`
	Title   string `json:"title"`
	Why     string `json:"why"`
	Met     bool   `json:"met"` // the files already have it
	// Write is the lines to add (secrets as placeholders), when not Met.
	Write  []string `json:"write,omitempty"`
	Source string   `json:"source"`
}

// Step is one thing to do around the configuration, in the order to do
// it.
type Step struct {
	Release  string   `json:"release,omitempty"` // the release of the route this step upgrades to ("" before the first)
	Kind     string   `json:"kind"`              // backup, config, policy, wsgi, db_sync, upgrade_check
	Title    string   `json:"title"`
	Detail   string   `json:"detail,omitempty"`
	Commands []string `json:"commands,omitempty"`
	Source   string   `json:"source,omitempty"`
}

// ErrSameRelease is returned when From and To are the same release.
var ErrSameRelease = errors.New("the file is already for that release")

// Make plans the upgrade. An unknown release is an error wrapping
// releases.ErrUnknown; a downgrade is refused.
func Make(req Request) (*Plan, error) {
	to, err := releases.Lookup(req.To)
	if err != nil {
		return nil, fmt.Errorf("--to: %w", err)
	}
	p := &Plan{Version: PlanVersion, To: label(to), ToHeat: heatOf(to),
		Steps: []Step{}, Requirements: []Requirement{}, Limits: []Limit{},
		Renamed: []Item{}, Removed: []Item{}, Deprecated: []Item{}, Defaults: []DefaultChange{}, Added: []NewOption{}}
	for _, f := range req.Files {
		p.Files = append(p.Files, f.Name)
	}
	from := req.From
	if from == "" {
		from, p.FromNote = guess(req.Files)
	}
	fr, err := releases.Lookup(from)
	if err != nil {
		return nil, fmt.Errorf("--from: %w", err)
	}
	p.From, p.FromHeat = label(fr), heatOf(fr)
	path, err := between(fr, to)
	if err != nil {
		return nil, err
	}
	for _, s := range path {
		p.Path = append(p.Path, label(s.rel))
	}
	p.Route = route(fr, to)
	cfg := conf.Merge(req.Files...)
	settings := setOptions(req.Files)
	for _, st := range settings {
		p.follow(path, cfg, st)
	}
	n := newSpan(path, cfg, settings)
	p.changes(n)
	p.requirements(n)
	l, err := lint.New(lint.Options{Registry: path[len(path)-1].reg})
	if err != nil {
		return nil, err
	}
	p.Findings = l.LintModes(req.Files, req.Modes)
	if p.Findings == nil {
		p.Findings = []lint.Finding{}
	}
	p.fixes()
	p.steps(n)
	return p, nil
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

// since is the first index from which keys (one per release of the path)
// are what they are at the end, without a break: when the net change took
// effect.
func since[T comparable](keys []T) int {
	k := len(keys) - 1
	for k > 0 && keys[k-1] == keys[len(keys)-1] {
		k--
	}
	return k
}

// follow records the net change of one option the files set, from what
// From makes of it to what To does: removed (To does not read it), renamed
// (To reads it only as a deprecated alias of another option) or deprecated
// for removal on To; dated from the release since which it has been so
// without a break. A change the file already lives with at the start is
// dated at the first release of the path; an option that is gone on the
// way and back on the target is no change.
func (p *Plan) follow(path []stop, cfg *conf.Config, st setting) {
	at := Item{File: st.e.Section.File.Name, Line: st.e.FirstLine, Group: st.group, Name: st.key}
	states := make([]state, len(path))
	matches := make([]schema.Match, len(path))
	for i, s := range path {
		m, ok := s.reg.Lookup(st.group, st.key, authType(cfg, s.reg, st.group))
		states[i], matches[i] = stateOf(m, ok, st), m
	}
	if states[0] == unknown {
		return // unknown from the start: lint says so on the target
	}
	end := len(path) - 1
	k := since(states)
	at.Release = label(path[k].rel)
	switch target := matches[end].Option; states[end] {
	case unknown:
		last := matches[k-1].Option
		if last.Variant != "" {
			at.Note = "only the " + last.Variant + " packages read it; upstream Heat never had it"
			p.VariantOnly = append(p.VariantOnly, at)
			return
		}
		if rm, ok := path[k].reg.Removed(last.Group, last.Name); ok {
			at.New, at.Note = rm.Replacement, "removed in "+rm.RemovedIn
		}
		if rm, ok := path[end].reg.Removed(st.group, st.key); ok && at.New == "" {
			at.New = rm.Replacement
		}
		if rel, _, ok := path[end].reg.PointReleaseOf(st.group, st.key, authType(cfg, path[end].reg, st.group)); ok {
			at.Note = strings.TrimPrefix(at.Note+"; ", "; ") + "Heat reads it again from " + rel.HeatVersion + " on"
		}
		p.Removed = append(p.Removed, at)
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
	case m.Option.Group != conf.NormalizeGroup(st.group) || m.Option.Name != st.key:
		return renamed
	case m.Option.DeprecatedForRemoval:
		return deprecated
	}
	return current
}

// fixes tells each item what --fix does to its line: the fix of lint's
// finding about the option on the target.
func (p *Plan) fixes() {
	for _, items := range [][]Item{p.Renamed, p.Removed, p.Deprecated} {
		for i := range items {
			it := &items[i]
			for _, f := range p.Findings {
				if f.File == it.File && f.Line == it.Line && f.Severity >= lint.Warning && f.Fix != nil && isOptionRule(f.Rule.String()) {
					it.Fix = f.FixText
					break
				}
			}
		}
	}
}

// isOptionRule names lint's rules about the option a line sets, which
// the plan's items say again.
func isOptionRule(rule string) bool {
	return rule == "removed-option" || rule == "deprecated-option" || rule == "unknown-option"
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
	for _, r := range releases.Upstream() {
		reg, err := schema.EmbeddedRelease(r)
		if err != nil {
			continue
		}
		known := 0
		for _, s := range set {
			if _, ok := reg.Lookup(s.group, s.key, authType(cfg, reg, s.group)); ok {
				known++
			}
		}
		name := label(r)
		switch {
		case known > most:
			most, fit = known, []string{name}
		case known == most:
			fit = append(fit, name)
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
