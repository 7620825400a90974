package netloc

import (
	"strings"
	"unicode/utf8"

	"github.com/heatconf/heatconf/internal/pystr"
)

// Unquote is Python's urllib.parse.unquote, with which oslo.messaging
// decodes a URL's user and password: every "%XX" of two hex digits is a
// byte, any other '%' stays; each run of ASCII text is decoded as UTF-8 on
// its own, an invalid sequence becoming one U+FFFD per maximal invalid
// part, as CPython's decoder with errors="replace" does.
func Unquote(s string) string {
	if strings.IndexByte(s, '%') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		j := i
		for j < len(s) && s[j] < utf8.RuneSelf {
			j++
		}
		if j > i {
			writeReplaced(&b, unquoteBytes(s[i:j]))
			i = j
			continue
		}
		for j < len(s) && s[j] >= utf8.RuneSelf {
			j++
		}
		b.WriteString(s[i:j]) // non-ASCII text is kept as it is
		i = j
	}
	return b.String()
}

// unquoteBytes is urllib.parse.unquote_to_bytes of ASCII text.
func unquoteBytes(s string) []byte {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			out = append(out, unhex(s[i+1])<<4|unhex(s[i+2]))
			i += 2
			continue
		}
		out = append(out, s[i])
	}
	return out
}

// writeReplaced writes p decoded as UTF-8, each maximal invalid part as
// one U+FFFD.
func writeReplaced(b *strings.Builder, p []byte) {
	for len(p) > 0 {
		r, n := utf8.DecodeRune(p)
		if r != utf8.RuneError || n > 1 {
			b.Write(p[:n])
			p = p[n:]
			continue
		}
		b.WriteRune(utf8.RuneError)
		n, _ = pystr.InvalidUTF8(p)
		p = p[n:]
	}
}

func isHex(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F' }

func unhex(c byte) byte {
	switch {
	case c >= 'a':
		return c - 'a' + 10
	case c >= 'A':
		return c - 'A' + 10
	}
	return c - '0'
}
