package upgrade

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/heatconf/heatconf/internal/output"
	"github.com/heatconf/heatconf/schema"
)

// A default as the plan compares and shows it: the option data's typed
// value (schema.Option.Value, the value oslo.config holds for Heat), a JSON
// boolean, number, string, array or object, and null for no default.

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
	if len(o.Value) == 0 || (string(o.Value) == `""` && textTypes[o.Type] && !o.Multi) {
		return "\x00"
	}
	return string(o.Value)
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

// Any is the value as encoding/json reads it: nil, bool, float64, string,
// []any or map[string]any.
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
	case []any:
		if len(x) == 0 {
			return "[]"
		}
		if items, ok := v.strings(); ok {
			return strings.Join(items, ",")
		}
	}
	s, err := output.CompactJSON(v.v)
	if err != nil {
		return "?"
	}
	return strings.Trim(s, `"`)
}

// strings is a list of strings as a []string; false for any other value.
func (v Value) strings() ([]string, bool) {
	list, ok := v.v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(list))
	for _, item := range list {
		s, ok := item.(string)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// typedDefault is an option's default with its type.
func typedDefault(o *schema.Option) Value {
	var v any
	if o == nil || len(o.Value) == 0 || json.Unmarshal(o.Value, &v) != nil {
		return Value{}
	}
	return Value{v}
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
	case float64:
		return v != 0
	case []any:
		return len(v) > 0
	case map[string]any:
		return len(v) > 0
	}
	return true
}
