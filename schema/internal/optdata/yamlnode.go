package optdata

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v2"
)

// A YAML value, as decodeYAML gives it: yaml.MapSlice for a mapping (in
// the file's order), []any for a sequence, and for a scalar what YAML 1.1
// (PyYAML's reading, which oslo-config-generator and oslo-config-validator
// use) makes of it: string, bool, int, int64, uint64, float64 or nil.

// maxDepth bounds the nesting of YAML values turned into JSON.
const maxDepth = 64

// decodeYAML parses one YAML document into its root mapping.
func decodeYAML(data []byte, what string) (yaml.MapSlice, error) {
	root, err := parseRefusingAnchors(data, what)
	if err != nil {
		var te *yaml.TypeError
		if errors.As(err, &te) {
			return nil, fmt.Errorf("reading %s: the top level is not a mapping", what)
		}
		return nil, err
	}
	if root == nil {
		var v any
		if err := yamlUnmarshal(data, &v); err != nil || v == nil {
			return nil, fmt.Errorf("reading %s: not a YAML document", what)
		}
	}
	return root, nil
}

// parse decodes one YAML document whose top level is a mapping, every
// mapping as a yaml.MapSlice.
func parse(data []byte) (yaml.MapSlice, error) {
	var root yaml.MapSlice
	err := yamlUnmarshal(data, &root)
	return root, err
}

func yamlUnmarshal(data []byte, v any) (err error) {
	defer func() {
		// a YAML library may panic on malformed input; a bad file must
		// be an error, never a crash
		if p := recover(); p != nil {
			err = fmt.Errorf("malformed YAML (%v)", p)
		}
	}()
	return yaml.Unmarshal(data, v)
}

// parseRefusingAnchors parses data and fails, with the file, line and
// column of the first one, if it holds an anchor (&a) or an alias (*a).
// oslo-config-generator never writes them, and following aliases lets a
// file of a few hundred bytes expand into billions of values (a "billion
// laughs" bomb; yaml.v2 itself stops one after a bounded number of
// values).
//
// An anchor or alias is an '&' or '*' where a value starts; elsewhere the
// character is text (in a quoted, plain or block scalar, or a comment).
// Rather than a second YAML scanner, the parser itself tells them apart:
// with every '&' and '*' replaced by a character the file does not hold,
// the document reads the same (after the reverse replacement in its
// strings) exactly when none of them was an anchor or alias. The first one
// that was is then found by bisection over how many are replaced.
func parseRefusingAnchors(data []byte, what string) (yaml.MapSlice, error) {
	doc, err := parse(data)
	var at []int
	for i, c := range data {
		if c == '&' || c == '*' {
			at = append(at, i)
		}
	}
	if len(at) == 0 {
		if err != nil {
			return nil, fmt.Errorf("reading %s: %w", what, err)
		}
		return doc, nil
	}
	s := newSubstitution(data, at)
	ref, refErr := parse(s.apply(0, len(at)))
	switch {
	case err == nil && refErr == nil && s.same(doc, ref):
		return doc, nil
	case err == nil:
		// the original reads; replacing the first k changes nothing up
		// to the first anchor or alias
		lo, hi := 0, len(at)
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if v, e := parse(s.apply(0, mid)); e == nil && s.same(doc, v) {
				lo = mid
			} else {
				hi = mid
			}
		}
		return nil, anchorError(data, at[lo], what)
	case refErr == nil:
		// the original does not read (an alias to no anchor, too much
		// aliasing) but reads with every one replaced: keeping the
		// first k as they are changes nothing up to the first anchor
		// or alias
		lo, hi := 0, len(at)
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			if v, e := parse(s.apply(mid, len(at))); e == nil && s.same(v, ref) {
				lo = mid
			} else {
				hi = mid
			}
		}
		return nil, anchorError(data, at[lo], what)
	}
	return nil, fmt.Errorf("reading %s: %w", what, err)
}

// substitution replaces '&' and '*' in a document by two characters (of
// Unicode's private use area) that it does not hold.
type substitution struct {
	data      []byte
	at        []int
	amp, star []byte
	back      *strings.Replacer
}

