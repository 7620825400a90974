package upgrade

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/output"
	"github.com/heatconf/heatconf/schema"
)

// A default as the plan compares and shows it. The option data holds a
// default as the sample file writes it (nil: the option has none); the
// plan gives it the option's type: a JSON boolean, number, string, array
// (list and multi-valued options) or object (dict options), and null for
// no default.

// textTypes are the option types whose value is text: oslo.config gives
// the code ” for a default of ” and None for no default, and the code
// that reads them (Heat's endpoint_utils and clients, keystonemiddleware,
// oslo.cache, ...) tests them for truth, so a change between the two
// changes nothing. For a list, ” is [] and not None, and a change is kept.
var textTypes = map[string]bool{
	"string": true, "uri": true, "hostaddress": true, "hostname": true,
	"hostdomain": true, "ipaddress": true, "unknown": true,
}

// defaultKey is a default as the plan compares it: "\x00" for no default,
// and for an empty one of a text option.
func defaultKey(o *schema.Option) string {
	if o == nil {
		return "\x00absent"
	}
	if o.Default == nil || (*o.Default == "" && textTypes[o.Type] && !o.Multi) {
		return "\x00"
	}
	d := *o.Default
	if o.Type == "boolean" {
		if b, ok := conf.ParseBool(d); ok {
			return strconv.FormatBool(b)
		}
	}
	return d
}

// Value is a default in the plan: the option's typed value, or nil for no
// default. It writes itself as a JSON value.
type Value struct{ v any }

// MarshalJSON writes the typed value ('<' and '>' as they are).
func (v Value) MarshalJSON() ([]byte, error) {
	s, err := output.CompactJSON(v.v)
	return []byte(s), err
}

// UnmarshalJSON reads a value written by MarshalJSON.
func (v *Value) UnmarshalJSON(b []byte) error { return json.Unmarshal(b, &v.v) }

// Any is the value: nil, bool, float64 or int64, string, []string or
// map[string]string (as typedDefault made it; after a JSON round trip, as
// encoding/json reads it).
func (v Value) Any() any { return v.v }

// String shows the value for people: "(none)" for no default, `""` for an
// empty string, lists comma-separated.
func (v Value) String() string {
	switch x := v.v.(type) {
	case nil:
		return "(none)"
	case string:
		if x == "" {
			return `""`
		}
		return x
	case bool:
		return strconv.FormatBool(x)
	case []string:
		if len(x) == 0 {
			return "[]"
		}
		return strings.Join(x, ",")
	case []any:
		if len(x) == 0 {
			return "[]"
		}
	}
	s, err := output.CompactJSON(v.v)
	if err != nil {
		return "?"
	}
	return strings.Trim(s, `"`)
}

// typedDefault is an option's default with its type.
func typedDefault(o *schema.Option) Value {
	if o == nil || o.Default == nil {
		return Value{}
	}
	return Value{typed(o, *o.Default)}
}

func typed(o *schema.Option, d string) any {
	if o.Multi || o.Type == "multistring" {
		if d == "" {
			return []string{}
		}
		return strings.Split(d, "\n")
	}
	switch o.Type {
	case "boolean":
		if b, ok := conf.ParseBool(d); ok {
			return b
		}
	case "integer", "port":
		if n, err := strconv.ParseInt(strings.TrimSpace(d), 10, 64); err == nil {
			return n
		}
	case "float":
		if f, err := strconv.ParseFloat(strings.TrimSpace(d), 64); err == nil {
			return f
		}
	case "list":
		return splitList(d)
	case "dict":
		out := map[string]string{}
		for _, item := range splitList(d) {
			k, v, _ := strings.Cut(item, ":")
			out[k] = v
		}
		return out
	}
	return d
}

func splitList(d string) []string {
	out := []string{}
	if strings.TrimSpace(d) == "" {
		return out
	}
	for _, item := range strings.Split(d, ",") {
		out = append(out, strings.TrimSpace(item))
	}
	return out
}

// active reports a default that does something when the file leaves the
// option unset: not unset, empty, false or zero.
func active(o *schema.Option) bool {
	switch v := typedDefault(o).v.(type) {
	case nil:
		return false
	case string:
		return v != ""
	case bool:
		return v
	case int64:
		return v != 0
	case float64:
		return v != 0
	case []string:
		return len(v) > 0
	case map[string]string:
		return len(v) > 0
	}
	return true
}
