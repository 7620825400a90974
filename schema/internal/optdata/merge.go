package optdata

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	"gopkg.in/yaml.v2"
)

// AddTypes merges the output of `schema/gen/genlib.py types` into f: the
// oslo.config type class and parameters of every option, the raw deprecated
// names (with the '-' spellings the generator drops) and whether the option
// is multi-valued. It also checks FormatDefault against the Python-formatted
// default, so a Go formatting bug cannot slip into the data.
func AddTypes(f *File, data []byte, what string) error {
	root, err := decodeYAML(data, what)
	if err != nil {
		return err
	}
	if c := items(field(root, "conflicts")); len(c) > 0 {
		return fmt.Errorf("%s: options defined differently by two namespaces: %v", what, strList(field(root, "conflicts")))
	}
	options := field(root, "options")
	for _, g := range f.Groups {
		rows := field(options, g.Name)
		if rows == nil {
			return fmt.Errorf("%s: group %s is missing", what, g.Name)
		}
		for _, o := range g.Opts {
			row := field(rows, o.Key())
			if row == nil {
				return fmt.Errorf("%s: option %s/%s is missing", what, g.Name, o.Key())
			}
			if err := applyOsloRow(o, row); err != nil {
				return fmt.Errorf("%s: %s/%s: %w", what, g.Name, o.Key(), err)
			}
		}
	}
	return nil
}

// applyOsloRow sets o's type, deprecated names and multi flag from a
// genlib.describe_opt() row and checks the default's formatting.
func applyOsloRow(o *Opt, row any) error {
	typeName := o.Type.Name
	t, err := parseTypeInfo(field(row, "type"))
	if err != nil {
		return err
	}
	if typeName != "" {
		t.Name = typeName
	}
	o.Type = *t
	o.Multi = boolean(field(row, "multi"))
	o.Deprecated = nil
	for _, d := range items(field(row, "deprecated")) {
		p := items(d)
		if len(p) != 2 {
			return fmt.Errorf("deprecated: want [group, name] pairs")
		}
		pair := [2]string{str(p[0]), str(p[1])}
		if !containsPair(o.Deprecated, pair) {
			o.Deprecated = append(o.Deprecated, pair)
		}
	}
	// The generator may have written another default than this process
	// saw (e.g. oslo.messaging's processname is the program's name); the
	// formatting check needs the same value.
	pyDefault, err := toJSON(field(row, "default"), 0)
	if err != nil {
		return err
	}
	raw := o.Default
	if len(raw) == 0 {
		raw = json.RawMessage("null")
	}
	if !sameJSON(raw, pyDefault) {
		return nil
	}
	if o.Text, err = FormatDefault(&o.Type, o.Multi, o.Default); err != nil {
		return err
	}
	want := strList(field(row, "format"))
	got := o.Text
	if len(o.Default) == 0 || (o.Multi && len(got) == 0) {
		got = noneDefault(o.Multi)
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Errorf("default %s formats as %q here but %q in oslo.config", raw, got, want)
	}
	return nil
}

func noneDefault(multi bool) []string {
	if multi {
		return []string{""}
	}
	return []string{"<None>"}
}

func sameJSON(a, b json.RawMessage) bool {
	va, err1 := decodeRaw(a)
	vb, err2 := decodeRaw(b)
	if err1 != nil || err2 != nil {
		return false
	}
	return reflect.DeepEqual(normalNumbers(va), normalNumbers(vb))
}

func normalNumbers(v any) any {
	switch x := v.(type) {
	case json.Number:
		if isDecimalInt(string(x)) {
			return strings.TrimPrefix(string(x), "+")
		}
		f, err := x.Float64()
		if err != nil {
			return string(x)
		}
		return pyFloatRepr(f)
	case []any:
		for i := range x {
			x[i] = normalNumbers(x[i])
		}
	case map[string]any:
		for k := range x {
			x[k] = normalNumbers(x[k])
		}
	}
	return v
}

// builtinTypeNames are oslo-config-generator's names for plain python types.
var builtinTypeNames = map[string]string{
	"builtin:str":   "string value",
	"builtin:int":   "integer value",
	"builtin:float": "floating point value",
}

