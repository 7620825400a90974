// Package schema knows every configuration option of every supported Heat
// release: the data oslo-config-generator, oslo.config's types and
// keystoneauth report for upstream Heat at each release, corrected by what
// Heat's programs register and read when they start (made by schema/gen,
// embedded in the binary), and for the Heat Debian packages as the "debian"
// variant ("2025.1-debian"), looked up the way oslo.config resolves a key in
// a file. The releases themselves (names, series, where each one's data
// comes from) are schema/releases' table; values are checked by
// schema/oslotype (oslo.config's types); schema/diff compares two releases
// and schema/dump writes the data for other tools.
package schema

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/suggest"
	"github.com/heatconf/heatconf/schema/internal/optdata"
	"github.com/heatconf/heatconf/schema/oslotype"
	"github.com/heatconf/heatconf/schema/releases"
)

// Option is one configuration option of a Heat release, as oslo.config sees it.
type Option struct {
	Group string `json:"group"` // canonical group: "DEFAULT" or the lower-case group name ("ec2authtoken.<cloud>" for a dynamic group)
	Name  string `json:"name"`  // the option's dest: the key written in files (underscores)
	// Type is the normalised oslo type: "string", "boolean", "integer",
	// "float", "port", "list", "dict", "uri", "hostaddress", "hostname",
	// "hostdomain", "ipaddress", "multistring", "range", or "unknown".
	Type    string  `json:"type"`
	Default *string `json:"default"` // nil when the option has no default; the default as the generator's sample writes it (a multi-valued option's values one per line)
	// Value is the default as the value Heat reads, typed: a JSON string,
	// number, boolean, list or object, as oslo.config holds it (no sample
	// file quoting: "[instance: %(uuid)s] " with its trailing space); nil
	// when the option has no default.
	Value    json.RawMessage `json:"value,omitempty"`
	Choices  []string        `json:"choices,omitempty"`   // allowed values (empty: any; see TypeInfo.HasChoices)
	Min      *float64        `json:"min,omitempty"`       // bounds for integer/float/port
	Max      *float64        `json:"max,omitempty"`       // for integer/float/port
	ItemType string          `json:"item_type,omitempty"` // item type of list/dict options ("" if not a list/dict)

	Secret   bool `json:"secret,omitempty"`
	Advanced bool `json:"advanced,omitempty"`
	Required bool `json:"required,omitempty"`
	Multi    bool `json:"multi,omitempty"`

	Deprecated           []Alias `json:"deprecated_names,omitempty"` // deprecated names and groups that still work
	DeprecatedForRemoval bool    `json:"deprecated_for_removal,omitempty"`
	DeprecatedReason     string  `json:"deprecated_reason,omitempty"`
	DeprecatedSince      string  `json:"deprecated_since,omitempty"`
	Help                 string  `json:"help,omitempty"` // first sentence of the help text
	// Plugin is "" for a registered option, else the keystoneauth auth_type
	// whose plugin provides it (e.g. "password").
	Plugin string `json:"plugin,omitempty"`

	// SampleDefault is what the generator writes in place of a default that
	// depends on the machine ("<Hostname>"), "" if none.
	SampleDefault string `json:"sample_default,omitempty"`
	// Source says where the option is known from: "generator" (Heat's
	// oslo-config-generator output), "keystonemiddleware" (registered by
	// auth_token at import but not listed by the generator: the legacy
	// pre-keystoneauth options), "keystoneauth" (an auth plugin's options),
	// "heat" (options of a group Heat names at run time).
	Source string `json:"source"`
	// Legacy marks keystonemiddleware's pre-keystoneauth options: read only
	// when [keystone_authtoken] auth_type is unset.
	Legacy bool `json:"legacy,omitempty"`
	// Namespace is the oslo.config.opts entry point that lists the option.
	Namespace string `json:"namespace,omitempty"`
	// TypeInfo is the full oslo.config type; Validate uses it.
	TypeInfo *oslotype.Type `json:"type_info,omitempty"`

	// Where the run-time view of Heat's programs differs from the
	// generator's list (schema/gen/capture.py), the data follows the run
	// time and says why. RegisteredBy: where a program registers an option
	// the generator does not list in this group (Source "runtime").
	RegisteredBy string `json:"registered_by,omitempty"`
	// GeneratorGroup: the generator lists the option in this other group,
	// where no program registers it.
	GeneratorGroup string `json:"generator_group,omitempty"`
	// DefaultSetBy: the set_default()/set_defaults() call that gives the
	// default Heat reads.
	DefaultSetBy string `json:"default_set_by,omitempty"`
	// GeneratorDefault: the generator's default, formatted as Default,
	// where Heat reads another (nil when the two agree or the generator
	// lists none).
	GeneratorDefault *string `json:"generator_default,omitempty"`
	// DefaultNote says why the option has no fixed default ("the running
	// program's name ...").
	DefaultNote string `json:"default_note,omitempty"`
	// Variant names the distribution whose data alone has the option
	// ("debian") in a variant's registry: its patches or library versions
	// add it, the upstream data of the same Heat version lacks it.
	Variant string `json:"variant,omitempty"`

	src *optdata.Opt
}

