package oslotype

import (
	"bytes"
	"encoding/json"
	"os/exec"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"github.com/heatconf/heatconf/internal/testenv"
	"github.com/heatconf/heatconf/schema/internal/optdata"
	"github.com/heatconf/heatconf/schema/internal/staticdata"
)

// Type specs for the tables, in the data's JSON form (what the Python side
// reads too).
func spec(class string) optdata.Type { return optdata.Type{Class: class} }

func withChoices(t optdata.Type, values ...string) optdata.Type {
	t.HasChoices = true
	t.Choices = []optdata.Choice{}
	for _, v := range values {
		t.Choices = append(t.Choices, optdata.Choice{Value: json.RawMessage(v)})
	}
	return t
}

func withBounds(t optdata.Type, min, max string) optdata.Type {
	t.Min, t.Max = json.Number(min), json.Number(max)
	return t
}

func listOf(item optdata.Type, bounds bool) optdata.Type {
	return optdata.Type{Class: "List", Item: &item, Bounds: bounds}
}

func dictOf(item optdata.Type, bounds bool) optdata.Type {
	return optdata.Type{Class: "Dict", Item: &item, Bounds: bounds}
}

func intp(i int) *int { return &i }

func repeat(s string, n int) string { return strings.Repeat(s, n) }

type typeCase struct {
	name   string
	t      optdata.Type
	values []string
}

