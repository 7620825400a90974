package optdata

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v2"
)

// ParseGenerator reads the output of `oslo-config-generator --format yaml`
// (the format oslo-config-validator --opt-data reads). Options are kept in
// the generator's order; an option listed twice in a group (the generator
// repeats options that several namespaces list) is kept once, the first time.
func ParseGenerator(data []byte, what string) (*File, error) {
	root, err := decodeYAML(data, what)
	if err != nil {
		return nil, err
	}
	options, ok := field(root, "options").(yaml.MapSlice)
	if !ok {
		return nil, fmt.Errorf("reading %s: no \"options\" mapping: not oslo-config-generator --format yaml output", what)
	}
	f := &File{}
	if gen := field(root, "generator_options"); gen != nil {
		f.Namespaces = strList(field(gen, "namespace"))
	}
	names, groups := pairs(options)
	for i, name := range names {
		g, err := parseGroup(name, groups[i])
		if err != nil {
			return nil, fmt.Errorf("reading %s: group %s: %w", what, name, err)
		}
		f.Groups = append(f.Groups, g)
	}
	MarkPluginGroups(f)
	return f, nil
}

func parseGroup(name string, n any) (*Group, error) {
	if name == "" {
		return nil, fmt.Errorf("empty group name")
	}
	if _, ok := n.(yaml.MapSlice); !ok {
		return nil, fmt.Errorf("not a mapping")
	}
	g := &Group{
		Name:              name,
		Help:              FirstSentence(str(field(n, "help"))),
		DriverOption:      str(field(n, "driver_option")),
		DynamicGroupOwner: str(field(n, "dynamic_group_owner")),
	}
	seen := map[string]bool{}
	for i, on := range items(field(n, "opts")) {
		o, err := parseOpt(on, i+1)
		if err != nil {
			return nil, err
		}
		if seen[o.Key()] {
			continue
		}
		seen[o.Key()] = true
		g.Opts = append(g.Opts, o)
	}
	return g, nil
}

// parseOpt reads the nth option of a group.
func parseOpt(n any, nth int) (*Opt, error) {
	if _, ok := n.(yaml.MapSlice); !ok {
		return nil, fmt.Errorf("option %d: not a mapping", nth)
	}
	o := &Opt{
		Name:                 str(field(n, "name")),
		Dest:                 str(field(n, "dest")),
		DeprecatedForRemoval: boolean(field(n, "deprecated_for_removal")),
		DeprecatedReason:     str(field(n, "deprecated_reason")),
		DeprecatedSince:      str(field(n, "deprecated_since")),
		Secret:               boolean(field(n, "secret")),
		Advanced:             boolean(field(n, "advanced")),
		Required:             boolean(field(n, "required")),
		Mutable:              boolean(field(n, "mutable")),
		Positional:           boolean(field(n, "positional")),
		Metavar:              str(field(n, "metavar")),
		Short:                str(field(n, "short")),
		Help:                 FirstSentence(str(field(n, "help"))),
		Namespace:            str(field(n, "namespace")),
	}
	if o.Name == "" && o.Dest == "" {
		return nil, fmt.Errorf("option %d: no name or dest", nth)
	}
	if o.Name == "" {
		o.Name = o.Dest
	}
	if o.Dest == o.Name {
		o.Dest = ""
	}
	where := "option " + o.Name
	o.Type.Name = str(field(n, "type"))
	o.Type.Class = classFromTypeName(o.Type.Name)
	o.Multi = o.Type.Name == "multi valued"
	for _, c := range items(field(n, "choices")) {
		ch, err := parseChoice(c)
		if err != nil {
			return nil, fmt.Errorf("%s: choices: %w", where, err)
		}
		o.Type.Choices = append(o.Type.Choices, ch)
	}
	o.Type.HasChoices = len(o.Type.Choices) > 0
	var err error
	if o.Type.Min, err = number(field(n, "min")); err != nil {
		return nil, fmt.Errorf("%s: min: %w", where, err)
	}
	if o.Type.Max, err = number(field(n, "max")); err != nil {
		return nil, fmt.Errorf("%s: max: %w", where, err)
	}
	if d := field(n, "default"); !isNull(d) {
		if o.Default, err = toJSON(d, 0); err != nil {
			return nil, fmt.Errorf("%s: default: %w", where, err)
		}
	}
	if d := field(n, "sample_default"); !isNull(d) {
		if o.SampleDefault, err = toJSON(d, 0); err != nil {
			return nil, fmt.Errorf("%s: sample_default: %w", where, err)
		}
	}
	for _, d := range items(field(n, "deprecated_opts")) {
		pair := [2]string{str(field(d, "group")), str(field(d, "name"))}
		if !containsPair(o.Deprecated, pair) {
			o.Deprecated = append(o.Deprecated, pair)
		}
	}
	if o.Text, err = FormatDefault(&o.Type, o.Multi, o.Default); err != nil {
		return nil, fmt.Errorf("%s: default: %w", where, err)
	}
	return o, nil
}