// Alias is a deprecated spelling of an option that oslo.config still accepts.
type Alias struct {
	Group string `json:"group,omitempty"` // "" means the option's own group
	Name  string `json:"name"`
}

// Match is the result of Lookup.
type Match struct {
	Option *Option
	// Via is "" for the option's own name, "deprecated-name" for a
	// deprecated name in the option's group, "deprecated-group" for a name
	// in a deprecated group, "plugin" for a keystoneauth plugin option.
	Via string
	// Alias is the deprecated spelling that matched (nil for the option's
	// own name); set for plugin options matched by a deprecated name too.
	Alias *Alias
}

// String gives "[group] name".
func (o *Option) String() string { return "[" + o.Group + "] " + o.Name }

// Validate checks a value (already unescaped: `$$` turned to `$`, references
// resolved or left as-is by the caller) exactly as the option's oslo.config
// type does, with oslo's message text where practical. nil = accepted.
// Each value of a multi-valued option is checked on its own.
func (o *Option) Validate(value string) error {
	if o == nil || o.TypeInfo == nil {
		return nil
	}
	return o.TypeInfo.Validate(value)
}

// Registry holds every option of one release. It is immutable and safe for
// concurrent use.
//
// A registry of embedded data costs next to nothing to make: the data is Go
// static data, a lookup makes only the option it finds (a registered one, or
// a keystoneauth plugin's), the index of deprecated names is built on first
// use, and a listing makes its group's options (a lint run looks up a few
// dozen of a release's five hundred options).
type Registry struct {
	release  releases.Release
	name     string
	heat     string
	packages map[string]string

	groups     map[string]*group
	groupNames []string
	dynamic    []*group
	// order of the data's groups, for dumps
	order []*group

	// aliases maps a deprecated name to the spellings of that name, in
	// data order; built on first use (aliasOnce). aliasAnswers are what
	// aliasesAt made of a name's spellings ([]aliasAt), read without a
	// lock.
	aliases      map[string][]aliasEntry
	aliasOnce    sync.Once
	aliasAnswers sync.Map

	plugins     map[string]*optdata.Plugin
	pluginNames []string

	// file and extra are what the registry was made of (for WithRelease).
	file  *optdata.File
	extra []*optdata.Plugin
	// laterFn gives the registries of the point releases of the series
	// newer than this data, oldest first; called once, on first use.
	laterFn   func() []*Registry
	laterOnce sync.Once
	later     []*Registry
	// builtInLater: later are the built-in data's point releases of the
	// registry's release (laterMayRead may scan their data)
	builtInLater bool
	laterScans   atomic.Int32
	// mayReadKeys are mayRead's answers by key (bool), for the first
	// mayReadMemo keys (mayReadCount counts them).
	mayReadKeys  sync.Map
	mayReadCount atomic.Int32
	mayReadNames map[string]bool // past mayReadMemo keys (mayReadOnce)
	mayReadOnce  sync.Once
	// made on first use: the indexes of Suggest (by group and auth type) and
	// SuggestGroup, the releases before this one and their registries
	suggestIndexes            sync.Map
	groupIndex                *suggest.Index
	older                     []releases.Release
	olderRegs                 []*Registry
	groupIndexOnce, olderOnce sync.Once
}

type group struct {
	name    string
	prefix  string // dynamic groups: every group named prefix + something
	namedBy string
	// srcs are the data's groups that oslo.config reads as this one (two
	// spellings of a name are one group), in data order.
	srcs         []*optdata.Group
	samplePlugin string
	loadsPlugin  bool

	once sync.Once
	mem  members
	err  error // the first option the data describes wrongly

	// made are the options made so far, by their data record (filled as
	// keys are looked up and by build, under madeMu), and byKey the
	// registered option each key found means (*Option; read without a
	// lock). A lookup makes only the option it finds, and build reuses it,
	// so that a key means the same *Option however it was found.
	madeMu sync.Mutex
	made   map[*optdata.Opt]*Option
	byKey  sync.Map
	// dests are the dests the group registers, for a large group (see
	// registers); made on first use.
	dests     map[string]bool
	destsOnce sync.Once

	// plugin maps auth type to its options in this group (nil for an auth
	// type the release lacks), each made on first use.
	pluginMu sync.Mutex
	plugin   map[string]*pluginOpts
}