func parseTypeInfo(n any) (*Type, error) {
	if _, ok := n.(yaml.MapSlice); !ok {
		return nil, fmt.Errorf("type: not a mapping")
	}
	t := &Type{
		Class:      str(field(n, "class")),
		Name:       str(field(n, "type_name")),
		IgnoreCase: boolean(field(n, "ignore_case")),
		Quotes:     boolean(field(n, "quotes")),
		Regex:      str(field(n, "regex")),
		RegexFlags: integer(field(n, "regex_flags")),
		Bounds:     boolean(field(n, "bounds")),
		IPVersion:  integer(field(n, "ip_version")),
		Callable:   str(field(n, "callable")),
	}
	if t.Name == "" {
		t.Name = builtinTypeNames[t.Class]
		if t.Name == "" {
			t.Name = "unknown value"
		}
	}
	if ml := field(n, "max_length"); ml != nil && !isNull(ml) {
		v := integer(ml)
		if !(v == 0 && t.Class == "String") { // String: max_length or 0, 0 = no limit
			t.MaxLength = &v
		}
	}
	if sep := str(field(n, "key_value_separator")); sep != "" && sep != ":" {
		t.KVSep = sep
	}
	if inc, ok := lookup(n, "inclusive"); ok && !boolean(inc) {
		t.Exclusive = true
	}
	if s := field(n, "schemes"); s != nil && !isNull(s) {
		t.Schemes = strList(s)
	}
	if c := field(n, "choices"); c != nil && !isNull(c) {
		t.HasChoices = true
		for _, cn := range items(c) {
			ch, err := parseChoice(cn)
			if err != nil {
				return nil, err
			}
			t.Choices = append(t.Choices, ch)
		}
	}
	var err error
	if t.Min, err = number(field(n, "min")); err != nil {
		return nil, err
	}
	if t.Max, err = number(field(n, "max")); err != nil {
		return nil, err
	}
	for _, key := range []string{"item_type", "value_type"} {
		if it := field(n, key); it != nil && !isNull(it) {
			if t.Item, err = parseTypeInfo(it); err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
		}
	}
	return t, nil
}

// AddPlugins merges the output of schema/gen/plugins.py into f: every
// keystoneauth plugin's options, keystonemiddleware's options that the
// generator does not list (the legacy AuthTokenPlugin's), the groups Heat
// names at run time, and which plugin's options the generator lists in each
// group that loads a plugin.
func AddPlugins(f *File, data []byte, what string) error {
	root, err := decodeYAML(data, what)
	if err != nil {
		return err
	}
	dists := map[string]string{}
	for _, a := range items(field(root, "available_plugins")) {
		dists[str(field(a, "name"))] = str(field(a, "distribution"))
	}
	names, lists := pairs(field(root, "plugins"))
	for i, name := range names {
		p := &Plugin{Name: name, Distribution: dists[name]}
		for _, row := range items(lists[i]) {
			o, err := pluginOpt(row)
			if err != nil {
				return fmt.Errorf("%s: plugin %s: %w", what, name, err)
			}
			o.Source, o.Plugin = "keystoneauth", name
			p.Opts = append(p.Opts, o)
		}
		f.Plugins = append(f.Plugins, p)
	}
	sort.Slice(f.Plugins, func(i, j int) bool { return f.Plugins[i].Name < f.Plugins[j].Name })

	if ka := findGroup(f.Groups, "keystone_authtoken"); ka != nil {
		have := map[string]bool{}
		for _, o := range ka.Opts {
			have[o.Key()] = true
		}
		for _, row := range items(field(root, "keystone_authtoken")) {
			o, err := pluginOpt(row)
			if err != nil {
				return fmt.Errorf("%s: keystone_authtoken: %w", what, err)
			}
			if have[o.Key()] {
				continue
			}
			o.Source = "keystonemiddleware"
			o.Legacy = boolean(field(row, "legacy"))
			ka.Opts = append(ka.Opts, o)
		}
	}

	dnames, dgroups := pairs(field(root, "dynamic_groups"))
	for i, name := range dnames {
		d := dgroups[i]
		g := &Group{
			Name:        name,
			Prefix:      str(field(d, "prefix")),
			NamedBy:     str(field(d, "named_by")),
			Registry:    str(field(d, "registered_by")),
			LoadsPlugin: boolean(field(d, "loads_auth_plugin")),
		}
		if g.Prefix == "" {
			return fmt.Errorf("%s: dynamic group %s has no prefix", what, name)
		}
		for _, row := range items(field(d, "options")) {
			o, err := pluginOpt(row)
			if err != nil {
				return fmt.Errorf("%s: dynamic group %s: %w", what, name, err)
			}
			o.Source = "heat"
			g.Opts = append(g.Opts, o)
		}
		f.Dynamic = append(f.Dynamic, g)
	}
	MarkPluginGroups(f)
	AssignSamplePlugins(f, f.Plugins)
	return nil
}

