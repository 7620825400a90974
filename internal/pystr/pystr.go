// Package pystr is heatconf's one home for the Python str semantics that
// oslo.config relies on (str.strip, str.lower, str.isspace); the rules
// built on them, such as group-name normalisation and booleans, live in
// conf. conf, schema, internal/secret and internal/netloc use it;
// Go's strings.TrimSpace and strings.ToLower differ from Python on a
// handful of code points (U+001C..U+001F are space, İ lower-cases to
// "i̇", a final Σ to ς). pystr_test.go pins CPython's answers in tables;
// conf's TestOsloPyStr (conf/oslo_test.go, through conf's aliases of these
// functions) compares them with the local CPython over every code point
// when Python and oslo.config are installed.
package pystr

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// This file mirrors the few Python str operations oslo.config's parser
// relies on. Go's strings.TrimSpace and strings.ToLower differ from Python's
// str.strip and str.lower on a handful of code points; the differential test
// (oslo_test.go) compares these helpers with Python over every code point.

// IsSpace reports whether r is whitespace for Python's str.strip,
// str.rstrip and str.lstrip (str.isspace): Unicode White_Space plus the
// information separators U+001C..U+001F, which Go's unicode.IsSpace lacks.
func IsSpace(r rune) bool {
	switch {
	case r == ' ' || (r >= '\t' && r <= '\r') || (r >= 0x1c && r <= 0x1f):
		return true
	case r < 0x85:
		return false
	case r == 0x85 || r == 0xa0 || r == 0x1680 || (r >= 0x2000 && r <= 0x200a) ||
		r == 0x2028 || r == 0x2029 || r == 0x202f || r == 0x205f || r == 0x3000:
		return true
	}
	return false
}

// RStrip is Python's s.rstrip().
func RStrip(s string) string { return strings.TrimRightFunc(s, IsSpace) }

// LStrip is Python's s.lstrip().
func LStrip(s string) string { return strings.TrimLeftFunc(s, IsSpace) }

// Strip is Python's s.strip().
func Strip(s string) string { return strings.TrimFunc(s, IsSpace) }

// Lower is Python's s.lower(): Go's simple lower-case mapping plus the
// full mapping of U+0130 (İ → "i̇") and the Final_Sigma rule for U+03A3.
func Lower(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= utf8.RuneSelf {
			ascii = false
			break
		} else if 'A' <= c && c <= 'Z' {
			ascii = false
			break
		}
	}
	if ascii {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i, r := range s {
		switch r {
		case 0x130:
			b.WriteString("i\u0307")
		case 0x3a3:
			if finalSigma(s, i) {
				b.WriteRune(0x3c2)
			} else {
				b.WriteRune(0x3c3)
			}
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// finalSigma reports whether the capital sigma at byte i of s is in the
// Final_Sigma context: preceded by a cased letter and not followed by one,
// skipping case-ignorable characters both ways (CPython's
// handle_capital_sigma).
func finalSigma(s string, i int) bool {
	before := s[:i]
	cased := false
	for len(before) > 0 {
		r, n := utf8.DecodeLastRuneInString(before)
		before = before[:len(before)-n]
		if !IsCaseIgnorable(r) {
			cased = IsCased(r)
			break
		}
	}
	if !cased {
		return false
	}
	after := s[i+utf8.RuneLen(0x3a3):]
	for _, r := range after {
		if !IsCaseIgnorable(r) {
			return !IsCased(r)
		}
	}
	return true
}

// IsCased is Unicode's Cased property.
func IsCased(r rune) bool {
	return unicode.In(r, unicode.Lu, unicode.Ll, unicode.Lt, unicode.Other_Lowercase, unicode.Other_Uppercase)
}

// IsCaseIgnorable is Unicode's Case_Ignorable property: Mn, Me, Cf, Lm, Sk
// and the Word_Break classes MidLetter, MidNumLet and Single_Quote.
func IsCaseIgnorable(r rune) bool {
	switch r {
	case '\'', '.', ':', 0xb7, 0x387, 0x55f, 0x5f4, 0x2018, 0x2019, 0x2024, 0x2027,
		0xfe13, 0xfe52, 0xfe55, 0xff07, 0xff0e, 0xff1a:
		return true
	}
	return unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf, unicode.Lm, unicode.Sk)
}

// InvalidUTF8 describes the invalid UTF-8 sequence at the start of p as
// CPython's decoder does: its length (Unicode's "maximal subpart": the lead
// byte and the continuation bytes that could still have begun a valid
// character, which errors='replace' turns into one U+FFFD) and the reason
// a strict decode gives ("invalid start byte", "invalid continuation
// byte", "unexpected end of data"). p must not start with a valid
// character.
func InvalidUTF8(p []byte) (n int, reason string) {
	need, lo, hi := 0, byte(0x80), byte(0xbf)
	switch c := p[0]; {
	case c >= 0xc2 && c <= 0xdf:
		need = 1
	case c == 0xe0:
		need, lo = 2, 0xa0
	case c == 0xed:
		need, hi = 2, 0x9f
	case c >= 0xe1 && c <= 0xef:
		need = 2
	case c == 0xf0:
		need, lo = 3, 0x90
	case c == 0xf4:
		need, hi = 3, 0x8f
	case c >= 0xf1 && c <= 0xf3:
		need = 3
	default:
		return 1, "invalid start byte"
	}
	for k := 1; k <= need; k++ {
		if k >= len(p) {
			return k, "unexpected end of data"
		}
		if p[k] < lo || p[k] > hi {
			return k, "invalid continuation byte"
		}
		lo, hi = 0x80, 0xbf
	}
	return need + 1, "" // not reached for an invalid sequence
}
