package lint

import (
	"slices"
	"strings"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
)

// resolution is what every line of one configuration means to oslo.config,
// computed once per Lint and read by every rule: the group each section
// names (DEFAULT exactly, other names case-insensitively), the option each
// key sets (its own name, a deprecated name or group, a keystoneauth plugin
// option of the group's auth_type), the keys oslo.config ignores because
// they are written with '-', and which line wins for each option. Rules ask
// it instead of looking keys up again, so that they agree on every line.
type resolution struct {
	entries  map[*conf.Entry]*resolved
	authType map[string]string                // canonical group -> auth_type (or auth_plugin) in effect
	authLine map[string]*conf.Entry           // the line that sets it
	setters  map[*schema.Option][]*conf.Entry // every line that sets the option, in parse order
	order    map[*conf.File]int
	won      map[*schema.Option]*conf.Entry // winner's answers
}

// class is what an entry is to the release, decided once by resolve and
// read by the rule that owns it: each class has one owner, so that
// disabling a rule silences that rule alone.
type class int

const (
	// classOption: an option of the release. It may still be deprecated
	// (resolved.deprecated, .forRemoval) or of an invalid value
	// (resolved.invalid): deprecated-option and invalid-value own those.
	classOption class = iota
	// classNoGroup: the section names no group of the release
	// (unknown-group owns it).
	classNoGroup
	// classHyphen: the key is an option written with '-' for '_', which
	// oslo.config ignores (hyphenated-key owns it).
	classHyphen
	// classPluginUnknown: the key is in a group whose auth_type names no
	// keystoneauth plugin, so no plugin option resolves (auth-type owns
	// it).
	classPluginUnknown
	// classPointRelease: a later point release of the series reads it
	// (unknown-option owns it: not there yet).
	classPointRelease
	// classRemoved: an option that was removed (removed-option owns it).
	classRemoved
	// classUnknown: no option of the release, nor one it had
	// (unknown-option owns it).
	classUnknown
	// classMiddleware: an option of a paste filter's group (resolved.
	// middleware): read when api-paste.ini has the filter; nothing to say
	// of the line itself (unknown-group says it once at the header).
	classMiddleware
)

// resolved is one entry's meaning.
type resolved struct {
	class class
	group string       // canonical group; "" when the release has no such group
	match schema.Match // valid when known
	known bool
	// deprecated: the key is a deprecated name or group of the option
	// (match.Via); forRemoval: the option itself is going away.
	deprecated, forRemoval bool
	// invalid is why the option's type rejects the value (nil when it
	// does not, or when the value has $ references, substituted at run
	// time and checked by unescaped-dollar).
	invalid error
	// removal says when and for what a classRemoved key went.
	removal *schema.Removal
	// point is the point release that reads a classPointRelease key.
	point *releases.Release
	// hyphen is the option the key names with '_' where the file wrote
	// '-': oslo.config reads only the '_' spelling, so the line is ignored
	// (hyphenated-key owns it).
	hyphen *schema.Option
	// pluginUnknown: the key is in a group whose auth_type names no
	// keystoneauth plugin, so no plugin option can be resolved (auth-type
	// owns it).
	pluginUnknown bool
	// middleware is the paste filter that registers the section's group
	// when the release's data has no such group (classMiddleware, or
	// classUnknown for a key the filter does not have).
	middleware *middleware
}