// handCases cover each oslo type's edge cases.
func handCases() []typeCase {
	str := spec("String")
	integer := spec("Integer")
	float := spec("Float")
	port := spec("Port")
	ip := spec("IPAddress")
	uri := spec("URI")
	web := optdata.Type{Class: "URI", Schemes: []string{"http", "https"}}
	short := optdata.Type{Class: "URI", MaxLength: intp(20)}
	zero := optdata.Type{Class: "URI", MaxLength: intp(0)}
	ipValues := []string{"1.2.3.4", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3.04", "1.2.3", "1.2.3.4.",
		"1.2.3.4.5", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "", "::", "::1", "1::", ":1::", "1::2::3", "::ffff:1.2.3.4",
		"::1.2.3.4", "1::1.2.3.4", "1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9",
		"1:2:3:4:5:6:7::", "1:2:3:4:5:6:7::8", "::0:1:2:3:4:5:6", "fe80::1%eth0", "gggg::1", "12345::1", "0001::1",
		"::ffff:01.2.3.4", "1.2.3.4::", "[::1]", "localhost", ":::", "1:", "FFFF::ffff"}
	hostValues := []string{"example.com", "a", "localhost", "controller", "ex_ample.com", "-a.com", "a-.com", "a..b", ".",
		"a.", "a.b.", "1.2.3.4", "123", "a.123", "a.1b", "a.b-", "xn--bcher-kva.example", repeat("a", 63) + ".com",
		repeat("a", 64) + ".com", repeat("a.", 126) + "ab", repeat("a.", 127) + "ab", "ſ.com", "K.com", "ı.com", "İ.com",
		"é.com", "host\n", "a.b\n", "a\n.b", " a", "a b", "a_b", "_a", "::1", "fe80::1", "1.2.3.256", "", "a.b.c.d.e",
		"a-b.c-d", "A.COM", "a.-", "a.-b"}
	uriValues := []string{"http://controller:5000/v3", "http://controller:5000", "https://[::1]:8000/v1", "controller:5000",
		"//host", "http://", "http://:80", "http://@host", "http://user:pass@host/", "http://u@h", "http://h/a b",
		"http://h/a[b", "http://h/a]b", "http://[::1]:80/", "http://[fe80::1%eth0]/", "http://[fe80::1%25eth0]/",
		"http://256.1.1.1/", "http://1.2.3.4/", "http://1.2.3.999/", "HTTP://h", "ftp://h", "mysql+pymysql://heat:p@h/heat",
		"rabbit://u:p@h:5672/", "rabbit://u:p@h1:5672,u:p@h2:5672/", "http://h:99999", "http://h:123456", "http://h\n",
		"http://h/\n", "http://h?q=1#f", "http://h#frag", "http://ho st/", "http://h%20/", "http://ex_ample.com",
		"http://exämple.com", "", "   ", "file:///etc/x", "http://h/%", "http://h/%zz", "http://h/%41", "1http://h",
		"h+t-t.p://h", "http://[v1.x]/", "http://[::1", "http://h:", "http://h:80:90", "http://a.b.c:5000/v2.0",
		"http:/h", "http:h", "http:///p", "http://\\h", "http://h\\x", "http://h/ä", "http://ä/"}
	return []typeCase{
		{"boolean", spec("Boolean"), []string{"true", "TRUE", "True", "yes", "YES", "on", "ON", "1", "false", "False", "no", "NO",
			"off", "0", "", " true", "true ", "y", "t", "enabled", "2", "tRuE", "oN", "nO", "1.0", "\ttrue", "İ", "ｔrue"}},
		{"integer", integer, []string{"10", "010", "1_000", " 5 ", "\t5\n", "0x10", "5.0", "", "   ", "\x1c", "-5", "+5", "-0",
			"00", "0_0", "1__0", "_1", "1_", "+_1", "٣", "１２", "\u30005", "\x855", "\x1c5", "5\x1c", "99999999999999999999999",
			"1e3", "abc", "5 5", "+", "-", "5\x00", repeat("9", 4300), repeat("9", 4301), repeat("1_", 2200) + "1", "0b1", "0o7"}},
		{"integer 1..10", withBounds(integer, "1", "10"), []string{"0", "1", "10", "11", "-1", " 5 ", "", "1_0", "010", "99999999999999999999"}},
		{"integer min 0", withBounds(integer, "0", ""), []string{"0", "-1", "-0", "100000"}},
		{"integer choices", withChoices(integer, "1", "2", "3"), []string{"1", "2", "4", " 2 ", "02", "", "x", "3_"}},
		{"integer no choices", withChoices(integer), []string{"1", "0", ""}},
		{"float", float, []string{"1.5", "1", ".5", "5.", "1e5", "1E-3", "1.e5", "+.5", "inf", "-inf", "nan", "NaN", "Infinity",
			"-Infinity", "infinit", "1_0.5", "1._5", "1_e5", "1e_5", "1e1_0", "1.5_", "0x1p3", "", " ", "abc", "1e400", "١.٥",
			" 1.5 ", "1.5\x1c", ".", "e5", "1e", "+nan", "5\x00"}},
		{"float 0..1", withBounds(float, "0", "1"), []string{"0.5", "1.0000001", "-0", "nan", "inf", "-inf", "1", "0", "1e-400", "-1e-400"}},
		{"float 0.5..", withBounds(float, "0.5", ""), []string{"0.4999", "0.5", "1"}},
		{"port", port, []string{"0", "65535", "65536", "-1", "80", " 80 ", "", "8_0", "0x50", "8000.0"}},
		{"port 1024..2048", withBounds(port, "1024", "2048"), []string{"1023", "1024", "2048", "2049"}},
		{"port choices", withChoices(port, "80", "443"), []string{"80", "443", "8080", ""}},
		{"string", str, []string{"", "anything", " spaced ", "'quoted'", "ä", "\n"}},
		{"string choices", withChoices(str, `"a"`, `"B"`, `""`), []string{"a", "A", "b", "B", " a", "", "c"}},
		{"string choices ignore case", func() optdata.Type { t := withChoices(str, `"a"`, `"B"`); t.IgnoreCase = true; return t }(),
			[]string{"a", "A", "b", "B", " a", "", "İ"}},
		{"string choices with null", withChoices(str, "null", `"1.2"`, `"1.3"`), []string{"1.2", "1.3", "None", "null", ""}},
		{"string quotes", optdata.Type{Class: "String", Quotes: true}, []string{"'a'", `"a"`, "'a", "a'", "'", `"'`, "''", `""`, "a", "", `"a'`}},
		{"string regex", optdata.Type{Class: "String", Regex: `^3\.\d+$`, RegexFlags: 32}, []string{"3.1", "3.10", "3.1\n", "3.x",
			"3.٣", "v3.1", "3.1\n\n", "3.", "", " 3.1", "3.1 "}},
		{"string regex ignorecase", optdata.Type{Class: "String", Regex: `^abc`, RegexFlags: 34}, []string{"ABC", "abcd", "xabc", "Abc\n"}},
		{"string regex search", optdata.Type{Class: "String", Regex: `b+`, RegexFlags: 32}, []string{"abbc", "ac", ""}},
		{"string max_length", optdata.Type{Class: "String", MaxLength: intp(5)}, []string{"abcde", "abcdef", "äöüßé", "äöüßéx", ""}},
		{"string quotes max_length", optdata.Type{Class: "String", Quotes: true, MaxLength: intp(3)}, []string{"'abc'", "'abcd'", "abcd"}},
		{"multistring", spec("MultiString"), []string{"", "x", " y "}},
		{"list", listOf(str, false), []string{"a,b", "", "  ", "a,,b", "a,", ",a", ",", ",,,", "[a,b]", " a , b ", "a\n,b"}},
		{"list bounds", listOf(str, true), []string{"[a,b]", "[]", "a,b", "[a", "a]", " [a] ", "[a],", "[", "]", "[,]"}},
		{"list of integer", listOf(integer, false), []string{"1,2", "1,x", "1, 2", "1,,2", "1_0,2", "1.5", " 1 , 2 ,", "x"}},
		{"list of port", listOf(port, false), []string{"80,443", "80,70000", ""}},
		{"list of web uri", listOf(web, false), []string{"http://a,https://b", "http://a,ftp://b", "http://a", "http://a,", "x"}},
		{"list of choices", listOf(withChoices(str, `"a"`, `"b"`), false), []string{"a,b", "a,c", "a,", "a,,b"}},
		{"list of quoted", listOf(optdata.Type{Class: "String", Quotes: true}, false), []string{"'a,b',c", "'a,b", "a,'b'", "'a',\"b,c\""}},
		{"list of list", listOf(listOf(integer, true), false), []string{"[1,2],[3]", "[1,x]", "[1],2"}},
		{"dict", dictOf(str, false), []string{"a:1,b:2", "a:1,a:2", ":1", "a", "a:", "", "{a:1}", "a:b:c", " a : 1 ", "a:1,", "a:1,,b:2", "a:1,b"}},
		{"dict bounds", dictOf(str, true), []string{"{a:1}", "{}", "a:1", "{a:1", " {a:1} "}},
		{"dict of integer", dictOf(integer, false), []string{"a:1,b:x", "a:1,b:2,3", "a:", "a: 1"}},
		{"dict of quoted", dictOf(optdata.Type{Class: "String", Quotes: true}, false), []string{"a:'x,y'", "a:'x", "a:'x,y',b:z"}},
		{"ipaddress", ip, ipValues},
		{"ipv4", optdata.Type{Class: "IPAddress", IPVersion: 4}, ipValues},
		{"ipv6", optdata.Type{Class: "IPAddress", IPVersion: 6}, ipValues},
		{"hostname", spec("Hostname"), hostValues},
		{"hostaddress", spec("HostAddress"), hostValues},
		{"hostaddress v4", optdata.Type{Class: "HostAddress", IPVersion: 4}, []string{"1.2.3.4", "::1", "host", "1.2.3.256"}},
		{"hostdomain", spec("HostDomain"), hostValues},
		{"uri", uri, uriValues},
		{"uri http(s)", web, uriValues},
		{"uri max 20", short, []string{"http://a.b/c", "http://controller:5000/v3", "http://aaaaaaaaaaaa.bc"}},
		{"uri max 0", zero, []string{"http://a", ""}},
		{"range", spec("Range"), []string{"1-5", "5-1", "0", "-1", "1-", "01", "-0", "1-5\n", "-5--1", "a", ""}},
		{"range 0..10", withBounds(spec("Range"), "0", "10"), []string{"1-5", "5-11", "-1-3", "10-0", "11"}},
		{"range exclusive", optdata.Type{Class: "Range", Exclusive: true}, []string{"1-5", "3"}},
		{"builtin int", spec("builtin:int"), []string{"", " 5 ", "x", "1_0", "\x1c"}},
		{"builtin float", spec("builtin:float"), []string{"", "1.5", "nan", "x"}},
		{"builtin str", spec("builtin:str"), []string{"", "x"}},
		{"builtin bool", spec("builtin:bool"), []string{"", "false"}},
	}
}