func newSubstitution(data []byte, at []int) *substitution {
	var free []rune
	for r := rune(0xE000); len(free) < 2; r++ {
		if !bytes.ContainsRune(data, r) {
			free = append(free, r)
		}
	}
	amp, star := string(free[0]), string(free[1])
	return &substitution{data: data, at: at, amp: []byte(amp), star: []byte(star),
		back: strings.NewReplacer(amp, "&", star, "*")}
}

// apply returns the document with the '&' and '*' at s.at[from:to] replaced.
func (s *substitution) apply(from, to int) []byte {
	out := make([]byte, 0, len(s.data)+2*(to-from))
	prev := 0
	for _, i := range s.at[from:to] {
		out = append(out, s.data[prev:i]...)
		if s.data[i] == '&' {
			out = append(out, s.amp...)
		} else {
			out = append(out, s.star...)
		}
		prev = i + 1
	}
	return append(out, s.data[prev:]...)
}

// same reports whether two readings of the document agree once the
// replacement characters in their strings are turned back.
func (s *substitution) same(a, b yaml.MapSlice) bool {
	return equalValues(s.back, a, b)
}

func equalValues(back *strings.Replacer, a, b any) bool {
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && back.Replace(x) == back.Replace(y)
	case float64:
		y, ok := b.(float64)
		return ok && (x == y || math.IsNaN(x) && math.IsNaN(y))
	case yaml.MapSlice:
		y, ok := b.(yaml.MapSlice)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalValues(back, x[i].Key, y[i].Key) || !equalValues(back, x[i].Value, y[i].Value) {
				return false
			}
		}
		return true
	case []any:
		y, ok := b.([]any)
		if !ok || len(x) != len(y) {
			return false
		}
		for i := range x {
			if !equalValues(back, x[i], y[i]) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a, b)
}

// anchorError tells where the anchor or alias at data[i] is.
func anchorError(data []byte, i int, what string) error {
	line := 1 + bytes.Count(data[:i], []byte("\n"))
	col := 1 + len([]rune(string(data[bytes.LastIndexByte(data[:i], '\n')+1:i])))
	end := i + 1
	for end < len(data) && isAnchorChar(data[end]) {
		end++
	}
	kind := "anchor"
	if data[i] == '*' {
		kind = "alias"
	}
	return fmt.Errorf("reading %s:%d:%d: YAML %s %s: anchors and aliases are not accepted (oslo-config-generator never writes them)",
		what, line, col, kind, data[i:end])
}

func isAnchorChar(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == '-'
}

// lookup returns the value of key in a mapping and whether it is there.
func lookup(m any, key string) (any, bool) {
	ms, _ := m.(yaml.MapSlice)
	for _, it := range ms {
		if k, ok := it.Key.(string); ok && k == key {
			return it.Value, true
		}
	}
	return nil, false
}

// field returns the value of key in a mapping, nil if absent or null.
func field(m any, key string) any {
	v, _ := lookup(m, key)
	return v
}

// pairs returns the keys (as text) and values of a mapping.
func pairs(m any) (keys []string, vals []any) {
	ms, _ := m.(yaml.MapSlice)
	for _, it := range ms {
		k, ok := scalarText(it.Key)
		if !ok {
			continue
		}
		keys = append(keys, k)
		vals = append(vals, it.Value)
	}
	return keys, vals
}

func items(s any) []any {
	list, _ := s.([]any)
	return list
}

func isNull(v any) bool { return v == nil }

// scalarText is a scalar's text; ok is false for a mapping or a sequence.
func scalarText(v any) (text string, ok bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, true
	case bool:
		return strconv.FormatBool(x), true
	case int:
		return strconv.Itoa(x), true
	case int64:
		return strconv.FormatInt(x, 10), true
	case uint64:
		return strconv.FormatUint(x, 10), true
	case float64:
		return floatText(x), true
	}
	return "", false
}

