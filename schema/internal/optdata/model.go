// Package optdata is the compact form of one Heat release's option data, the
// form heatconf embeds: what oslo-config-generator says about every option,
// plus the oslo.config type parameters and keystoneauth plugin options that
// schema/gen dumps from the same packages. It reads oslo-config-generator's
// machine-readable YAML (ParseGenerator), merges the gen dumps into it
// (Build: AddTypes, AddRuntime, AddPlugins). Writing it as Go static data
// is build-time work and lives in schema/internal/compact.
//
// It holds facts only, as the Python libraries state them: no heatconf
// judgement lives here.
package optdata

import "encoding/json"

// File is one release's option data.
type File struct {
	HeatVersion string            `json:"heat_version,omitempty"`
	Variant     string            `json:"variant,omitempty"`  // "" upstream; "debian" a distribution's package
	Sources     []string          `json:"sources,omitempty"`  // files it was made from
	Packages    map[string]string `json:"packages,omitempty"` // Debian package versions read
	Namespaces  []string          `json:"namespaces,omitempty"`
	Groups      []*Group          `json:"groups"`
	Dynamic     []*Group          `json:"dynamic,omitempty"` // groups named at run time, e.g. ec2authtoken.<cloud>
	Plugins     []*Plugin         `json:"plugins,omitempty"` // keystoneauth auth plugins
}

// Group is one configuration group ([section]).
type Group struct {
	Name string `json:"name"`
	Help string `json:"help,omitempty"`
	// Fields of the generator YAML kept for a faithful dump.
	DriverOption      string `json:"driver_option,omitempty"`
	DynamicGroupOwner string `json:"dynamic_group_owner,omitempty"`
	// Prefix is set for dynamic groups: every group whose name starts with it.
	Prefix   string `json:"prefix,omitempty"`
	NamedBy  string `json:"named_by,omitempty"` // the option whose values name the groups
	Registry string `json:"registered_by,omitempty"`
	// LoadsPlugin: keystoneauth loads an auth plugin from this group
	// (register_auth_conf_options: auth_type and auth_section are registered).
	LoadsPlugin bool `json:"loads_plugin,omitempty"`
	// SamplePlugin is the auth type whose options the generator lists in the
	// group (Heat's list_opts adds them for the sample config), "" if none.
	SamplePlugin string `json:"sample_plugin,omitempty"`
	Opts         []*Opt `json:"opts"`
}

// Opt is one option.
type Opt struct {
	Name string `json:"name"`           // as registered; keystoneauth names use '-'
	Dest string `json:"dest,omitempty"` // the key read from files; omitted when equal to Name
	Type Type   `json:"type"`
	// Default is the raw default as the generator YAML holds it (JSON of the
	// YAML value); absent means null.
	Default json.RawMessage `json:"default,omitempty"`
	// Text is the default formatted as the option's type writes it in a
	// sample file (oslo_config.types format_defaults, sample_default
	// ignored); absent when the default is None.
	Text          []string        `json:"text,omitempty"`
	SampleDefault json.RawMessage `json:"sample_default,omitempty"`
	// Deprecated are the (group, name) pairs oslo.config also reads, raw:
	// group "" = the option's own group, name "" = its dest.
	Deprecated           [][2]string `json:"deprecated,omitempty"`
	DeprecatedForRemoval bool        `json:"deprecated_for_removal,omitempty"`
	DeprecatedReason     string      `json:"deprecated_reason,omitempty"`
	DeprecatedSince      string      `json:"deprecated_since,omitempty"`
	Secret               bool        `json:"secret,omitempty"`
	Advanced             bool        `json:"advanced,omitempty"`
	Required             bool        `json:"required,omitempty"`
	Mutable              bool        `json:"mutable,omitempty"`
	Positional           bool        `json:"positional,omitempty"`
	Multi                bool        `json:"multi,omitempty"`
	Metavar              string      `json:"metavar,omitempty"`
	Short                string      `json:"short,omitempty"`
	Help                 string      `json:"help,omitempty"` // first sentence
	Namespace            string      `json:"namespace,omitempty"`
	// Source says where the option comes from: "" the generator output;
	// "keystonemiddleware" options auth_token registers at import but does
	// not list (the legacy AuthTokenPlugin's); "keystoneauth" plugin options.
	Source string `json:"source,omitempty"`
	// Plugin is the keystoneauth auth type that provides the option ("" for
	// options registered with the group).
	Plugin string `json:"plugin,omitempty"`
	// Legacy marks keystonemiddleware's pre-keystoneauth options, used only
	// when auth_type is unset.
	Legacy bool `json:"legacy,omitempty"`

	// What Heat's programs register and read at run time
	// (schema/gen/capture.py) wins over the generator's list; these say
	// where and why the two differ.
	//
	// RegisteredBy is where a program registers the option at run time
	// (the first frame out of oslo.config, and the Heat frame that led
	// there), for options the generator does not list in this group:
	// "oslo_messaging/_drivers/impl_rabbit.py:1385 (__init__) from
	// heat/common/messaging.py:84 (setup)".
	RegisteredBy string `json:"registered_by,omitempty"`
	// GeneratorGroup is the group the generator lists the option in when
	// no program registers it there (oslo.messaging < 16 lists the RabbitMQ
	// connection pool options in [DEFAULT]).
	GeneratorGroup string `json:"generator_group,omitempty"`
	// DefaultSetBy is the set_default()/set_defaults() call that gives the
	// default Heat reads ("oslo_messaging/transport.py:71
	// (set_transport_defaults) from heat/common/messaging.py:84 (setup)").
	DefaultSetBy string `json:"default_set_by,omitempty"`
	// GeneratorDefault is the generator's default where Heat reads another
	// (raw JSON, "null" for none).
	GeneratorDefault json.RawMessage `json:"generator_default,omitempty"`
	// DefaultNote says why an option has no fixed default ("the running
	// program's name").
	DefaultNote string `json:"default_note,omitempty"`
	// Variant names the distribution whose data alone has the option
	// ("debian": a Debian patch, or a library version Debian ships), set in
	// a variant's data for options the upstream data of the same Heat
	// version lacks.
	Variant string `json:"variant,omitempty"`
}

