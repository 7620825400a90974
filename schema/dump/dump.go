// Package dump writes a release's option data for other tools:
// oslo-config-generator's machine-readable YAML (what
// oslo-config-validator --opt-data reads) and heatconf's own JSON. It reads
// the registry through schema's API only.
package dump

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"gopkg.in/yaml.v2"

	"github.com/heatconf/heatconf/internal/output"
	"github.com/heatconf/heatconf/schema"
)

// WriteGeneratorYAML writes the release's options in oslo-config-generator's
// machine-readable format (`--format yaml`), the format
// `oslo-config-validator --opt-data` reads: every option the generator
// lists, with its type, default, choices, bounds and deprecations (help
// texts are first sentences), as Heat reads them: an option the generator
// lists in a group no program of Heat registers it in (the RabbitMQ pool
// options oslo.messaging < 16 lists under [DEFAULT]) is left out there, and
// a default Heat's programs set is the one written (control_exchange =
// heat). Options the generator does not list (the
// keystoneauth plugin options a group loads at run time, keystonemiddleware's
// legacy options, dynamic groups) are not written.
func WriteGeneratorYAML(w io.Writer, r *schema.Registry) error {
	return writeYAML(w, r, r.GeneratorOptions)
}

// WriteValidatorYAML writes the same format with every option oslo.config
// accepts in the release, not only those the generator lists: the options
// Heat registers at run time and the options of the auth plugin each
// keystoneauth group loads by default (the release's own: a series' first
// data has none of its point releases'). It is what
// `oslo-config-validator --opt-data` needs to check a heat.conf without
// false errors, and accepts what render writes for the same release.
func WriteValidatorYAML(w io.Writer, r *schema.Registry) error {
	return writeYAML(w, r, func(group string) []*schema.Option {
		out := r.GeneratorOptions(group)
		have := map[string]bool{}
		for _, o := range out {
			have[o.Name] = true
		}
		extra := r.Options(group)
		if r.LoadsPlugin(group) {
			if opts, ok := r.PluginOptions(group, r.DefaultAuthType(group)); ok {
				extra = append(extra, opts...)
			}
		}
		for _, o := range extra {
			if !have[o.Name] {
				have[o.Name] = true
				out = append(out, o)
			}
		}
		return out
	})
}

// writeYAML writes the options pick chooses in each group (by canonical
// name, sorted).
func writeYAML(w io.Writer, r *schema.Registry, pick func(group string) []*schema.Option) error {
	options := mapping()
	deprecated := map[string][]*yamlNode{}
	for _, name := range r.Groups() {
		opts := seq()
		var names []string
		chosen := pick(name)
		for _, o := range chosen {
			n, err := generatorEntry(o, name)
			if err != nil {
				return fmt.Errorf("writing [%s] %s: %w", name, o.Name, err)
			}
			opts.Content = append(opts.Content, n)
			names = append(names, o.Data().Name)
			for _, d := range generatorDeprecated(o, name) {
				deprecated[d[0]] = append(deprecated[d[0]], mapping(
					"name", str(d[1]),
					"replacement_group", str(name),
					"replacement_name", str(o.Data().Name),
				))
			}
		}
		if len(chosen) == 0 {
			continue
		}
		var driverOption, owner, help string
		if src := r.GroupData(name); src != nil {
			driverOption, owner, help = src.DriverOption, src.DynamicGroupOwner, src.Help
		}
		std := seq()
		for _, n := range names {
			std.Content = append(std.Content, str(n))
		}
		options.Content = append(options.Content, str(name), mapping(
			"driver_option", str(driverOption),
			"driver_opts", mapping(),
			"dynamic_group_owner", str(owner),
			"help", str(help),
			"opts", opts,
			"standard_opts", std,
		))
	}
	dep := mapping()
	var dgroups []string
	for g := range deprecated {
		dgroups = append(dgroups, g)
	}
	sort.Strings(dgroups)
	for _, g := range dgroups {
		dep.Content = append(dep.Content, str(g), seq(deprecated[g]...))
	}
	ns := seq()
	for _, n := range r.Namespaces() {
		ns.Content = append(ns.Content, str(n))
	}
	root := mapping(
		"deprecated_options", dep,
		"generator_options", mapping(
			"config_dir", seq(),
			"config_file", seq(),
			"config_source", seq(),
			"format_", str("yaml"),
			"minimal", boolNode(false),
			"namespace", ns,
			"output_file", null(),
			"summarize", boolNode(false),
			"wrap_width", intNode(70),
		),
		"options", options,
	)
	var buf bytes.Buffer
	buf.WriteString("# " + dumpHeader(r) + "\n")
	if err := root.emit(&buf, 0, false); err != nil {
		return fmt.Errorf("writing the option data as YAML: %w", err)
	}
	_, err := w.Write(buf.Bytes())
	return err
}