// dataCases are, for every distinct type in the embedded data of every
// Heat version, its options' defaults and a set of probes.
func dataCases(t *testing.T) []typeCase {
	probes := []string{"", " ", "abc", "0", "1", "-1", "65536", "true", "yes", "1.5", "3.70", "2.1\n", "a,b", "k:v",
		"http://controller:5000/v3", "ftp://h", "1.2.3.4", "::1", "controller", "http://h:80,http://h2", "None"}
	byType := map[string]*typeCase{}
	versions := staticdata.Versions()
	if len(versions) == 0 {
		t.Fatal("no embedded option data")
	}
	for _, v := range versions {
		f := staticdata.Lookup(v)
		visit := func(o *optdata.Opt) {
			b, _ := json.Marshal(o.Type)
			key := string(b)
			c := byType[key]
			if c == nil {
				c = &typeCase{name: "data " + o.Type.Class, t: o.Type, values: append([]string(nil), probes...)}
				byType[key] = c
			}
			for _, d := range o.Text {
				if !slices.Contains(c.values, d) {
					c.values = append(c.values, d)
				}
			}
		}
		for _, g := range append(f.Groups, f.Dynamic...) {
			for _, o := range g.Opts {
				visit(o)
			}
		}
		for _, p := range f.Plugins {
			for _, o := range p.Opts {
				visit(o)
			}
		}
	}
	keys := make([]string, 0, len(byType))
	for k := range byType {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []typeCase
	for _, k := range keys {
		out = append(out, *byType[k])
	}
	return out
}

type pyCase struct {
	Type  optdata.Type `json:"type"`
	Value string       `json:"value"`
}

type pyResult struct {
	OK        bool   `json:"ok"`
	Error     string `json:"error"`
	Exception string `json:"exception"`
}

// TestValidateAgainstOslo is the differential test: every case is checked by
// Type.Validate and by the real oslo_config.types class (Debian's
// python3-oslo.config), in one Python process; they must agree on accept or
// reject for every case.
func TestValidateAgainstOslo(t *testing.T) {
	testenv.Oracle(t, "python3 with oslo_config.types")
	py := testenv.Python(t, []string{"oslo_config.types", "rfc3986", "netaddr"}, "python3-oslo.config")
	all := append(handCases(), dataCases(t)...)
	var cases []pyCase
	var names []string
	for _, c := range all {
		for _, v := range c.values {
			cases = append(cases, pyCase{c.t, v})
			names = append(names, c.name)
		}
	}
	in, err := json.Marshal(cases)
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(py, "testdata/oslo_types.py")
	cmd.Env = testenv.Env()
	cmd.Stdin = bytes.NewReader(in)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("oslo_types.py: %v\n%s", err, stderr.String())
	}
	var results []pyResult
	if err := json.Unmarshal(out, &results); err != nil {
		t.Fatalf("oslo_types.py output: %v", err)
	}
	if len(results) != len(cases) {
		t.Fatalf("%d results for %d cases", len(results), len(cases))
	}
	agree, accepted := 0, 0
	for i, c := range cases {
		typ, err := New(&c.Type)
		if err != nil {
			t.Fatalf("%s: %v", names[i], err)
		}
		goErr := typ.Validate(c.Value)
		py := results[i]
		if (goErr == nil) != py.OK {
			t.Errorf("%s %q: oslo.config ok=%v (%s %s), heatconf error %v", names[i], c.Value, py.OK, py.Exception, py.Error, goErr)
			continue
		}
		if py.Exception != "" && py.Exception != "ValueError" {
			t.Logf("%s %q: oslo.config raised %s: %s", names[i], c.Value, py.Exception, py.Error)
		}
		agree++
		if py.OK {
			accepted++
		}
	}
	if len(cases) < 200 {
		t.Errorf("only %d cases; want at least 200", len(cases))
	}
	t.Logf("%d cases (%d hand-written types, %d types from the data): %d agree, %d accepted by both", len(cases),
		len(handCases()), len(all)-len(handCases()), agree, accepted)
}

