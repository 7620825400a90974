package pystr

import "testing"

// The expected values below are CPython 3.11's answers. conf's
// TestOsloPyStr (conf/oslo_test.go) compares IsSpace and Lower with the
// CPython on the machine over every code point when Python and oslo.config
// are installed; these tables keep the package tested where it lives
// without them.

func TestIsSpace(t *testing.T) {
	for _, c := range []struct {
		r    rune
		want bool
	}{
		{' ', true}, {'\t', true}, {'\r', true}, {0x1c, true}, {0x1f, true}, {0x85, true}, {0xa0, true},
		{0x1680, true}, {0x2000, true}, {0x200a, true}, {0x2028, true}, {0x202f, true}, {0x205f, true}, {0x3000, true},
		{0x200b, false}, {0xfeff, false}, {0x180e, false}, {'a', false}, {0x1b, false},
	} {
		if got := IsSpace(c.r); got != c.want {
			t.Errorf("IsSpace(%U) = %v, want %v", c.r, got, c.want)
		}
	}
}

func TestStrip(t *testing.T) {
	for _, c := range []struct{ in, strip, lstrip, rstrip string }{
		{"", "", "", ""},
		{"  a  ", "a", "a  ", "  a"},
		{"\x1c a \x1f", "a", "a \x1f", "\x1c a"}, // information separators are space to Python, not to Go
		{"\u00a0x\u3000", "x", "x\u3000", "\u00a0x"},
		{"\u200bx\u200b", "\u200bx\u200b", "\u200bx\u200b", "\u200bx\u200b"}, // zero width space is not
		{"\u0085y\u2028", "y", "y\u2028", "\u0085y"},
		{"a b", "a b", "a b", "a b"},
		{"\tTab\n", "Tab", "Tab\n", "\tTab"},
		{"\ufeffx", "\ufeffx", "\ufeffx", "\ufeffx"}, // a BOM stays
	} {
		if got := Strip(c.in); got != c.strip {
			t.Errorf("Strip(%q) = %q, want %q", c.in, got, c.strip)
		}
		if got := LStrip(c.in); got != c.lstrip {
			t.Errorf("LStrip(%q) = %q, want %q", c.in, got, c.lstrip)
		}
		if got := RStrip(c.in); got != c.rstrip {
			t.Errorf("RStrip(%q) = %q, want %q", c.in, got, c.rstrip)
		}
	}
}

func TestLower(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"DEFAULT", "default"},
		{"Database", "database"},
		{"already", "already"},
		{"K", "k"},
		{"CL\u0130ENTS", "cli\u0307ents"}, // İ lower-cases to two code points
		{"\u039f\u0394\u039f\u03a3", "\u03bf\u03b4\u03bf\u03c2"}, // final sigma
		{"\u03a3\u0391", "\u03c3\u03b1"},                         // not final: nothing cased before it
		{"\u03a3", "\u03c3"},
		{"a\u03a3", "a\u03c2"},
		{"a\u03a3b", "a\u03c3b"}, // a cased letter follows
		{"a\u03a3.", "a\u03c2."}, // '.' is case-ignorable, then the end
		{"a'\u03a3", "a'\u03c2"}, // the apostrophe before is skipped
		{"\u01c5", "\u01c6"},     // title-case digraph
		{"\u00c0\u00c9\u00ce", "\u00e0\u00e9\u00ee"},
	} {
		if got := Lower(c.in); got != c.want {
			t.Errorf("Lower(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestCaseProperties(t *testing.T) {
	for _, c := range []struct {
		r                rune
		cased, ignorable bool
	}{
		{'a', true, false}, {'A', true, false}, {0x01c5, true, false}, {'1', false, false},
		{'\'', false, true}, {'.', false, true}, {':', false, true}, {0x2019, false, true},
		{0x0301, false, true}, // combining acute (Mn)
		{0x02b0, true, true},  // modifier letter small h: Lm and Other_Lowercase
		{' ', false, false},
	} {
		if got := IsCased(c.r); got != c.cased {
			t.Errorf("IsCased(%U) = %v, want %v", c.r, got, c.cased)
		}
		if got := IsCaseIgnorable(c.r); got != c.ignorable {
			t.Errorf("IsCaseIgnorable(%U) = %v, want %v", c.r, got, c.ignorable)
		}
	}
}

func TestInvalidUTF8(t *testing.T) {
	tests := []struct {
		name   string
		in     string
		n      int
		reason string
	}{
		{"lone continuation", "\x80abc", 1, "invalid start byte"},
		{"overlong lead", "\xc0\xaf", 1, "invalid start byte"},
		{"bad second byte", "\xe2(\xa1", 1, "invalid continuation byte"},
		{"bad third byte", "\xe2\x82(", 2, "invalid continuation byte"},
		{"surrogate", "\xed\xa0\x80", 1, "invalid continuation byte"},
		{"above U+10FFFF", "\xf4\x90\x80\x80", 1, "invalid continuation byte"},
		{"cut at the end", "\xf0\x9f\x98", 3, "unexpected end of data"},
		{"lead alone at the end", "\xe2", 1, "unexpected end of data"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, reason := InvalidUTF8([]byte(tt.in))
			if n != tt.n || reason != tt.reason {
				t.Errorf("got %d %q, want %d %q", n, reason, tt.n, tt.reason)
			}
		})
	}
}