// members are a group's options, built from the data on first use.
type members struct {
	opts   []*Option // registered, sorted by name
	byName map[string]*Option
	// sample are the plugin options the generator lists in the group.
	sample []*Option
	// gen is every option in the generator's order (for dumps).
	gen []*Option
}

// pluginOpts are the options a keystoneauth plugin adds in a group: a
// lookup makes the option it finds, a listing all of them (reusing what
// lookups made), under mu.
type pluginOpts struct {
	group, authType string
	src             []*optdata.Opt // the plugin's options, in data order

	// hits are the options find found, by key (pluginHit), read without
	// a lock.
	hits sync.Map

	mu   sync.Mutex
	made map[*optdata.Opt]*Option
	// all made: opts sorted by name; byName by dest, the last of a dest;
	// aliases by deprecated name, the first to have it.
	complete bool
	opts     []*Option
	byName   map[string]*Option
	aliases  map[string]*Option
}

// all returns the plugin's options sorted by name, making them all.
func (po *pluginOpts) all() []*Option {
	po.mu.Lock()
	defer po.mu.Unlock()
	po.completeLocked()
	return po.opts
}

func (po *pluginOpts) completeLocked() {
	if po.complete {
		return
	}
	po.byName, po.aliases = map[string]*Option{}, map[string]*Option{}
	for _, oo := range po.src {
		o := po.makeLocked(oo)
		if o == nil {
			continue // the data's types are checked when it is made
		}
		po.opts = append(po.opts, o)
		po.byName[o.Name] = o
		for _, a := range o.Deprecated {
			if a.Group == "" || a.Group == po.group {
				if _, taken := po.aliases[a.Name]; !taken {
					po.aliases[a.Name] = o
				}
			}
		}
	}
	sort.Slice(po.opts, func(i, j int) bool { return po.opts[i].Name < po.opts[j].Name })
	po.complete = true
}

type pluginHit struct {
	o     *Option
	alias bool
}

// find returns the option key means among the plugin's, by dest or else
// by a deprecated name (alias true), as the maps all makes would answer;
// only that option is made.
func (po *pluginOpts) find(key string) (o *Option, alias bool) {
	if h, ok := po.hits.Load(key); ok {
		return h.(pluginHit).o, h.(pluginHit).alias
	}
	if po.src != nil && !slices.ContainsFunc(po.src, func(oo *optdata.Opt) bool { return namedAs(oo, key) }) {
		return nil, false // no option to make (the data does not change: no lock)
	}
	po.mu.Lock()
	defer po.mu.Unlock()
	if o, alias = po.findLocked(key); o != nil {
		po.hits.Store(key, pluginHit{o, alias})
	}
	return o, alias
}

func (po *pluginOpts) findLocked(key string) (o *Option, alias bool) {
	if po.complete {
		if o := po.byName[key]; o != nil {
			return o, false
		}
		for _, n := range []string{key, strings.ReplaceAll(key, "_", "-")} {
			if o := po.aliases[n]; o != nil {
				return o, true
			}
		}
		return nil, false
	}
	for i := len(po.src) - 1; i >= 0; i-- {
		if oo := po.src[i]; oo.Key() == key {
			if o := po.makeLocked(oo); o != nil {
				return o, false
			}
		}
	}
	for _, n := range []string{key, strings.ReplaceAll(key, "_", "-")} {
		for _, oo := range po.src {
			if len(oo.Deprecated) == 0 || !po.aliasNamed(oo, n) {
				continue
			}
			if o := po.makeLocked(oo); o != nil {
				return o, true
			}
		}
	}
	return nil, false
}

// aliasNamed reports whether the option of oo has the deprecated name n
// in the group (what completeLocked indexes).
func (po *pluginOpts) aliasNamed(oo *optdata.Opt, n string) bool {
	for _, a := range aliasesOf(po.group, oo.Key(), oo.Deprecated) {
		if a.Name == n && (a.Group == "" || a.Group == po.group) {
			return true
		}
	}
	return false
}