func dumpHeader(r *schema.Registry) string {
	if rel := r.Release(); rel.Name != "" {
		return fmt.Sprintf("Heat %s options (%s), written by heatconf schema dump from the data of oslo-config-generator; help texts are first sentences", r.HeatVersion(), rel)
	}
	return fmt.Sprintf("options of %s, written by heatconf schema dump; help texts are first sentences", r.Name())
}

// generatorDeprecated is the generator's deprecated_opts of o: (group,
// name) pairs, names with '-' left out as the generator does.
func generatorDeprecated(o *schema.Option, groupName string) [][2]string {
	var out [][2]string
	for _, d := range o.Data().Deprecated {
		g, n := d[0], d[1]
		if n != "" && strings.Contains(n, "-") {
			continue
		}
		if g == "" {
			g = groupName
		}
		if n == "" {
			n = o.Data().Name
		}
		p := [2]string{g, n}
		dup := false
		for _, x := range out {
			if x == p {
				dup = true
			}
		}
		if !dup {
			out = append(out, p)
		}
	}
	return out
}

func generatorEntry(o *schema.Option, groupName string) (*yamlNode, error) {
	s := o.Data()
	def, err := rawNode(s.Default)
	if err != nil {
		return nil, err
	}
	sample, err := rawNode(s.SampleDefault)
	if err != nil {
		return nil, err
	}
	choices := seq()
	for _, c := range s.Type.Choices {
		v, err := rawNode(c.Value)
		if err != nil {
			return nil, err
		}
		desc := null()
		if c.Desc != "" {
			desc = str(c.Desc)
		}
		choices.Content = append(choices.Content, seq(v, desc))
	}
	deps := seq()
	for _, d := range generatorDeprecated(o, groupName) {
		deps.Content = append(deps.Content, mapping("group", str(d[0]), "name", str(d[1])))
	}
	dest := s.Key()
	return mapping(
		"advanced", boolNode(s.Advanced),
		"choices", choices,
		"default", def,
		"deprecated_for_removal", boolNode(s.DeprecatedForRemoval),
		"deprecated_opts", deps,
		"deprecated_reason", strOrNull(s.DeprecatedReason),
		"deprecated_since", strOrNull(s.DeprecatedSince),
		"dest", str(dest),
		"help", str(s.Help),
		"max", numberNode(s.Type.Max),
		"metavar", strOrNull(s.Metavar),
		"min", numberNode(s.Type.Min),
		"mutable", boolNode(s.Mutable),
		"name", str(s.Name),
		"namespace", str(s.Namespace),
		"positional", boolNode(s.Positional),
		"required", boolNode(s.Required),
		"sample_default", sample,
		"secret", boolNode(s.Secret),
		"short", strOrNull(s.Short),
		"type", str(s.Type.Name),
	), nil
}

// yamlNode is a value of the dump: a mapping (keys and values alternate
// in Content), a sequence, or a scalar, which is a string or the YAML text
// of a null, a boolean or a number (floats with a dot, as PyYAML writes
// and reads them).
type yamlNode struct {
	kind    yamlKind
	text    string
	Content []*yamlNode
}

type yamlKind int

const (
	yamlString yamlKind = iota
	yamlPlain           // null, bool, int or float, written as it is
	yamlMapping
	yamlSequence
)

