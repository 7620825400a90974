package netloc

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// describe writes the hosts of a parsed text as "u=USER p=PASSWORD h=HOST
// port=PORT", leaving out the absent parts: the form the tables below
// (checked against CPython's urlsplit with oslo.messaging's and
// oslo.utils' host reading) expect.
func describe(text string, hs []Host) []string {
	var out []string
	for _, h := range hs {
		var parts []string
		for _, p := range []struct {
			name string
			s    Span
		}{{"u", h.User}, {"p", h.Password}, {"h", h.Name}, {"port", h.Port}} {
			if p.s.Present() {
				parts = append(parts, p.name+"="+p.s.Text(text))
			}
		}
		out = append(out, strings.Join(parts, " "))
	}
	return out
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string // nil: not a URL with a network location
	}{
		{"one host", "rabbit://openstack:RABBIT_PASS@controller", []string{"u=openstack p=RABBIT_PASS h=controller"}},
		{"port and vhost", "rabbit://u:p@h:5672/vhost", []string{"u=u p=p h=h port=5672"}},
		{"several hosts", "rabbit://u:p@h1:5672,v:q@h2:5673/", []string{"u=u p=p h=h1 port=5672", "u=v p=q h=h2 port=5673"}},
		{"@ in the password: the last @ ends it", "rabbit://u:p@ss@h/", []string{"u=u p=p@ss h=h"}},
		{": in the password: the first : ends the user", "rabbit://u:p:w@h/", []string{"u=u p=p:w h=h"}},
		{"/ ends the network location", "rabbit://u:pa/ss@h/", []string{"h=u port=pa"}},
		{"? ends the network location", "rabbit://u:pa?ss@h", []string{"h=u port=pa"}},
		{"# ends the network location", "rabbit://u:pa#ss@h", []string{"h=u port=pa"}},
		{"@ after the network location is not userinfo", "http://h/path@x", []string{"h=h"}},
		{", splits hosts even in a password", "rabbit://u:pa,ss@h", []string{"h=u port=pa", "u=ss h=h"}},
		{"no password", "rabbit://u@h", []string{"u=u h=h"}},
		{"empty password", "rabbit://u:@h", []string{"u=u p= h=h"}},
		{"empty user", "rabbit://:p@h", []string{"u= p=p h=h"}},
		{"percent-encoded stays encoded", "rabbit://u:p%40ss@h", []string{"u=u p=p%40ss h=h"}},
		{"hosts without credentials", "rabbit://h1,h2:5672", []string{"h=h1", "h=h2 port=5672"}},
		{"empty entries are skipped", "rabbit://,u:p@h,,", []string{"u=u p=p h=h"}},
		{"bracketed IPv6", "rabbit://u:p@[fd00::1]:5672/", []string{"u=u p=p h=fd00::1 port=5672"}},
		{"bracketed IPv6 without port", "rabbit://[::1]", []string{"h=::1"}},
		{"text after ] is no port", "rabbit://[::1]x", []string{"h=::1"}},
		{"the port ends at a second :", "rabbit://[::1]:80:90", []string{"h=::1 port=80"}},
		{"IPv6 without brackets has no port", "rabbit://fd00::1:5672", []string{"h=fd00::1:5672"}},
		{"two colons: no port", "rabbit://h:1:2", []string{"h=h:1:2"}},
		{"empty port", "rabbit://h:", []string{"h=h port="}},
		{"no host", "rabbit://u:p@", []string{"u=u p=p"}},
		{"only a port", "rabbit://:5672", []string{"h= port=5672"}},
		{"unbalanced bracket", "rabbit://[::1", []string{""}},
		{"database URL", "mysql+pymysql://heat:HEAT_DBPASS@controller/heat?charset=utf8", []string{"u=heat p=HEAT_DBPASS h=controller"}},
		{"scheme of any case", "RaBBit://u:p@h", []string{"u=u p=p h=h"}},
		{"leading controls and spaces skipped", " \x01rabbit://u:p@h", []string{"u=u p=p h=h"}},
		{"tab and newline removed", "rab\tbit://u:p\n@h,\n v:q@h2", []string{"u=u p=p h=h", "u= v p=q h=h2"}},
		{"default only", "rabbit://", []string{}},
		{"no scheme", "//u:p@h", nil},
		{"no //", "rabbit:u:p@h", nil},
		{"bad scheme", "1abc://u:p@h", nil},
		{"scheme char", "ra_bbit://u:p@h", nil},
		{"a path", "/etc/heat", nil},
		{"plain value", "controller:5672", nil},
		{"empty", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, ok := Parse(tc.in)
			if ok != (tc.want != nil) {
				t.Fatalf("Parse(%q) ok = %v, want %v", tc.in, ok, tc.want != nil)
			}
			if !ok {
				return
			}
			got := describe(tc.in, u.Hosts)
			if strings.Join(got, " | ") != strings.Join(tc.want, " | ") || len(got) != len(tc.want) {
				t.Errorf("Parse(%q) hosts\n got %q\nwant %q", tc.in, got, tc.want)
			}
			checkSpans(t, tc.in, u)
		})
	}
}