// makeLocked makes the option of a data record once; nil if the data
// describes it wrongly.
func (po *pluginOpts) makeLocked(oo *optdata.Opt) *Option {
	if o, ok := po.made[oo]; ok {
		return o
	}
	o, err := newOption(po.group, oo)
	if err != nil {
		o = nil
	} else {
		o.Plugin, o.Source = po.authType, "keystoneauth"
	}
	if po.made == nil {
		po.made = map[*optdata.Opt]*Option{}
	}
	po.made[oo] = o
	return o
}

// aliasRef names the option a deprecated spelling feeds: key in group g.
type aliasRef struct {
	g   *group
	key string
}

func (a aliasRef) option() *Option { return a.g.option(a.key) }

// aliasEntry is one deprecated spelling: its name in group grp feeds the
// option ref, the one at ref.g.srcs[si].Opts[oi].
type aliasEntry struct {
	grp    string
	ref    aliasRef
	si, oi int
}

// newRegistry makes a registry of option data; the options themselves are
// made when first looked at (buildAll makes them all). plugins, when not
// nil, supplies keystoneauth plugins the data lacks.
func newRegistry(f *optdata.File, rel releases.Release, name string, plugins []*optdata.Plugin) (*Registry, error) {
	r := &Registry{
		release:  rel,
		name:     name,
		heat:     f.HeatVersion,
		packages: f.Packages,
		groups:   make(map[string]*group, len(f.Groups)),
		plugins:  make(map[string]*optdata.Plugin, len(f.Plugins)+len(plugins)),
		file:     f,
		extra:    plugins,
	}
	r.pluginNames = make([]string, 0, len(f.Plugins)+len(plugins))
	for _, p := range f.Plugins {
		if _, ok := r.plugins[p.Name]; !ok {
			r.pluginNames = append(r.pluginNames, p.Name)
		}
		r.plugins[p.Name] = p
	}
	for _, p := range plugins {
		if _, ok := r.plugins[p.Name]; !ok {
			r.pluginNames = append(r.pluginNames, p.Name)
			r.plugins[p.Name] = p
		}
	}
	sort.Strings(r.pluginNames)

	// one allocation for every group (the data lists them sorted, so the
	// names need little sorting)
	slab := make([]group, len(f.Groups)+len(f.Dynamic))
	r.order = make([]*group, 0, len(f.Groups))
	r.groupNames = make([]string, 0, len(f.Groups))
	for i := range f.Groups {
		r.order = append(r.order, r.addGroup(f.Groups[i:i+1:i+1], &slab[i], false))
	}
	for i, og := range f.Dynamic {
		if og.Prefix == "" || conf.NormalizeGroup(og.Prefix) != og.Prefix {
			return nil, fmt.Errorf("dynamic group %s: bad prefix %q", og.Name, og.Prefix)
		}
		r.addGroup(f.Dynamic[i:i+1:i+1], &slab[len(f.Groups)+i], true)
	}
	sort.Strings(r.groupNames)
	return r, nil
}

// addGroup adds the data's group src[0] (a slice of the data's own list,
// so that the group's srcs need no allocation until a second spelling is
// merged in), made in fresh unless it merges into a group of that name.
func (r *Registry) addGroup(src []*optdata.Group, fresh *group, dynamic bool) *group {
	og := src[0]
	canon := conf.NormalizeGroup(og.Name)
	var g *group
	if dynamic {
		g = fresh
		g.name, g.prefix, g.namedBy = og.Name, og.Prefix, og.NamedBy
		r.dynamic = append(r.dynamic, g)
	} else if old := r.groups[canon]; old != nil {
		g = old // two spellings of one group: oslo.config merges them
	} else {
		g = fresh
		g.name = canon
		r.groups[canon] = g
		r.groupNames = append(r.groupNames, canon)
	}
	if g.srcs == nil {
		g.srcs = src
	} else {
		g.srcs = append(g.srcs, og)
	}
	g.loadsPlugin = g.loadsPlugin || og.LoadsPlugin
	if g.samplePlugin == "" {
		g.samplePlugin = og.SamplePlugin
	}
	return g
}

// buildAll makes every option of the registry, and reports the first one
// the data describes wrongly (for data read at run time; the embedded data
// is checked by the tests).
func (r *Registry) buildAll() error {
	for _, g := range slices.Concat(r.order, r.dynamic) {
		if g.m(); g.err != nil {
			return g.err
		}
	}
	return nil
}

// m returns the group's options, making them on first use.
func (g *group) m() *members {
	g.once.Do(g.build)
	return &g.mem
}

