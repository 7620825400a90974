package render

import (
	"fmt"
	"unicode/utf8"

	"github.com/heatconf/heatconf/conf"
	"github.com/heatconf/heatconf/internal/escape"
)

// INIValue is render's escaper for heat.conf values; the escapers of the
// other targets (URL, SQL, shell, JSON) live in internal/escape.

// INIValue writes s so that oslo.config reads back exactly s: conf.FormatValue
// does the oslo.config part (`$` escaped, quotes where oslo.config would strip
// white space or a pair of quotes; there are no inline comments, so `#` and
// `;` stay). A newline, carriage return or other control character is an
// error: heatconf writes one line per option. So is invalid UTF-8, which
// oslo.config cannot decode.
func INIValue(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("a heat.conf value must be valid UTF-8")
	}
	for _, r := range s {
		if r == '\t' {
			continue
		}
		if r < 0x20 || r == 0x7f {
			return "", fmt.Errorf("a heat.conf value cannot carry the control character %U", r)
		}
	}
	return conf.FormatValue(s)
}

// SQLValue is render's escaper for SQL string literals: escape.SQLString,
// and invalid UTF-8 refused. A byte sequence that is not UTF-8 can, under
// a multi-byte client character set (GBK, Big5, SJIS), swallow the
// backslash or quote that escaping put after it and end the string early.
// The site refuses such secrets first; this holds for every other value.
func SQLValue(s string) (string, error) {
	if !utf8.ValidString(s) {
		return "", fmt.Errorf("an SQL string must be valid UTF-8")
	}
	return escape.SQLString(s)
}

// Comment writes v for the rest of a comment line (`#` in heat.conf and the
// scripts, `--` in SQL): escape.Printable escapes every character that could
// end the line for some reader (newline, carriage return, the other C0 and
// C1 controls, U+2028 and U+2029), bidirectional controls that would make
// the line read differently from what it holds, and invalid UTF-8. Whatever
// a site says, a comment stays one line and the line after it is the
// template's.
func Comment(v any) string {
	s, ok := v.(string)
	if !ok {
		s = fmt.Sprint(v)
	}
	return escape.Printable(s)
}