func mapping(kv ...any) *yamlNode {
	n := &yamlNode{kind: yamlMapping}
	for i := 0; i+1 < len(kv); i += 2 {
		n.Content = append(n.Content, str(kv[i].(string)), kv[i+1].(*yamlNode))
	}
	return n
}

func seq(items ...*yamlNode) *yamlNode {
	return &yamlNode{kind: yamlSequence, Content: items}
}

func str(s string) *yamlNode {
	return &yamlNode{kind: yamlString, text: s}
}

func strOrNull(s string) *yamlNode {
	if s == "" {
		return null()
	}
	return str(s)
}

func null() *yamlNode { return &yamlNode{kind: yamlPlain, text: "null"} }

func boolNode(b bool) *yamlNode {
	v := "false"
	if b {
		v = "true"
	}
	return &yamlNode{kind: yamlPlain, text: v}
}

func intNode(i int) *yamlNode {
	return &yamlNode{kind: yamlPlain, text: fmt.Sprint(i)}
}

func numberNode(n json.Number) *yamlNode {
	if n == "" {
		return null()
	}
	return numberScalar(string(n))
}

func numberScalar(s string) *yamlNode {
	if isInt(s) {
		return &yamlNode{kind: yamlPlain, text: s}
	}
	// PyYAML's float form: a dot before any exponent
	if !strings.Contains(s, ".") && strings.ContainsAny(s, "eE") {
		s = strings.Replace(strings.ToLower(s), "e", ".0e", 1)
	}
	return &yamlNode{kind: yamlPlain, text: s}
}

func isInt(s string) bool {
	s = strings.TrimPrefix(s, "-")
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// rawNode turns a raw JSON value of the data into a YAML node.
func rawNode(raw json.RawMessage) (*yamlNode, error) {
	if len(raw) == 0 {
		return null(), nil
	}
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return valueNode(v), nil
}

func valueNode(v any) *yamlNode {
	switch x := v.(type) {
	case nil:
		return null()
	case bool:
		return boolNode(x)
	case string:
		return str(x)
	case json.Number:
		return numberScalar(string(x))
	case []any:
		n := seq()
		for _, e := range x {
			n.Content = append(n.Content, valueNode(e))
		}
		return n
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		n := mapping()
		for _, k := range keys {
			n.Content = append(n.Content, str(k), valueNode(x[k]))
		}
		return n
	}
	return str(fmt.Sprint(v))
}

// emit writes n in YAML's block style at column col, indented by 2: a
// mapping's entries and a sequence's items one a line, a sequence's item
// after "- ", empty collections as {} and []. first says the line is
// already begun (after a sequence's "- ").
func (n *yamlNode) emit(buf *bytes.Buffer, col int, first bool) error {
	indent := func(i int) {
		if i > 0 || !first {
			buf.WriteString(strings.Repeat(" ", col))
		}
	}
	switch n.kind {
	case yamlMapping:
		if len(n.Content) == 0 {
			buf.WriteString("{}\n")
			return nil
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			indent(i)
			key, err := yamlScalar(n.Content[i])
			if err != nil {
				return err
			}
			buf.WriteString(key + ":")
			v := n.Content[i+1]
			if v.kind == yamlMapping && len(v.Content) > 0 || v.kind == yamlSequence && len(v.Content) > 0 {
				buf.WriteString("\n")
				if err := v.emit(buf, col+2, false); err != nil {
					return err
				}
				continue
			}
			buf.WriteString(" ")
			if err := v.emit(buf, col+2, true); err != nil {
				return err
			}
		}
	case yamlSequence:
		if len(n.Content) == 0 {
			buf.WriteString("[]\n")
			return nil
		}
		for i, v := range n.Content {
			indent(i)
			buf.WriteString("- ")
			if err := v.emit(buf, col+2, true); err != nil {
				return err
			}
		}
	default:
		text, err := yamlScalar(n)
		if err != nil {
			return err
		}
		buf.WriteString(text + "\n")
	}
	return nil
}

// yamlScalar is the text of a scalar on one line. A string is written
// plain, single-quoted or double-quoted as yaml.v2 chooses (so that a
// YAML 1.1 reader such as PyYAML reads it back as the same string, not as
// a number, a boolean, a date or null); yaml.v2 would fold a long one and
// write one with line breaks as a block, so the text is made here.
func yamlScalar(n *yamlNode) (string, error) {
	if n.kind != yamlString {
		return n.text, nil
	}
	s := n.text
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("%q is not UTF-8", s)
	}
	if strings.ContainsAny(s, "\n\r") {
		return doubleQuoted(s), nil
	}
	out, err := yaml.Marshal(s)
	if err != nil {
		return "", err
	}
	switch out[0] {
	case '\'':
		return "'" + strings.ReplaceAll(s, "'", "''") + "'", nil
	case '"', '|', '>', '!':
		return doubleQuoted(s), nil
	}
	if yaml11Implicit().MatchString(s) {
		return doubleQuoted(s), nil // yaml.v2 reads it as a string, PyYAML does not
	}
	return s, nil
}