func (g *group) build() {
	n := 0
	for _, og := range g.srcs {
		n += len(og.Opts)
	}
	g.madeMu.Lock()
	defer g.madeMu.Unlock()
	m := &g.mem
	m.byName = make(map[string]*Option, n)
	for _, og := range g.srcs {
		for _, oo := range og.Opts {
			o, err := g.makeLocked(oo)
			if err != nil {
				if g.err == nil {
					g.err = fmt.Errorf("option [%s] %s: %w", og.Name, oo.Name, err)
				}
				continue
			}
			if oo.Source == "" || oo.Source == "generator" {
				m.gen = append(m.gen, o)
			}
			if o.Plugin != "" {
				m.sample = append(m.sample, o)
				continue
			}
			if _, dup := m.byName[o.Name]; dup {
				continue
			}
			m.byName[o.Name] = o
			m.opts = append(m.opts, o)
		}
	}
	sort.Slice(m.opts, func(i, j int) bool { return m.opts[i].Name < m.opts[j].Name })
}

// option returns the registered option key means in the group, nil if
// none: the first of the data's options with that dest that is not a
// plugin's, as build keeps. Only that option is made.
func (g *group) option(key string) *Option {
	if o, ok := g.byKey.Load(key); ok {
		return o.(*Option)
	}
	if !g.registers(key) {
		return nil // nothing to make, nothing to remember: any number of keys can be asked
	}
	g.madeMu.Lock()
	defer g.madeMu.Unlock()
	found := g.findLocked(key)
	if found != nil {
		g.byKey.Store(key, found)
	}
	return found
}

// registers reports whether the data has an option of the group with the
// dest key, a plugin's aside (the data does not change: no lock). A small
// group is scanned; a large one ([DEFAULT] has hundreds of options, and
// most keys a file sets there that are not its own are asked several
// times) is indexed once.
func (g *group) registers(key string) bool {
	n := 0
	for _, og := range g.srcs {
		n += len(og.Opts)
	}
	if n > scanLimit {
		g.destsOnce.Do(func() {
			g.dests = make(map[string]bool, n)
			for _, og := range g.srcs {
				for _, oo := range og.Opts {
					if oo.Plugin == "" {
						g.dests[oo.Key()] = true
					}
				}
			}
		})
		return g.dests[key]
	}
	for _, og := range g.srcs {
		for _, oo := range og.Opts {
			if oo.Plugin == "" && oo.Key() == key {
				return true
			}
		}
	}
	return false
}

// scanLimit is the number of options above which registers indexes a
// group rather than scan it.
const scanLimit = 32

func (g *group) findLocked(key string) *Option {
	if g.mem.byName != nil {
		return g.mem.byName[key]
	}
	for _, og := range g.srcs {
		for _, oo := range og.Opts {
			if oo.Plugin != "" || oo.Key() != key {
				continue
			}
			if o, err := g.makeLocked(oo); err == nil {
				return o
			}
		}
	}
	return nil
}

// makeLocked makes the option of a data record once (g.madeMu held).
func (g *group) makeLocked(oo *optdata.Opt) (*Option, error) {
	if o, ok := g.made[oo]; ok {
		return o, nil
	}
	o, err := newOption(g.name, oo)
	if err != nil {
		return nil, err
	}
	if g.made == nil {
		g.made = map[*optdata.Opt]*Option{}
	}
	g.made[oo] = o
	return o, nil
}

// pluginFor returns the options the keystoneauth plugin authType adds in
// the group (made as they are looked up); nil for an auth type the
// release lacks.
func (r *Registry) pluginFor(g *group, authType string) *pluginOpts {
	g.pluginMu.Lock()
	defer g.pluginMu.Unlock()
	if po, ok := g.plugin[authType]; ok {
		return po
	}
	if g.plugin == nil {
		g.plugin = map[string]*pluginOpts{}
	}
	p := r.plugins[authType]
	if p == nil {
		g.plugin[authType] = nil
		return nil
	}
	po := &pluginOpts{group: g.name, authType: authType, src: p.Opts}
	g.plugin[authType] = po
	return po
}

// aliasIndex returns the index of deprecated names and groups by name,
// made on first use from the data alone (no option is made for it). A
// deprecated name with '-' is also read with '_' (oslo.config's Opt adds
// that spelling).
func (r *Registry) aliasIndex() map[string][]aliasEntry {
	r.aliasOnce.Do(func() {
		idx := map[string][]aliasEntry{}
		for _, name := range r.groupNames {
			g := r.groups[name]
			for si, og := range g.srcs {
				for oi, oo := range og.Opts {
					if len(oo.Deprecated) == 0 || oo.Plugin != "" {
						continue
					}
					key := oo.Key()
					for _, a := range aliasesOf(g.name, key, oo.Deprecated) {
						grp := a.Group
						if grp == "" {
							grp = g.name
						}
						for _, n := range []string{a.Name, strings.ReplaceAll(a.Name, "-", "_")} {
							if grp == g.name && n == key {
								continue
							}
							idx[n] = append(idx[n], aliasEntry{grp: grp, ref: aliasRef{g, key}, si: si, oi: oi})
						}
					}
				}
			}
		}
		r.aliases = idx
	})
	return r.aliases
}

