package optdata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strings"
	"unicode"

	"github.com/heatconf/heatconf/internal/pystr"
)

// FormatDefault formats a raw default the way oslo_config.types'
// format_defaults writes it in a sample file (sample_default ignored):
// booleans lower-case, lists joined with ',', dicts as sorted k:v pairs,
// values with surrounding spaces in double quotes. nil for a None default.
// A multi-valued option gives one text per value ([] when it has none).
func FormatDefault(t *Type, multi bool, raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 || string(raw) == "null" {
		return nil, nil
	}
	v, err := decodeRaw(raw)
	if err != nil {
		return nil, err
	}
	if multi {
		list, ok := v.([]any)
		if !ok {
			list = []any{v}
		}
		out := []string{}
		for _, x := range list {
			out = append(out, quoteSpaces(pyStr(x)))
		}
		return out, nil
	}
	var s string
	switch t.Class {
	case "Boolean":
		s = strings.ToLower(pyStr(v))
	case "List":
		s = formatList(t, v)
	case "Dict":
		s = formatDict(v)
	case "String", "MultiString", "", "custom", "builtin:str", "builtin:int", "builtin:float", "builtin:bool":
		// String's formatter, and the generator's _format_defaults for
		// types without format_defaults: str() with surrounding spaces quoted
		s = quoteSpaces(pyStr(v))
	default:
		s = pyStr(v)
	}
	return []string{s}, nil
}

func formatList(t *Type, v any) string {
	open, close := "", ""
	if t.Bounds {
		open, close = "[", "]"
	}
	item := &Type{Class: "String"}
	if t.Item != nil {
		item = t.Item
	}
	switch x := v.(type) {
	case string:
		return open + x + close
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = formatItem(item, e)
		}
		return open + strings.Join(parts, ",") + close
	default:
		return open + formatItem(item, x) + close
	}
}

// formatItem is the item type's _formatter (no None handling: items are values).
func formatItem(t *Type, v any) string {
	switch t.Class {
	case "String", "MultiString", "":
		return quoteSpaces(pyStr(v))
	case "Boolean":
		return strings.ToLower(pyStr(v))
	case "Dict":
		return formatDict(v)
	case "List":
		return formatList(t, v)
	}
	return pyStr(v)
}

func formatDict(v any) string {
	m, ok := v.(map[string]any)
	if !ok {
		return pyStr(v)
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = k + ":" + pyStr(m[k])
	}
	return strings.Join(parts, ",")
}

// quoteSpaces is ConfigType.quote_trailing_and_leading_space.
func quoteSpaces(s string) string {
	if strings.TrimFunc(s, pystr.IsSpace) != s {
		return `"` + s + `"`
	}
	return s
}

func decodeRaw(raw json.RawMessage) (any, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var v any
	if err := d.Decode(&v); err != nil {
		return nil, err
	}
	return v, nil
}

// pyStr is Python's str() of a value decoded from the generator YAML.
func pyStr(v any) string {
	switch x := v.(type) {
	case nil:
		return "None"
	case bool:
		if x {
			return "True"
		}
		return "False"
	case string:
		return x
	case json.Number:
		s := string(x)
		if isDecimalInt(s) {
			return s
		}
		f, ok := new(big.Float).SetString(s)
		if !ok {
			return s
		}
		ff, _ := f.Float64()
		return pyFloatRepr(ff)
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = pyRepr(e)
		}
		return "[" + strings.Join(parts, ", ") + "]"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, len(keys))
		for i, k := range keys {
			parts[i] = PyRepr(k) + ": " + pyRepr(x[k])
		}
		return "{" + strings.Join(parts, ", ") + "}"
	}
	return fmt.Sprint(v)
}

func pyRepr(v any) string {
	if s, ok := v.(string); ok {
		return PyRepr(s)
	}
	return pyStr(v)
}

// PyRepr is Python's repr() of a str (printable ASCII and common escapes).
func PyRepr(s string) string {
	q := byte('\'')
	if strings.ContainsRune(s, '\'') && !strings.ContainsRune(s, '"') {
		q = '"'
	}
	var b strings.Builder
	b.WriteByte(q)
	for _, r := range s {
		switch {
		case r == rune(q) || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\x%02x`, r)
		case r >= 0x80 && !unicode.IsPrint(r):
			if r <= 0xff {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else if r <= 0xffff {
				fmt.Fprintf(&b, `\u%04x`, r)
			} else {
				fmt.Fprintf(&b, `\U%08x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte(q)
	return b.String()
}

// FirstSentence returns the first sentence of a help text, whitespace collapsed.
func FirstSentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	for i := 0; i < len(s); i++ {
		if s[i] != '.' || (i+1 < len(s) && s[i+1] != ' ') {
			continue
		}
		word := s[:i]
		if j := strings.LastIndexByte(word, ' '); j >= 0 {
			word = word[j+1:]
		}
		switch strings.ToLower(strings.Trim(word, "(\"'")) {
		case "e.g", "i.e", "etc", "vs", "approx", "eg", "ie", "no":
			continue
		}
		return s[:i+1]
	}
	return s
}