// TestParseOffsets: the spans point at the bytes of the value, so a
// finding's column and a mask fall exactly on the password.
func TestParseOffsets(t *testing.T) {
	v := "rabbit://u:p@ss@h1:5672,heat:S3CR3T@h2/v"
	u, ok := Parse(v)
	if !ok || len(u.Hosts) != 2 {
		t.Fatalf("Parse(%q) = %+v, %v", v, u, ok)
	}
	for _, c := range []struct {
		name string
		s    Span
		want string
	}{
		{"scheme", u.Scheme, "rabbit"},
		{"netloc", u.Netloc, "u:p@ss@h1:5672,heat:S3CR3T@h2"},
		{"first password", u.Hosts[0].Password, "p@ss"},
		{"second user", u.Hosts[1].User, "heat"},
		{"second password", u.Hosts[1].Password, "S3CR3T"},
		{"second host", u.Hosts[1].Name, "h2"},
		{"second entry", u.Hosts[1].Entry, "heat:S3CR3T@h2"},
	} {
		if got := v[c.s.Start:c.s.End]; got != c.want {
			t.Errorf("%s: [%d,%d) = %q, want %q", c.name, c.s.Start, c.s.End, got, c.want)
		}
	}
	if i := strings.Index(v, "S3CR3T"); u.Hosts[1].Password.Start != i {
		t.Errorf("password at %d, want %d", u.Hosts[1].Password.Start, i)
	}
	// removed bytes: the span still covers the raw text
	v = "rabbit://u:p\nw@h"
	u, _ = Parse(v)
	if p := u.Hosts[0].Password; v[p.Start:p.End] != "p\nw" || p.Text(v) != "pw" {
		t.Errorf("password across a newline: raw %q, text %q", v[p.Start:p.End], p.Text(v))
	}
}