// aliasAt are the registered options a deprecated name feeds in group grp.
type aliasAt struct {
	grp  string
	refs []aliasRef
}

// aliasesAt returns the registered options that read key in the canonical
// group as a deprecated name or group, each once, sorted by group and
// key. Only the first option of a key in a group counts, as in build.
func (r *Registry) aliasesAt(canon, key string) []aliasRef {
	entries := r.aliasIndex()[key]
	if len(entries) == 0 {
		return nil
	}
	answers, ok := r.aliasAnswers.Load(key)
	if !ok {
		answers, _ = r.aliasAnswers.LoadOrStore(key, answersOf(entries))
	}
	for _, a := range answers.([]aliasAt) {
		if a.grp == canon {
			return a.refs
		}
	}
	return nil
}

// answersOf groups one name's spellings by group.
func answersOf(entries []aliasEntry) []aliasAt {
	var out []aliasAt
	for _, e := range entries {
		if e.ref.g.keyBefore(e.si, e.oi, e.ref.key) {
			continue
		}
		i := slices.IndexFunc(out, func(a aliasAt) bool { return a.grp == e.grp })
		if i < 0 {
			out = append(out, aliasAt{grp: e.grp})
			i = len(out) - 1
		}
		if !slices.Contains(out[i].refs, e.ref) {
			out[i].refs = append(out[i].refs, e.ref)
		}
	}
	for _, a := range out {
		sort.SliceStable(a.refs, func(i, j int) bool {
			if a.refs[i].g.name != a.refs[j].g.name {
				return a.refs[i].g.name < a.refs[j].g.name
			}
			return a.refs[i].key < a.refs[j].key
		})
	}
	return out
}

// keyBefore reports whether a registered option before srcs[si].Opts[oi]
// has the dest key (the later one is then ignored).
func (g *group) keyBefore(si, oi int, key string) bool {
	for s := 0; s <= si; s++ {
		opts := g.srcs[s].Opts
		if s == si {
			opts = opts[:oi]
		}
		for _, oo := range opts {
			if oo.Plugin == "" && oo.Key() == key {
				return true
			}
		}
	}
	return false
}

// aliasesOf turns the data's raw deprecated (group, name) pairs of an
// option into Aliases: groups normalised, "" for the option's own group
// and name, the option's own spelling and repeats dropped.
func aliasesOf(groupName, key string, raw [][2]string) []Alias {
	var out []Alias
	for _, d := range raw {
		a := Alias{Group: d[0], Name: d[1]}
		if a.Group != "" {
			a.Group = conf.NormalizeGroup(a.Group)
			if a.Group == groupName {
				a.Group = ""
			}
		}
		if a.Name == "" {
			a.Name = key
		}
		if a.Group == "" && a.Name == key {
			continue
		}
		if !slices.Contains(out, a) {
			out = append(out, a)
		}
	}
	return out
}

func newOption(groupName string, oo *optdata.Opt) (*Option, error) {
	t, err := oslotype.New(&oo.Type)
	if err != nil {
		return nil, err
	}
	o := &Option{
		Group:                groupName,
		Name:                 oo.Key(),
		Type:                 t.Name,
		Choices:              t.Choices,
		Min:                  t.Min,
		Max:                  t.Max,
		Secret:               oo.Secret,
		Advanced:             oo.Advanced,
		Required:             oo.Required,
		Multi:                oo.Multi,
		DeprecatedForRemoval: oo.DeprecatedForRemoval,
		DeprecatedReason:     oo.DeprecatedReason,
		DeprecatedSince:      oo.DeprecatedSince,
		Help:                 oo.Help,
		Plugin:               oo.Plugin,
		Source:               oo.Source,
		Legacy:               oo.Legacy,
		Namespace:            oo.Namespace,
		TypeInfo:             t,
		RegisteredBy:         oo.RegisteredBy,
		GeneratorGroup:       oo.GeneratorGroup,
		DefaultSetBy:         oo.DefaultSetBy,
		DefaultNote:          oo.DefaultNote,
		Variant:              oo.Variant,
		src:                  oo,
	}
	if len(oo.GeneratorDefault) > 0 {
		text, err := optdata.FormatDefault(&oo.Type, oo.Multi, oo.GeneratorDefault)
		if err != nil {
			return nil, fmt.Errorf("generator default: %w", err)
		}
		if text != nil {
			d := strings.Join(text, "\n")
			o.GeneratorDefault = &d
		}
	}
	if o.Source == "" {
		o.Source = "generator"
	}
	if t.Item != nil {
		o.ItemType = t.Item.Name
	}
	if len(oo.Text) > 0 {
		d := strings.Join(oo.Text, "\n")
		o.Default = &d
	}
	if len(oo.Default) > 0 && string(oo.Default) != "null" {
		o.Value = oo.Default
	}
	if len(oo.SampleDefault) > 0 {
		var v any
		if err := json.Unmarshal(oo.SampleDefault, &v); err == nil {
			if s, ok := v.(string); ok {
				o.SampleDefault = s
			} else {
				o.SampleDefault = string(oo.SampleDefault)
			}
		}
	}
	o.Deprecated = aliasesOf(groupName, o.Name, oo.Deprecated)
	return o, nil
}

