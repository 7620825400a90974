package optdata

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestFirstSentence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"One. Two.", "One."},
		{"Use e.g. this one.  And more", "Use e.g. this one."},
		{"Version v2.0 is gone. Yes", "Version v2.0 is gone."},
		{"no stop", "no stop"},
		{"  spread\n  over   lines. next", "spread over lines."},
		{"", ""},
	}
	for _, tt := range tests {
		if got := FirstSentence(tt.in); got != tt.want {
			t.Errorf("FirstSentence(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestPyFloatRepr(t *testing.T) {
	tests := map[float64]string{1: "1.0", 0.1: "0.1", 60: "60.0", 1e16: "1e+16", 1.5e-05: "1.5e-05", 1e-4: "0.0001", 123456789.5: "123456789.5", 0: "0.0", -2.5: "-2.5"}
	for in, want := range tests {
		if got := PyFloatRepr(in); got != want {
			t.Errorf("PyFloatRepr(%v) = %q; want %q", in, got, want)
		}
	}
}

func TestFormatDefault(t *testing.T) {
	tests := []struct {
		t     Type
		multi bool
		raw   string
		want  []string
	}{
		{Type{Class: "Boolean"}, false, "true", []string{"true"}},
		{Type{Class: "Integer"}, false, "60", []string{"60"}},
		{Type{Class: "Float"}, false, "1.0", []string{"1.0"}},
		{Type{Class: "String"}, false, `" x "`, []string{`" x "`}},
		{Type{Class: "List"}, false, `["a","b"]`, []string{"a,b"}},
		{Type{Class: "List"}, false, `[]`, []string{""}},
		{Type{Class: "List", Bounds: true}, false, `["a"]`, []string{"[a]"}},
		{Type{Class: "Dict"}, false, `{"b":"2","a":"1"}`, []string{"a:1,b:2"}},
		{Type{Class: "MultiString"}, true, `["x","y"]`, []string{"x", "y"}},
		{Type{Class: "MultiString"}, true, `[]`, []string{}},
		{Type{Class: "String"}, false, ``, nil},
		{Type{Class: "builtin:bool"}, false, `true`, []string{"True"}},
	}
	for _, tt := range tests {
		got, err := FormatDefault(&tt.t, tt.multi, json.RawMessage(tt.raw))
		if err != nil || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("FormatDefault(%s, %s) = %#v, %v; want %#v", tt.t.Class, tt.raw, got, err, tt.want)
		}
	}
}

func TestParseGenerator(t *testing.T) {
	f, err := ParseGenerator([]byte(`
generator_options: {namespace: [a, b]}
options:
  DEFAULT:
    opts:
    - {name: debug, dest: debug, type: boolean value, default: false, choices: [], min: null, max: null, deprecated_opts: [{group: DEFAULT, name: verbose_debug}]}
    - {name: debug, dest: debug, type: boolean value}
    - {name: log-file, dest: log_file, type: string value, help: "The file. More."}
  trustee:
    opts:
    - {name: auth_type, type: string value}
    - {name: auth_section, type: string value}
    - {name: port, type: port value, min: 0, max: 65535, default: 80, choices: [[80, http], [443, null]]}
`), "test")
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Groups) != 2 || len(f.Groups[0].Opts) != 2 || !reflect.DeepEqual(f.Namespaces, []string{"a", "b"}) {
		t.Fatalf("%+v", f)
	}
	o := f.Groups[0].Opts[1]
	if o.Key() != "log_file" || o.Help != "The file." || o.Type.Class != "String" {
		t.Errorf("%+v", o)
	}
	p := f.Groups[1].Opts[2]
	if string(p.Type.Min) != "0" || string(p.Type.Max) != "65535" || len(p.Type.Choices) != 2 || p.Type.Choices[0].Desc != "http" || !reflect.DeepEqual(p.Text, []string{"80"}) {
		t.Errorf("%+v", p)
	}
	if !f.Groups[1].LoadsPlugin || f.Groups[0].LoadsPlugin {
		t.Error("LoadsPlugin")
	}
	for _, bad := range []string{"", "[]", "options: 1", "options:\n  g:\n    opts:\n    - {type: string value}\n", "options:\n  g:\n    opts: [1]\n", "{"} {
		if _, err := ParseGenerator([]byte(bad), "bad.yaml"); err == nil || !strings.Contains(err.Error(), "bad.yaml") {
			t.Errorf("ParseGenerator(%q): %v", bad, err)
		}
	}
}