// Key returns the dest.
func (o *Opt) Key() string {
	if o.Dest != "" {
		return o.Dest
	}
	return o.Name
}

// Type is an oslo.config type and the parameters that decide what it accepts.
type Type struct {
	Name  string `json:"name"`            // type_name as the generator writes it ("string value")
	Class string `json:"class,omitempty"` // oslo_config.types class, "builtin:str", "custom"; "" unknown
	// Choices: nil = no choices; [] (HasChoices) = none allowed.
	Choices    []Choice    `json:"choices,omitempty"`
	HasChoices bool        `json:"has_choices,omitempty"`
	Min        json.Number `json:"min,omitempty"`
	Max        json.Number `json:"max,omitempty"`
	IgnoreCase bool        `json:"ignore_case,omitempty"`
	Quotes     bool        `json:"quotes,omitempty"`
	MaxLength  *int        `json:"max_length,omitempty"` // nil: none (String treats 0 as none too)
	Regex      string      `json:"regex,omitempty"`
	RegexFlags int         `json:"regex_flags,omitempty"`
	Bounds     bool        `json:"bounds,omitempty"`
	KVSep      string      `json:"kv_sep,omitempty"` // Dict key_value_separator when not ":"
	IPVersion  int         `json:"ip_version,omitempty"`
	Schemes    []string    `json:"schemes,omitempty"`
	Exclusive  bool        `json:"exclusive,omitempty"` // Range with inclusive=False
	Item       *Type       `json:"item,omitempty"`      // List item type / Dict value type
	Callable   string      `json:"callable,omitempty"`  // custom types: what it is
}

// Choice is one allowed value (raw JSON: a string, a number or null) and its
// description.
type Choice struct {
	Value json.RawMessage
	Desc  string
}

// MarshalJSON writes a choice as [value, description] (description omitted
// when empty), like the generator's list of tuples.
func (c Choice) MarshalJSON() ([]byte, error) {
	v := c.Value
	if len(v) == 0 {
		v = json.RawMessage("null")
	}
	if c.Desc == "" {
		return json.Marshal([]json.RawMessage{v})
	}
	d, err := json.Marshal(c.Desc)
	if err != nil {
		return nil, err
	}
	return json.Marshal([]json.RawMessage{v, d})
}

// UnmarshalJSON reads [value] or [value, description].
func (c *Choice) UnmarshalJSON(b []byte) error {
	var parts []json.RawMessage
	if err := json.Unmarshal(b, &parts); err != nil {
		return err
	}
	if len(parts) == 0 || len(parts) > 2 {
		return &json.UnsupportedValueError{Str: string(b)}
	}
	c.Value = parts[0]
	if len(parts) == 2 {
		if err := json.Unmarshal(parts[1], &c.Desc); err != nil {
			return err
		}
	}
	return nil
}

// Plugin is one keystoneauth auth plugin (auth_type) and its options.
type Plugin struct {
	Name         string `json:"name"`
	Distribution string `json:"distribution,omitempty"`
	Opts         []*Opt `json:"opts"`
}