// pluginOpt reads a plugins.py option row (its "oslo" part describes the
// oslo.config option registered for it).
func pluginOpt(row any) (*Opt, error) {
	o := &Opt{
		Name:                 str(field(row, "name")),
		Dest:                 str(field(row, "dest")),
		Secret:               boolean(field(row, "secret")),
		Required:             boolean(field(row, "required")),
		DeprecatedForRemoval: boolean(field(row, "deprecated_for_removal")),
		DeprecatedReason:     str(field(row, "deprecated_reason")),
		DeprecatedSince:      str(field(row, "deprecated_since")),
		Help:                 FirstSentence(str(field(row, "help"))),
	}
	if o.Dest == o.Name {
		o.Dest = ""
	}
	oslo, ok := lookup(row, "oslo")
	if !ok {
		return nil, fmt.Errorf("option %s: no oslo description (re-run schema/gen/gen.sh)", o.Name)
	}
	if d := field(oslo, "default"); !isNull(d) {
		var err error
		if o.Default, err = toJSON(d, 0); err != nil {
			return nil, fmt.Errorf("option %s: default: %w", o.Name, err)
		}
	}
	if err := applyOsloRow(o, oslo); err != nil {
		return nil, fmt.Errorf("option %s: %w", o.Name, err)
	}
	return o, nil
}

func findGroup(groups []*Group, name string) *Group {
	for _, g := range groups {
		if g.Name == name {
			return g
		}
	}
	return nil
}

// AssignSamplePlugins finds, in each group that loads an auth plugin, the
// plugin whose options the generator lists there (Heat's list_opts adds
// those of one plugin, e.g. password in [trustee], for the sample config):
// the largest plugin all of whose options (same name and dest) the group
// has. Those options get Plugin set.
func AssignSamplePlugins(f *File, plugins []*Plugin) {
	for _, g := range f.Groups {
		if !g.LoadsPlugin {
			continue
		}
		have := map[[2]string]*Opt{}
		for _, o := range g.Opts {
			have[[2]string{o.Name, o.Key()}] = o
		}
		var best *Plugin
		for _, p := range plugins {
			if len(p.Opts) == 0 {
				continue
			}
			all := true
			for _, po := range p.Opts {
				if have[[2]string{po.Name, po.Key()}] == nil {
					all = false
					break
				}
			}
			if all && (best == nil || len(p.Opts) > len(best.Opts)) {
				best = p
			}
		}
		if best == nil {
			continue
		}
		g.SamplePlugin = best.Name
		for _, po := range best.Opts {
			have[[2]string{po.Name, po.Key()}].Plugin = best.Name
		}
	}
}

// Input is one file the compact data is made from.
type Input struct {
	Name string
	Data []byte
}

// Build makes a release's compact data from the files schema/gen writes:
// the generator YAML, genlib.py types, genlib.py runtime, plugins.py
// output and capture.py's run-time capture (none when its Data is nil).
func Build(gen, types, runtime, plugins, capture Input) (*File, error) {
	f, err := ParseGenerator(gen.Data, gen.Name)
	if err != nil {
		return nil, err
	}
	if err := AddTypes(f, types.Data, types.Name); err != nil {
		return nil, err
	}
	if err := AddPlugins(f, plugins.Data, plugins.Name); err != nil {
		return nil, err
	}
	if err := AddRuntime(f, runtime.Data, runtime.Name); err != nil {
		return nil, err
	}
	f.Sources = []string{gen.Name, types.Name, runtime.Name, plugins.Name}
	if capture.Data != nil {
		if err := AddCapture(f, capture.Data, capture.Name); err != nil {
			return nil, err
		}
		f.Sources = append(f.Sources, capture.Name)
	}
	return f, nil
}

// AddRuntime merges the output of `schema/gen/genlib.py runtime` into f:
// options Heat's services register at run time that the generator does not
// list (Source "runtime"), in existing groups or new ones. Options f
// already has (e.g. keystonemiddleware's legacy ones from AddPlugins) are
// kept as they are.
func AddRuntime(f *File, data []byte, what string) error {
	root, err := decodeYAML(data, what)
	if err != nil {
		return err
	}
	names, groups := pairs(field(root, "options"))
	for i, name := range names {
		g := findGroup(f.Groups, name)
		if g == nil {
			g = &Group{Name: name}
			f.Groups = append(f.Groups, g)
		}
		have := map[string]bool{}
		for _, o := range g.Opts {
			have[o.Key()] = true
		}
		for _, row := range items(groups[i]) {
			o, err := pluginOpt(row)
			if err != nil {
				return fmt.Errorf("%s: [%s]: %w", what, name, err)
			}
			if have[o.Key()] {
				continue
			}
			o.Advanced = boolean(field(row, "advanced"))
			o.Source = "runtime"
			g.Opts = append(g.Opts, o)
			have[o.Key()] = true
		}
	}
	MarkPluginGroups(f)
	return nil
}
