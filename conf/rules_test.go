package conf

import "testing"

func TestParseBool(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want, ok bool
	}{
		{"true", "true", true, true},
		{"yes", "yes", true, true},
		{"on", "on", true, true},
		{"one", "1", true, true},
		{"false", "false", false, true},
		{"no", "no", false, true},
		{"off", "off", false, true},
		{"zero", "0", false, true},
		{"upper case is lower-cased", "TRUE", true, true},
		{"mixed case", "On", true, true},
		{"upper NO", "NO", false, true},
		{"leading space is not stripped", " true", false, false},
		{"trailing space is not stripped", "true ", false, false},
		{"y is not a boolean", "y", false, false},
		{"t is not a boolean", "t", false, false},
		{"empty", "", false, false},
		{"two", "2", false, false},
		{"01", "01", false, false},
		// Python's lower() leaves U+017F (long s) alone: "yeſ" is not
		// "yes", though Go's EqualFold says it is
		{"long s is not s", "ye\u017f", false, false},
		// U+212A (Kelvin sign) lower-cases to k in Python and Go alike
		{"no k in the words", "o\u212a", false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := ParseBool(tc.in)
			if got != tc.want || ok != tc.ok {
				t.Errorf("ParseBool(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
			}
		})
	}
}

func TestNormalizeGroup(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"DEFAULT stays", "DEFAULT", "DEFAULT"},
		{"default is another group", "default", "default"},
		{"Default is lower-cased, not DEFAULT", "Default", "default"},
		{"not stripped", " DEFAULT ", " default "},
		{"lower-cased", "Database", "database"},
		{"upper case", "KEYSTONE_AUTHTOKEN", "keystone_authtoken"},
		{"dotted I lower-cases to two code points", "CL\u0130ENTS", "cli\u0307ents"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NormalizeGroup(tc.in); got != tc.want {
				t.Errorf("NormalizeGroup(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestSameGroup(t *testing.T) {
	for _, tc := range []struct {
		name, a, b string
		want       bool
	}{
		{"same", "database", "database", true},
		{"case", "Database", "database", true},
		{"both upper", "DATABASE", "Database", true},
		{"DEFAULT exactly", "DEFAULT", "DEFAULT", true},
		{"default is not DEFAULT", "default", "DEFAULT", false},
		{"Default is not DEFAULT", "DEFAULT", "Default", false},
		{"default and Default are one", "default", "Default", true},
		{"spaces count", " database", "database", false},
		{"dotted I is not i", "CL\u0130ENTS", "clients", false},
		{"long s is not s", "\u017fql", "sql", false},
		{"Kelvin sign is k", "\u212aeystone", "keystone", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := SameGroup(tc.a, tc.b); got != tc.want {
				t.Errorf("SameGroup(%q, %q) = %v, want %v", tc.a, tc.b, got, tc.want)
			}
		})
	}
}

// TestParseURL pins conf's face of internal/netloc (tested there in
// full) on a transport_url as heat.conf holds it: the spans are offsets
// into the raw value, which ValueOffsetPos turns into a position.
func TestParseURL(t *testing.T) {
	f, err := Parse("heat.conf", []byte("[DEFAULT]\ntransport_url = rabbit://openstack:p@$$ss@ctl1:5672,openstack:p%40ss@ctl2/\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := f.Sections[0].Entries[0]
	u, ok := ParseURL(e.Value)
	if !ok || len(u.Hosts) != 2 {
		t.Fatalf("ParseURL(%q) = %+v, %v", e.Value, u, ok)
	}
	pw := u.Hosts[0].Password
	if raw := pw.Text(e.Value); raw != "p@$$ss" {
		t.Errorf("raw password %q", raw)
	}
	if v, _ := Unescape(pw.Text(e.Value)); v != "p@$ss" {
		t.Errorf("password %q", v)
	}
	if got := URLUnquote(u.Hosts[1].Password.Text(e.Value)); got != "p@ss" {
		t.Errorf("unquoted password %q", got)
	}
	if p := e.ValueOffsetPos(pw.Start, pw.Len()); p.Line != 2 || p.Col != 36 || p.Len != 6 {
		t.Errorf("password at %d:%d (len %d), want 2:36 (len 6)", p.Line, p.Col, p.Len)
	}
	if hs := ParseHosts("ctl1:5672, ctl2"); len(hs) != 2 || hs[1].Name.Text("ctl1:5672, ctl2") != " ctl2" {
		t.Errorf("ParseHosts: %+v", hs)
	}
}