func containsPair(list [][2]string, p [2]string) bool {
	for _, x := range list {
		if x == p {
			return true
		}
	}
	return false
}

func parseChoice(n any) (Choice, error) {
	// The generator writes each choice as [value, description]; accept a
	// bare value too.
	if parts, ok := n.([]any); ok {
		if len(parts) == 0 || len(parts) > 2 {
			return Choice{}, fmt.Errorf("a choice is [value, description]")
		}
		v, err := toJSON(parts[0], 0)
		if err != nil {
			return Choice{}, err
		}
		c := Choice{Value: v}
		if len(parts) == 2 {
			c.Desc = str(parts[1])
		}
		return c, nil
	}
	v, err := toJSON(n, 0)
	return Choice{Value: v}, err
}

// typeNames maps the generator's type_name texts to oslo_config.types classes.
var typeNames = map[string]string{
	"string value":         "String",
	"multi valued":         "MultiString",
	"boolean value":        "Boolean",
	"integer value":        "Integer",
	"floating point value": "Float",
	"port value":           "Port",
	"list value":           "List",
	"dict value":           "Dict",
	"IP address value":     "IPAddress",
	"hostname value":       "Hostname",
	"host address value":   "HostAddress",
	"host domain value":    "HostDomain",
	"uri value":            "URI",
	"range value":          "Range",
}

func classFromTypeName(name string) string {
	return typeNames[name]
}

// NormalType gives the normalised type name of a generator type_name:
// lower case, without " value" ("string", "ipaddress", "multistring", ...).
func NormalType(t *Type) string {
	switch t.Class {
	case "String":
		return "string"
	case "MultiString":
		return "multistring"
	case "Boolean":
		return "boolean"
	case "Integer":
		return "integer"
	case "Float":
		return "float"
	case "Port":
		return "port"
	case "List":
		return "list"
	case "Dict":
		return "dict"
	case "IPAddress":
		return "ipaddress"
	case "Hostname":
		return "hostname"
	case "HostAddress":
		return "hostaddress"
	case "HostDomain":
		return "hostdomain"
	case "URI":
		return "uri"
	case "Range":
		return "range"
	case "builtin:str":
		return "string"
	case "builtin:int":
		return "integer"
	case "builtin:float":
		return "float"
	case "builtin:bool":
		return "boolean"
	}
	n := strings.ToLower(strings.TrimSpace(t.Name))
	n = strings.TrimSuffix(n, " value")
	n = strings.ReplaceAll(n, " ", "")
	if n == "" || n == "unknown" || n == "unknowntype" {
		return "unknown"
	}
	return n
}

// MarkPluginGroups sets LoadsPlugin on groups where keystoneauth's
// register_auth_conf_options registered auth_type and auth_section, and
// SamplePlugin where the generator also lists a plugin's options (found by
// their keystoneauth spelling: names with '-' whose dest has '_').
func MarkPluginGroups(f *File) {
	for _, g := range append(append([]*Group(nil), f.Groups...), f.Dynamic...) {
		var authType, authSection bool
		for _, o := range g.Opts {
			switch o.Key() {
			case "auth_type":
				authType = true
			case "auth_section":
				authSection = true
			}
		}
		g.LoadsPlugin = authType && authSection
	}
}