func TestHosts(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string
	}{
		{"rabbit_hosts", "h1:5672,h2", []string{"h=h1 port=5672", "h=h2"}},
		{"list item spaces stay", "h1, h2", []string{"h=h1", "h= h2"}},
		{"IPv6", "[fd00::1]:5672,fd00::2", []string{"h=fd00::1 port=5672", "h=fd00::2"}},
		{"credentials", "u:p@h", []string{"u=u p=p h=h"}},
		{"empty", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := describe(tc.in, Hosts(tc.in))
			if strings.Join(got, " | ") != strings.Join(tc.want, " | ") || len(got) != len(tc.want) {
				t.Errorf("Hosts(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestFind(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		want     []string // the passwords found
	}{
		{"a sentence", "cannot reach mysql+pymysql://heat:s3cret@db/heat now", []string{"s3cret"}},
		{"two URLs", "foo http://u:p@h/ and ftp://a:b@c", []string{"p", "b"}},
		{"white space ends the network location", "rabbit://u:p@h then x:y@z", []string{"p"}},
		{"several hosts", "rabbit://u:p@h1,v:q@h2/", []string{"p", "q"}},
		{"@ in the password", `"rabbit://u:p@ss@h"`, []string{"p@ss"}},
		{"no scheme before ://", "://u:p@h", []string{"p"}},
		{"quoted", `url "http://u:p@h"`, []string{"p"}},
		{"no credentials", "see http://h/path@x", nil},
		{"nothing", "plain text, user:pw@host", nil},
		{"empty network location", ":// ://", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, u := range Find(tc.in) {
				checkSpans(t, tc.in, u)
				for _, h := range u.Hosts {
					if h.Password.Present() {
						got = append(got, h.Password.Text(tc.in))
					}
				}
			}
			if strings.Join(got, " | ") != strings.Join(tc.want, " | ") {
				t.Errorf("Find(%q) passwords %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestUnquote(t *testing.T) {
	// CPython 3.11's urllib.parse.unquote
	for _, tc := range []struct{ name, in, want string }{
		{"plain", "heat", "heat"},
		{"encoded @", "p%40ss", "p@ss"},
		{"lower-case hex", "%2f%2F", "//"},
		{"bad escape stays", "p%zz%41", "p%zzA"},
		{"percent at the end", "50%", "50%"},
		{"double percent", "%%41", "%A"},
		{"plus is not a space", "a+b", "a+b"},
		{"UTF-8", "%C3%A9t%C3%A9", "été"},
		{"truncated sequence is one U+FFFD", "%e2%82", "\ufffd"},
		{"truncated then ASCII", "%e2%82A", "\ufffdA"},
		{"surrogate is three", "%ed%a0%80", "\ufffd\ufffd\ufffd"},
		{"lone continuation", "%80x", "\ufffdx"},
		{"overlong", "%c0%af", "\ufffd\ufffd"},
		{"non-ASCII text splits the runs", "%C3é%A9", "\ufffdé\ufffd"},
		{"non-ASCII kept", "pässword%21", "pässword!"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Unquote(tc.in); got != tc.want {
				t.Errorf("Unquote(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

// checkSpans: every present span lies inside the text, in order, and the
// parts of a host are inside its entry.
func checkSpans(t *testing.T, text string, u URL) {
	t.Helper()
	in := func(s Span, outer Span) bool {
		return !s.Present() || (s.Start >= outer.Start && s.Start <= s.End && s.End <= outer.End)
	}
	all := Span{0, len(text)}
	if !in(u.Scheme, all) || !in(u.Netloc, all) {
		t.Fatalf("%q: scheme %v or netloc %v outside the text", text, u.Scheme, u.Netloc)
	}
	for _, h := range u.Hosts {
		if !h.Entry.Present() || !in(h.Entry, u.Netloc) {
			t.Fatalf("%q: entry %v outside netloc %v", text, h.Entry, u.Netloc)
		}
		for _, s := range []Span{h.User, h.Password, h.Name, h.Port} {
			if !in(s, h.Entry) {
				t.Fatalf("%q: part %v outside entry %v", text, s, h.Entry)
			}
		}
		if h.User.Present() && h.Password.Present() && h.User.End >= h.Password.Start {
			t.Fatalf("%q: user %v does not end before password %v", text, h.User, h.Password)
		}
	}
}

// FuzzParse checks, for any text, that Parse and Find never panic, that
// every span lies inside the text and inside its host's entry, that a
// host's entry holds no ',' and its user no ':', that a password runs to
// the entry's last '@', and that Unquote returns valid UTF-8 and changes
// nothing without a '%'.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"rabbit://u:p@h:5672,v:q@h2/vh", "rabbit://u:p@ss@h", "mysql+pymysql://heat:pw@db/heat?x=1",
		"rabbit://[fd00::1]:5672", "rabbit://[::1", "a\tb://u:p\n@h", "see http://u:p@h/ and ftp://a:b@c", "://",
		"p%e2%82%zz",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		var urls []URL
		if u, ok := Parse(text); ok {
			urls = append(urls, u)
		}
		urls = append(urls, Find(text)...)
		for _, u := range urls {
			checkSpans(t, text, u)
			for _, h := range u.Hosts {
				entry := text[h.Entry.Start:h.Entry.End]
				if strings.Contains(entry, ",") {
					t.Fatalf("%q: entry %q holds a ','", text, entry)
				}
				if h.User.Present() && strings.Contains(h.User.Text(text), ":") {
					t.Fatalf("%q: user %q holds a ':'", text, h.User.Text(text))
				}
				if h.Password.Present() {
					rest := removeUnsafe(text[h.Password.End:h.Entry.End])
					if !strings.HasPrefix(rest, "@") || strings.Contains(rest[1:], "@") {
						t.Fatalf("%q: the password %q does not run to the last '@' of %q", text, h.Password.Text(text), entry)
					}
				}
			}
		}
		uq := Unquote(text)
		if !strings.Contains(text, "%") && uq != text {
			t.Fatalf("Unquote(%q) = %q without a '%%'", text, uq)
		}
		if utf8.ValidString(text) && !utf8.ValidString(uq) {
			t.Fatalf("Unquote(%q) = %q is not valid UTF-8", text, uq)
		}
	})
}