// TestValidateMessages pins a few messages to oslo.config's wording.
func TestValidateMessages(t *testing.T) {
	tests := []struct {
		t     optdata.Type
		value string
		want  string
	}{
		{spec("Boolean"), "maybe", "Unexpected boolean value 'maybe'"},
		{spec("Integer"), "abc", "invalid literal for int() with base 10: 'abc'"},
		{withBounds(spec("Integer"), "1", ""), "0", "Should be greater than or equal to 1"},
		{withBounds(spec("Port"), "", ""), "70000", "Should be less than or equal to 65535"},
		{withChoices(spec("String"), `"a"`, `"b"`), "c", "Valid values are [a, b], but found 'c'"},
		{spec("Float"), "x", "could not convert string to float: 'x'"},
		{spec("IPAddress"), "1.2.3", "1.2.3 is not IPv4 or IPv6 address"},
		{optdata.Type{Class: "URI", Schemes: []string{"http", "https"}}, "ftp://h", "'ftp' was not in {'http', 'https'}"},
		{spec("URI"), "controller:5000", "host was required but missing"},
	}
	for _, tt := range tests {
		typ, err := New(&tt.t)
		if err != nil {
			t.Fatal(err)
		}
		err = typ.Validate(tt.value)
		if err == nil || err.Error() != tt.want {
			t.Errorf("%s %q: got %v, want %q", tt.t.Class, tt.value, err, tt.want)
		}
	}
}