// releases.Release returns the release the registry describes; the zero releases.Release for
// a registry from LoadYAML.
func (r *Registry) Release() releases.Release { return r.release }

// Name is the release's name, or the name LoadYAML was given ("custom" if none).
func (r *Registry) Name() string { return r.name }

// HeatVersion is the Heat version the data was generated from ("" if unknown).
func (r *Registry) HeatVersion() string { return r.heat }

// Packages are the Debian package versions the data was read from.
func (r *Registry) Packages() map[string]string {
	out := make(map[string]string, len(r.packages))
	for k, v := range r.packages {
		out[k] = v
	}
	return out
}

// Groups returns the canonical names of the release's groups, sorted.
// Dynamic groups are not included (see DynamicGroups).
func (r *Registry) Groups() []string { return append([]string(nil), r.groupNames...) }

// DynamicGroups returns the patterns of groups the release names at run
// time, e.g. "ec2authtoken.<cloud>" (Heat >= 27), sorted.
func (r *Registry) DynamicGroups() []string {
	var out []string
	for _, g := range r.dynamic {
		out = append(out, g.name)
	}
	sort.Strings(out)
	return out
}

// Group normalises a group name as oslo.config does ("DEFAULT" exact; others
// lower-cased) and reports whether the release has it. A dynamic group such
// as [ec2authtoken.mycloud] counts where the release has them.
func (r *Registry) Group(name string) (canonical string, ok bool) {
	canonical = conf.NormalizeGroup(name)
	if _, ok := r.groups[canonical]; ok {
		return canonical, true
	}
	if r.dynamicGroup(canonical) != nil {
		return canonical, true
	}
	return canonical, false
}

func (r *Registry) group(canonical string) *group {
	if g := r.groups[canonical]; g != nil {
		return g
	}
	return r.dynamicGroup(canonical)
}

func (r *Registry) dynamicGroup(canonical string) *group {
	for _, g := range r.dynamic {
		if canonical == g.name || (strings.HasPrefix(canonical, g.prefix) && len(canonical) > len(g.prefix)) {
			return g
		}
	}
	return nil
}

// DynamicGroupOf returns the pattern ("ec2authtoken.<cloud>") and the
// option that names the groups ("ec2authtoken/clouds") when group is a
// dynamic group of the release.
func (r *Registry) DynamicGroupOf(name string) (pattern, namedBy string, ok bool) {
	g := r.dynamicGroup(conf.NormalizeGroup(name))
	if g == nil {
		return "", "", false
	}
	return g.name, g.namedBy, true
}

// Options returns the options of a canonical group, sorted by name
// (registered ones; plugin options not included).
func (r *Registry) Options(groupName string) []*Option {
	g := r.group(conf.NormalizeGroup(groupName))
	if g == nil {
		return nil
	}
	return append([]*Option(nil), g.m().opts...)
}

// LoadsPlugin reports whether keystoneauth loads an auth plugin from the
// group in this release ([keystone_authtoken], [trustee], and [ec2authtoken]
// where Heat registers keystoneauth options there).
func (r *Registry) LoadsPlugin(groupName string) bool {
	g := r.group(conf.NormalizeGroup(groupName))
	return g != nil && g.loadsPlugin
}