// floatText is a float as Python's repr, or YAML's .inf, -.inf and .nan.
func floatText(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return ".inf"
	case math.IsInf(f, -1):
		return "-.inf"
	case math.IsNaN(f):
		return ".nan"
	}
	return pyFloatRepr(f)
}

// str returns a scalar's text ("" for null or a non-scalar).
func str(v any) string {
	s, _ := scalarText(v)
	return s
}

func boolean(v any) bool {
	b, ok := v.(bool)
	return ok && b
}

func integer(v any) int {
	switch x := v.(type) {
	case int:
		return x
	case int64:
		return int(x)
	case uint64:
		return int(x)
	}
	return 0
}

func strList(v any) []string {
	var out []string
	for _, c := range items(v) {
		out = append(out, str(c))
	}
	return out
}

// number returns a numeric scalar as a JSON number ("" for null or not a number).
func number(v any) (json.Number, error) {
	if isNull(v) {
		return "", nil
	}
	raw, err := toJSON(v, 0)
	if err != nil {
		return "", err
	}
	var num json.Number
	if err := json.Unmarshal(raw, &num); err != nil {
		return "", fmt.Errorf("%s is not a number", raw)
	}
	return num, nil
}

// toJSON turns a YAML value into JSON: integers in decimal, floats as
// Python's repr (.inf and .nan, which JSON lacks, as strings).
func toJSON(v any, depth int) (json.RawMessage, error) {
	var buf bytes.Buffer
	if err := writeJSON(&buf, v, depth); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeJSON(buf *bytes.Buffer, v any, depth int) error {
	if depth > maxDepth {
		return fmt.Errorf("value nested deeper than %d levels", maxDepth)
	}
	switch x := v.(type) {
	case nil:
		buf.WriteString("null")
	case float64:
		if math.IsInf(x, 0) || math.IsNaN(x) {
			b, _ := json.Marshal(floatText(x))
			buf.Write(b)
			return nil
		}
		buf.WriteString(pyFloatRepr(x))
	case string:
		b, err := json.Marshal(x)
		if err != nil {
			return err
		}
		buf.Write(b)
	case []any:
		buf.WriteByte('[')
		for i, c := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeJSON(buf, c, depth+1); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case yaml.MapSlice:
		buf.WriteByte('{')
		for i, it := range x {
			if i > 0 {
				buf.WriteByte(',')
			}
			k, ok := scalarText(it.Key)
			if !ok {
				return fmt.Errorf("mapping key is not a scalar")
			}
			b, _ := json.Marshal(k)
			buf.Write(b)
			buf.WriteByte(':')
			if err := writeJSON(buf, it.Value, depth+1); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	default:
		text, ok := scalarText(v)
		if !ok {
			return fmt.Errorf("unsupported YAML value %T", v)
		}
		buf.WriteString(text)
	}
	return nil
}

func isDecimalInt(s string) bool {
	s = strings.TrimLeft(s, "+-")
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

// PyFloatRepr formats f as Python's repr(float) does: the shortest text that
// reads back as f, fixed notation for 1e-4 <= |f| < 1e16 with at least one
// decimal, exponent notation otherwise.
func PyFloatRepr(f float64) string { return pyFloatRepr(f) }

func pyFloatRepr(f float64) string {
	switch {
	case math.IsInf(f, 1):
		return "inf"
	case math.IsInf(f, -1):
		return "-inf"
	case math.IsNaN(f):
		return "nan"
	}
	e := strconv.FormatFloat(f, 'e', -1, 64) // d.ddde±XX
	mant, expPart, _ := strings.Cut(e, "e")
	exp, _ := strconv.Atoi(expPart)
	if f == 0 || (exp >= -4 && exp < 16) {
		s := strconv.FormatFloat(f, 'f', -1, 64)
		if !strings.ContainsAny(s, ".") {
			s += ".0"
		}
		return s
	}
	sign := "+"
	if exp < 0 {
		sign, exp = "-", -exp
	}
	return fmt.Sprintf("%se%s%02d", mant, sign, exp)
}