// yaml11Implicit matches the plain scalars that YAML 1.1's types (as PyYAML
// resolves them) read as something other than a string: bool, float, int,
// merge, null, timestamp and value.
var yaml11Implicit = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^(?:` +
		`yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF` +
		`|[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?` +
		`|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)` +
		`|[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+` +
		`|<<|~|null|Null|NULL|=` +
		`|[0-9]{4}-[0-9]{2}-[0-9]{2}` +
		`|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?` +
		`)$`)
})

// doubleQuoted writes s as a YAML double-quoted scalar, escaping what is
// not printable in YAML 1.1.
func doubleQuoted(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == 0x85:
			b.WriteString(`\N`)
		case r == 0x2028:
			b.WriteString(`\L`)
		case r == 0x2029:
			b.WriteString(`\P`)
		case r >= 0x20 && r <= 0x7e, r >= 0xa0 && r <= 0xd7ff, r >= 0xe000 && r <= 0xfffd && r != 0xfeff, r >= 0x10000 && r <= 0x10ffff:
			b.WriteRune(r)
		case r <= 0xff:
			fmt.Fprintf(&b, `\x%02X`, r)
		case r <= 0xffff:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			fmt.Fprintf(&b, `\U%08X`, r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// JSON is the `schema dump --format json` document.
type dumpJSON struct {
	Release     string             `json:"release"`
	Variant     string             `json:"variant,omitempty"` // "debian" for a distribution's packages
	Codename    string             `json:"codename,omitempty"`
	HeatVersion string             `json:"heat_version,omitempty"`
	DebianSuite string             `json:"debian_suite,omitempty"`
	Source      string             `json:"source,omitempty"`
	Packages    map[string]string  `json:"packages,omitempty"`
	Groups      []dumpGroup        `json:"groups"`
	Dynamic     []dumpGroup        `json:"dynamic_groups,omitempty"`
	Plugins     map[string][]dumpO `json:"auth_plugins,omitempty"`
}

type dumpGroup struct {
	Name        string  `json:"name"`
	Help        string  `json:"help,omitempty"`
	NamedBy     string  `json:"named_by,omitempty"`
	LoadsPlugin bool    `json:"loads_auth_plugin,omitempty"`
	AuthType    string  `json:"default_auth_type,omitempty"`
	Options     []dumpO `json:"options"`
}

type dumpO struct {
	Name                 string         `json:"name"`
	Type                 string         `json:"type"`
	ItemType             string         `json:"item_type,omitempty"`
	Default              *string        `json:"default"`
	SampleDefault        string         `json:"sample_default,omitempty"`
	Choices              []string       `json:"choices,omitempty"`
	Min                  *float64       `json:"min,omitempty"`
	Max                  *float64       `json:"max,omitempty"`
	Regex                string         `json:"regex,omitempty"`
	Schemes              []string       `json:"schemes,omitempty"`
	Secret               bool           `json:"secret,omitempty"`
	Advanced             bool           `json:"advanced,omitempty"`
	Required             bool           `json:"required,omitempty"`
	Multi                bool           `json:"multi,omitempty"`
	Deprecated           []schema.Alias `json:"deprecated_names,omitempty"`
	DeprecatedForRemoval bool           `json:"deprecated_for_removal,omitempty"`
	DeprecatedReason     string         `json:"deprecated_reason,omitempty"`
	DeprecatedSince      string         `json:"deprecated_since,omitempty"`
	Source               string         `json:"source"`
	Legacy               bool           `json:"legacy,omitempty"`
	Help                 string         `json:"help,omitempty"`
	// The typed default and why the data differs from the generator's
	// list (schema.Option's fields of the same names).
	Value            json.RawMessage `json:"value,omitempty"`
	RegisteredBy     string          `json:"registered_by,omitempty"`
	GeneratorGroup   string          `json:"generator_group,omitempty"`
	DefaultSetBy     string          `json:"default_set_by,omitempty"`
	GeneratorDefault *string         `json:"generator_default,omitempty"`
	DefaultNote      string          `json:"default_note,omitempty"`
	Variant          string          `json:"variant,omitempty"`
}

func toDumpO(o *schema.Option) dumpO {
	d := dumpO{
		Name: o.Name, Type: o.Type, ItemType: o.ItemType, Default: o.Default, SampleDefault: o.SampleDefault,
		Choices: o.Choices, Min: o.Min, Max: o.Max, Secret: o.Secret, Advanced: o.Advanced, Required: o.Required,
		Multi: o.Multi, Deprecated: o.Deprecated, DeprecatedForRemoval: o.DeprecatedForRemoval,
		DeprecatedReason: o.DeprecatedReason, DeprecatedSince: o.DeprecatedSince, Source: o.Source,
		Legacy: o.Legacy, Help: o.Help, Value: o.Value, RegisteredBy: o.RegisteredBy, GeneratorGroup: o.GeneratorGroup,
		DefaultSetBy: o.DefaultSetBy, GeneratorDefault: o.GeneratorDefault, DefaultNote: o.DefaultNote, Variant: o.Variant,
	}
	if o.TypeInfo != nil {
		d.Regex, d.Schemes = o.TypeInfo.Regex, o.TypeInfo.Schemes
	}
	return d
}

// WriteJSON writes every option heatconf knows for the release: the
// registered options of each group, dynamic groups, and the options of
// each keystoneauth auth plugin.
func WriteJSON(w io.Writer, r *schema.Registry) error {
	rel := r.Release()
	d := dumpJSON{
		Release: r.Name(), Variant: rel.Variant, Codename: rel.Codename, HeatVersion: r.HeatVersion(),
		DebianSuite: rel.Source.DebianSuite, Source: rel.Source.String(), Packages: r.Packages(),
		Plugins: map[string][]dumpO{},
	}
	conv := func(name, namedBy string) dumpGroup {
		dg := dumpGroup{Name: name, NamedBy: namedBy, LoadsPlugin: r.LoadsPlugin(name), Options: []dumpO{}}
		if src := r.GroupData(name); src != nil {
			dg.Help = src.Help
		}
		if dg.LoadsPlugin {
			dg.AuthType = r.DefaultAuthType(name)
		}
		for _, o := range r.Options(name) {
			dg.Options = append(dg.Options, toDumpO(o))
		}
		return dg
	}
	for _, name := range r.Groups() {
		d.Groups = append(d.Groups, conv(name, ""))
	}
	for _, pattern := range r.DynamicGroups() {
		_, namedBy, _ := r.DynamicGroupOf(pattern)
		d.Dynamic = append(d.Dynamic, conv(pattern, namedBy))
	}
	for _, name := range r.AuthTypes() {
		opts, err := r.AuthPluginOptions(name)
		if err != nil {
			return err
		}
		var list []dumpO
		for _, o := range opts {
			list = append(list, toDumpO(o))
		}
		d.Plugins[name] = list
	}
	if err := output.JSON(w, d); err != nil {
		return fmt.Errorf("writing the option data as JSON: %w", err)
	}
	return nil
}
