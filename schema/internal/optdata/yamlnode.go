package optdata

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// maxDepth bounds the nesting of YAML values turned into JSON.
const maxDepth = 64

// decodeYAML parses one YAML document into its root mapping node.
func decodeYAML(data []byte, what string) (n *yaml.Node, err error) {
	defer func() {
		// yaml.v3 has panicked on malformed input in the past; a bad file
		// must be an error, never a crash.
		if p := recover(); p != nil {
			n, err = nil, fmt.Errorf("reading %s: malformed YAML (%v)", what, p)
		}
	}()
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("reading %s: %w", what, err)
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, fmt.Errorf("reading %s: not a YAML document", what)
	}
	if err := refuseAliases(&doc, what); err != nil {
		return nil, err
	}
	root := resolveAlias(doc.Content[0])
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("reading %s: the top level is not a mapping", what)
	}
	return root, nil
}

// refuseAliases fails on the first anchor (&a) or alias (*a) of the tree.
// oslo-config-generator never writes them, and following aliases lets a
// file of a few hundred bytes expand into billions of nodes (a "billion
// laughs" bomb). The walk visits each node of the tree once, as parsed.
func refuseAliases(doc *yaml.Node, what string) error {
	stack := []*yaml.Node{doc}
	for len(stack) > 0 {
		n := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch {
		case n.Kind == yaml.AliasNode:
			return fmt.Errorf("reading %s:%d:%d: YAML alias *%s: anchors and aliases are not accepted (oslo-config-generator never writes them)", what, n.Line, n.Column, n.Value)
		case n.Anchor != "":
			return fmt.Errorf("reading %s:%d:%d: YAML anchor &%s: anchors and aliases are not accepted (oslo-config-generator never writes them)", what, n.Line, n.Column, n.Anchor)
		}
		for i := len(n.Content) - 1; i >= 0; i-- { // the first is reported first
			stack = append(stack, n.Content[i])
		}
	}
	return nil
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < maxDepth; i++ {
		n = n.Alias
	}
	return n
}

// field returns the value of key in a mapping node, nil if absent.
func field(m *yaml.Node, key string) *yaml.Node {
	m = resolveAlias(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if k := resolveAlias(m.Content[i]); k != nil && k.Kind == yaml.ScalarNode && k.Value == key {
			return resolveAlias(m.Content[i+1])
		}
	}
	return nil
}

// pairs returns the key/value nodes of a mapping node.
func pairs(m *yaml.Node) (keys []string, vals []*yaml.Node) {
	m = resolveAlias(m)
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k := resolveAlias(m.Content[i])
		if k == nil || k.Kind != yaml.ScalarNode {
			continue
		}
		keys = append(keys, k.Value)
		vals = append(vals, resolveAlias(m.Content[i+1]))
	}
	return keys, vals
}

func items(s *yaml.Node) []*yaml.Node {
	s = resolveAlias(s)
	if s == nil || s.Kind != yaml.SequenceNode {
		return nil
	}
	out := make([]*yaml.Node, 0, len(s.Content))
	for _, c := range s.Content {
		out = append(out, resolveAlias(c))
	}
	return out
}

func isNull(n *yaml.Node) bool {
	return n == nil || (n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null")
}

// str returns a scalar's text ("" for null or a non-scalar).
func str(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode || isNull(n) {
		return ""
	}
	return n.Value
}

func boolean(n *yaml.Node) bool {
	if n == nil || n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" {
		return false
	}
	b, _ := strconv.ParseBool(strings.ToLower(n.Value))
	return b
}

func integer(n *yaml.Node) int {
	if n == nil || n.Kind != yaml.ScalarNode {
		return 0
	}
	i, _ := strconv.Atoi(n.Value)
	return i
}

func strList(n *yaml.Node) []string {
	var out []string
	for _, c := range items(n) {
		out = append(out, str(c))
	}
	return out
}

// number returns a numeric scalar as a JSON number ("" for null or not a number).
func number(n *yaml.Node) (json.Number, error) {
	if isNull(n) {
		return "", nil
	}
	raw, err := toJSON(n, 0)
	if err != nil {
		return "", err
	}
	var num json.Number
	if err := json.Unmarshal(raw, &num); err != nil {
		return "", fmt.Errorf("line %d: %q is not a number", n.Line, n.Value)
	}
	return num, nil
}

// toJSON turns a YAML value into JSON, keeping numbers as written.
func toJSON(n *yaml.Node, depth int) (json.RawMessage, error) {
	var buf bytes.Buffer
	if err := writeJSON(&buf, n, depth); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func writeJSON(buf *bytes.Buffer, n *yaml.Node, depth int) error {
	n = resolveAlias(n)
	if depth > maxDepth {
		return fmt.Errorf("value nested deeper than %d levels", maxDepth)
	}
	if n == nil {
		buf.WriteString("null")
		return nil
	}
	switch n.Kind {
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			buf.WriteString("null")
		case "!!bool":
			b, err := strconv.ParseBool(strings.ToLower(n.Value))
			if err != nil {
				return fmt.Errorf("line %d: bad boolean %q", n.Line, n.Value)
			}
			buf.WriteString(strconv.FormatBool(b))
		case "!!int":
			s := strings.ReplaceAll(n.Value, "_", "")
			if !isDecimalInt(s) {
				return fmt.Errorf("line %d: integer %q is not decimal", n.Line, n.Value)
			}
			buf.WriteString(strings.TrimPrefix(s, "+"))
		case "!!float":
			f, err := strconv.ParseFloat(strings.ReplaceAll(n.Value, "_", ""), 64)
			if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
				// .inf / .nan have no JSON form; keep the text
				b, _ := json.Marshal(n.Value)
				buf.Write(b)
				return nil
			}
			buf.WriteString(pyFloatRepr(f))
		default:
			b, err := json.Marshal(n.Value)
			if err != nil {
				return err
			}
			buf.Write(b)
		}
	case yaml.SequenceNode:
		buf.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := writeJSON(buf, c, depth+1); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	case yaml.MappingNode:
		buf.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				buf.WriteByte(',')
			}
			k := resolveAlias(n.Content[i])
			if k == nil || k.Kind != yaml.ScalarNode {
				return fmt.Errorf("line %d: mapping key is not a scalar", n.Line)
			}
			b, _ := json.Marshal(k.Value)
			buf.Write(b)
			buf.WriteByte(':')
			if err := writeJSON(buf, n.Content[i+1], depth+1); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	default:
		return fmt.Errorf("line %d: unsupported YAML node", n.Line)
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