func TestTranslatePyRegex(t *testing.T) {
	tests := []struct {
		in   string
		want string
		err  bool
	}{
		{`^3\.\d+$`, `^3\.\p{Nd}+(?:\n?\z)`, false},
		{`[\d.]+`, `[\p{Nd}.]+`, false},
		{`[$]`, `[$]`, false},
		{`a(?=b)`, "", true},
		{`(a)\1`, "", true},
		{`\w\s`, `[\p{L}\p{N}_][` + pySpaceClass + `]`, false},
	}
	for _, tt := range tests {
		got, err := translatePyRegex(tt.in, 0)
		if (err != nil) != tt.err || got != tt.want {
			t.Errorf("%q: got %q, %v; want %q (error %v)", tt.in, got, err, tt.want, tt.err)
		}
	}
}

func TestPyDecimalRuns(t *testing.T) {
	// pyDecimal relies on every Nd range being runs of ten digits from zero
	for _, rg := range unicode.Nd.R16 {
		if rg.Stride != 1 || (rg.Hi-rg.Lo+1)%10 != 0 {
			t.Errorf("Nd range %U-%U is not runs of ten", rg.Lo, rg.Hi)
		}
	}
	for _, rg := range unicode.Nd.R32 {
		if rg.Stride != 1 || (rg.Hi-rg.Lo+1)%10 != 0 {
			t.Errorf("Nd range %U-%U is not runs of ten", rg.Lo, rg.Hi)
		}
	}
	if d := pyDecimal('٣'); d != 3 {
		t.Errorf("pyDecimal(٣) = %d", d)
	}
}

// TestChoiceValue checks the fast path for plain strings against
// encoding/json.
func TestChoiceValue(t *testing.T) {
	for _, raw := range []string{`"abc"`, `""`, `"a\"b"`, `"a\\b"`, `"\u00e9t\u00e9"`, `"été"`, `1`, `-2.5`, `true`, `null`, `"a b"`} {
		got, err := choiceValue(json.RawMessage(raw))
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		var want any
		d := json.NewDecoder(strings.NewReader(raw))
		d.UseNumber()
		if err := d.Decode(&want); err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("%s: got %#v, want %#v", raw, got, want)
		}
	}
	if _, err := choiceValue(json.RawMessage(`"unterminated`)); err == nil {
		t.Error("a broken value decoded")
	}
}