func resolve(files []*conf.File, reg *schema.Registry) *resolution {
	r := &resolution{
		entries: map[*conf.Entry]*resolved{}, authType: map[string]string{}, authLine: map[string]*conf.Entry{},
		setters: map[*schema.Option][]*conf.Entry{}, order: map[*conf.File]int{}, won: map[*schema.Option]*conf.Entry{},
	}
	// auth_type first: which plugin options a group has depends on it. In
	// each file auth_type beats its deprecated name auth_plugin; a later
	// file wins.
	for i, f := range files {
		r.order[f] = i
		own := map[string]*conf.Entry{}
		old := map[string]*conf.Entry{}
		for _, s := range f.Sections {
			g, ok := reg.Group(s.Name)
			if !ok || !reg.LoadsPlugin(g) {
				continue
			}
			for _, e := range s.Entries {
				switch e.Key {
				case "auth_type":
					own[g] = e
				case "auth_plugin":
					old[g] = e
				}
			}
		}
		for g, e := range old {
			if own[g] == nil {
				own[g] = e
			}
		}
		for g, e := range own {
			v, _ := conf.Unescape(e.Value)
			r.authType[g], r.authLine[g] = strings.TrimSpace(v), e
		}
	}
	known := map[string]bool{}
	if len(r.authType) > 0 {
		for _, t := range reg.AuthTypes() {
			known[t] = true
		}
	}
	for _, f := range files {
		for _, s := range f.Sections {
			g, ok := reg.Group(s.Name)
			for _, e := range s.Entries {
				re := &resolved{class: classNoGroup}
				r.entries[e] = re
				if !ok {
					if mw := middlewareOf(s.Name); mw != nil {
						re.middleware, re.class = mw, classUnknown
						if mw.has(e.Key) {
							re.class = classMiddleware
						}
					}
					continue
				}
				re.group = g
				at := r.authType[g]
				m, found := reg.Lookup(g, e.Key, at)
				if !found {
					if at != "" && len(known) > 0 && !known[at] && reg.LoadsPlugin(g) {
						re.pluginUnknown = true
					}
					if strings.Contains(e.Key, "-") {
						if m, ok := reg.Lookup(g, strings.ReplaceAll(e.Key, "-", "_"), at); ok {
							re.hyphen = m.Option
						}
					}
					re.class = classifyMissing(reg, re, g, at, e.Key)
					continue
				}
				re.class, re.match, re.known = classOption, m, true
				re.deprecated = m.Via == "deprecated-name" || m.Via == "deprecated-group"
				re.forRemoval = m.Option.DeprecatedForRemoval
				if value, refs := conf.Unescape(e.Value); len(refs) == 0 {
					re.invalid = m.Option.Validate(value)
				}
				if m.Via != "deprecated-group" {
					r.setters[m.Option] = append(r.setters[m.Option], e)
					continue
				}
				// a deprecated group's key may feed several options
				// ([DEFAULT] bind_host: [heat_api] and [heat_api_cfn])
				for _, m := range reg.LookupAll(g, e.Key, at) {
					r.setters[m.Option] = append(r.setters[m.Option], e)
				}
			}
		}
	}
	return r
}

// classifyMissing is the class of a key the release does not have, in
// the order the owners are asked: hyphenated-key, auth-type, then a later
// point release, a removal, or nothing known.
func classifyMissing(reg *schema.Registry, re *resolved, group, authType, key string) class {
	switch {
	case re.hyphen != nil:
		return classHyphen
	case re.pluginUnknown:
		return classPluginUnknown
	}
	if rel, _, ok := reg.PointReleaseOf(group, key, authType); ok {
		re.point = &rel
		return classPointRelease
	}
	if rm, ok := reg.Removed(group, key); ok {
		re.removal = &rm
		return classRemoved
	}
	return classUnknown
}

// of returns an entry's meaning (never nil).
func (r *resolution) of(e *conf.Entry) *resolved {
	if re := r.entries[e]; re != nil {
		return re
	}
	return &resolved{class: classNoGroup}
}

// winner is the line oslo.config reads for a single-valued option: the
// last file that sets it wins; within a file the option's own name beats
// its deprecated names whatever their order, else the last line wins.
func (r *resolution) winner(o *schema.Option) *conf.Entry {
	if e, ok := r.won[o]; ok {
		return e
	}
	e := r.pick(o)
	r.won[o] = e
	return e
}

func (r *resolution) pick(o *schema.Option) *conf.Entry {
	var best *conf.Entry
	bestFile, bestOwn := -1, false
	for _, e := range r.setters[o] {
		fi := r.order[e.Section.File]
		m := r.entries[e]
		own := m != nil && m.match.Option == o && m.match.Alias == nil
		if !own {
			own = e.Key == o.Name && m != nil && m.group == o.Group
		}
		switch {
		case fi > bestFile:
			best, bestFile, bestOwn = e, fi, own
		case fi == bestFile && (own || !bestOwn):
			best, bestOwn = e, own
		}
	}
	return best
}

// find is the line that sets [group] key as oslo.config reads it: for an
// option of the release, the winning line among its own name, deprecated
// names and groups and hyphen-free spellings (so "[database] connection"
// finds "[DEFAULT] sql_connection"); for a key the release does not have
// (keystonemiddleware's legacy admin_user, ...), the last line of that key.
func (p *pass) find(group, key string) (*conf.Entry, bool) {
	g, ok := p.reg.Group(group)
	if ok {
		if m, found := p.reg.Lookup(g, key, p.res.authType[g]); found && m.Alias == nil && m.Option.Group == g {
			if e := p.res.winner(m.Option); e != nil {
				return e, true
			}
			return nil, false
		}
	}
	return p.cfg.Lookup(group, key)
}

// setAny reports whether any of keys is set in group.
func (p *pass) setAny(group string, keys ...string) bool {
	return slices.ContainsFunc(keys, func(k string) bool { _, ok := p.find(group, k); return ok })
}
