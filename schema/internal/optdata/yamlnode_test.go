package optdata

import (
	"strings"
	"testing"
)

// TestDecodeYAMLAnchors: an anchor or alias is refused with its line and
// column wherever it stands; an '&' or '*' that is text (quoted, plain,
// block scalar, comment) is not one.
func TestDecodeYAMLAnchors(t *testing.T) {
	tests := []struct {
		name string
		doc  string
		err  string // "" when the document is accepted
	}{
		{name: "double-quoted", doc: `a: "&x *y"`},
		{name: "single-quoted", doc: `a: '&x *y'`},
		{name: "inside a plain scalar", doc: "a: b &x *y"},
		{name: "plain continuation line", doc: "a: some\n  &x text\n  *y more\nb: 1"},
		{name: "comment", doc: "# &x\na: 1 # *y"},
		{name: "literal block", doc: "a: |\n  &x\n  *y\nb: 2"},
		{name: "folded block in a sequence", doc: "a:\n  - >\n    *y &x\n  - b"},
		{name: "flow", doc: `a: [b&x, "*y", {c: d*}]`},
		{name: "globs in help", doc: "opts:\n- help: options named stack_user_* and *.conf files & more\n"},
		{name: "anchor on a scalar", doc: "a: &x 1\nb: *x", err: "t.yaml:1:4: YAML anchor &x:"},
		{name: "anchor on a block mapping", doc: "a: 1\nb: &base\n  c: 2\nd: *base", err: "t.yaml:2:4: YAML anchor &base:"},
		{name: "anchor after quoted text", doc: "a: \"&no\"\nb: [1, &yes 2]", err: "t.yaml:2:8: YAML anchor &yes:"},
		{name: "anchor after a tag", doc: "a: !!str &t x", err: "t.yaml:1:10: YAML anchor &t:"},
		{name: "unused anchor", doc: "a: &x {}", err: "t.yaml:1:4: YAML anchor &x:"},
		{name: "alias without anchor", doc: "a: 'é*'\nb:\n  - *nowhere", err: "t.yaml:3:5: YAML alias *nowhere:"},
		{name: "column counts characters", doc: "é: &x 1", err: "t.yaml:1:4: YAML anchor &x:"},
		{name: "merge key", doc: "base: &b {x: 1}\nc:\n  <<: *b", err: "t.yaml:1:7: YAML anchor &b:"},
		{name: "not YAML", doc: "a: [\n", err: "reading t.yaml: yaml: line "},
		{name: "not a mapping", doc: "- a\n- *b", err: "reading t.yaml: "},
		{name: "top level list", doc: "- a\n", err: "reading t.yaml: the top level is not a mapping"},
		{name: "empty", doc: "", err: "reading t.yaml: not a YAML document"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decodeYAML([]byte(tt.doc), "t.yaml")
			switch {
			case tt.err == "" && err != nil:
				t.Fatalf("refused: %v", err)
			case tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)):
				t.Fatalf("error %v; want one with %q", err, tt.err)
			}
		})
	}
}

// TestDecodeYAMLValues: scalars read as YAML 1.1 (PyYAML) reads them, in
// the file's order.
func TestDecodeYAMLValues(t *testing.T) {
	root, err := decodeYAML([]byte("z: 1\na: [yes, off, ~, 1.5, 0x1F, 017, +7, 1_000, 1e999, .inf, -.Inf, .nan, 'yes', 2001-12-14, 18446744073709551615, -9223372036854775808]\nm: {k: v, 1: 2}\n"), "t")
	if err != nil {
		t.Fatal(err)
	}
	keys, _ := pairs(root)
	if strings.Join(keys, " ") != "z a m" {
		t.Errorf("keys %q: not in the file's order", keys)
	}
	got, err := toJSON(field(root, "a"), 0)
	if err != nil {
		t.Fatal(err)
	}
	want := `[true,false,null,1.5,31,15,7,1000,"1e999",".inf","-.inf",".nan","yes","2001-12-14",18446744073709551615,-9223372036854775808]`
	if string(got) != want {
		t.Errorf("toJSON = %s\nwant     %s", got, want)
	}
	if m, _ := toJSON(field(root, "m"), 0); string(m) != `{"k":"v","1":2}` {
		t.Errorf("mapping: %s", m)
	}
	if n, err := number(field(root, "z")); err != nil || n != "1" {
		t.Errorf("number = %q, %v", n, err)
	}
	if _, err := number("abc"); err == nil || err.Error() != `"abc" is not a number` {
		t.Errorf("number(abc): %v", err)
	}
}