// DefaultAuthType is the auth type Lookup and PluginOptions use for a group
// that loads a plugin when the caller passes authType "": the plugin whose
// options Heat lists in its sample config for the group ([trustee]
// password, Heat 27's [ec2authtoken] v3password), else "password", the one
// every install guide configures. "" for a group that loads no plugin.
func (r *Registry) DefaultAuthType(groupName string) string {
	g := r.group(conf.NormalizeGroup(groupName))
	if g == nil || !g.loadsPlugin {
		return ""
	}
	if g.samplePlugin != "" {
		return g.samplePlugin
	}
	return "password"
}

// AuthTypes returns the keystoneauth auth types the release knows, sorted.
func (r *Registry) AuthTypes() []string { return append([]string(nil), r.pluginNames...) }

// PluginOptions returns the options the keystoneauth plugin authType adds in
// group, sorted by name; ok=false when the group loads no plugin in this
// release or authType is unknown. authType "" means DefaultAuthType(group).
func (r *Registry) PluginOptions(groupName, authType string) (opts []*Option, ok bool) {
	g := r.group(conf.NormalizeGroup(groupName))
	if g == nil || !g.loadsPlugin {
		return nil, false
	}
	po := r.pluginOf(g, authType)
	if po == nil {
		return nil, false
	}
	return append([]*Option(nil), po.all()...), true
}

func (r *Registry) pluginOf(g *group, authType string) *pluginOpts {
	if authType == "" {
		authType = r.DefaultAuthType(g.name)
	}
	if po := r.pluginFor(g, authType); po != nil {
		return po
	}
	// A registry without plugin data still knows the sample plugin's options.
	if sample := g.m().sample; authType == g.samplePlugin && len(sample) > 0 {
		po := &pluginOpts{complete: true, opts: sample, byName: map[string]*Option{}, aliases: map[string]*Option{}}
		for _, o := range sample {
			po.byName[o.Name] = o
			for _, a := range o.Deprecated {
				if a.Group == "" {
					po.aliases[a.Name] = o
				}
			}
		}
		return po
	}
	return nil
}

// Lookup finds the option a file key means in a file group, the way
// oslo.config resolves it: group normalisation, exact dest, deprecated names
// and groups (a deprecated name containing '-' also matches with '_'), and
// the keystoneauth plugin options of authType in groups that load an auth
// plugin ([keystone_authtoken], [trustee], and [ec2authtoken] where the
// release registers keystoneauth options there). Pass authType "" when the
// group sets none: the group's DefaultAuthType is used, so Match.Option.Plugin
// tells which plugin the key belongs to.
//
// A key with '-' where the dest has '_' does NOT match (oslo.config ignores
// it). When several options read the same deprecated key (e.g. [DEFAULT]
// bind_host feeds [heat_api] and [heat_api_cfn]), Lookup returns the first
// by group name; LookupAll returns all.
func (r *Registry) Lookup(groupName, key, authType string) (Match, bool) {
	canon := conf.NormalizeGroup(groupName)
	g := r.group(canon)
	if g != nil {
		if o := g.option(key); o != nil {
			return Match{Option: o}, true
		}
	}
	if list := r.aliasesAt(canon, key); len(list) > 0 {
		return aliasMatch(list[0].option(), canon, key), true
	}
	return r.lookupPlugin(g, key, authType)
}

// LookupAll is Lookup returning every option the key feeds.
func (r *Registry) LookupAll(groupName, key, authType string) []Match {
	canon := conf.NormalizeGroup(groupName)
	g := r.group(canon)
	if g != nil {
		if o := g.option(key); o != nil {
			return []Match{{Option: o}}
		}
	}
	var out []Match
	for _, a := range r.aliasesAt(canon, key) {
		out = append(out, aliasMatch(a.option(), canon, key))
	}
	if len(out) > 0 {
		return out
	}
	if m, ok := r.lookupPlugin(g, key, authType); ok {
		return []Match{m}
	}
	return nil
}

func aliasMatch(o *Option, canon, key string) Match {
	via := "deprecated-group"
	a := &Alias{Name: key, Group: canon}
	if o.Group == canon {
		via, a.Group = "deprecated-name", ""
	}
	return Match{Option: o, Via: via, Alias: a}
}

func (r *Registry) lookupPlugin(g *group, key, authType string) (Match, bool) {
	if g == nil || !g.loadsPlugin {
		return Match{}, false
	}
	po := r.pluginOf(g, authType)
	if po == nil {
		return Match{}, false
	}
	// deprecated names with '-' are also read with '_'
	switch o, alias := po.find(key); {
	case o == nil:
		return Match{}, false
	case alias:
		return Match{Option: o, Via: "plugin", Alias: &Alias{Name: key}}, true
	default:
		return Match{Option: o, Via: "plugin"}, true
	}
}
