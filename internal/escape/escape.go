// Package escape makes one value safe for one target language: a URL's
// userinfo or path segment, an SQL string or identifier, a POSIX shell word,
// JSON, and oslo.config's "$" substitution. Each escaper rejects what its
// target cannot carry instead of mangling it, so a template fails loudly
// rather than writing a broken file.
//
// It is a leaf: render uses it for templates, conf for values it writes,
// and internal/secret to know every form a secret takes in an output.
package escape

import (
	"fmt"
	"strings"
)

// URLUserinfo percent-encodes a user name or password for a URL's userinfo
// (transport_url, [database] connection): everything but RFC 3986's
// unreserved characters is encoded, so `@ : / ? # % &` can never end the
// field early. oslo.messaging and SQLAlchemy both unquote these fields.
func URLUserinfo(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

// URLPath percent-encodes one path segment (a RabbitMQ vhost, a database
// name): like URLUserinfo, so a "/" inside the vhost stays in it.
func URLPath(s string) string { return URLUserinfo(s) }

// SQLString writes s as a MySQL/MariaDB single-quoted string literal for the
// default sql_mode (backslash escapes on): `\` is doubled, a single quote
// is written as two single quotes (the form every sql_mode reads), and a
// newline, carriage return or Ctrl-Z as \n, \r, \Z, so that a literal
// stays on its line. NUL is refused.
func SQLString(s string) (string, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return "", fmt.Errorf("an SQL string cannot carry a NUL byte")
	}
	return "'" + sqlEscaper.Replace(s) + "'", nil
}

// sqlEscaper doubles backslashes and single quotes and writes line breaks
// and Ctrl-Z (end of file for the Windows client) as escapes.
var sqlEscaper = strings.NewReplacer(`\`, `\\`, `'`, `''`, "\n", `\n`, "\r", `\r`, "\x1a", `\Z`)

// SQLIdent writes s as a back-quoted MySQL identifier. Empty names and
// control characters are refused: no MySQL name needs them.
func SQLIdent(s string) (string, error) {
	if s == "" {
		return "", fmt.Errorf("an SQL identifier cannot be empty")
	}
	for _, r := range s {
		if r < 0x20 || r == 0x7f {
			return "", fmt.Errorf("an SQL identifier cannot carry the control character %U", r)
		}
	}
	return "`" + strings.ReplaceAll(s, "`", "``") + "`", nil
}

// shellSafe are the bytes a shell word may hold unquoted.
const shellSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./:=@%+,"

// ShellWord writes s as one POSIX shell word: single-quoted, with each single quote
// written as quote, backslash, quote, quote. NUL cannot be passed to a program and is refused.
func ShellWord(s string) (string, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return "", fmt.Errorf("a shell word cannot carry a NUL byte")
	}
	if s != "" && strings.Trim(s, shellSafe) == "" {
		return s, nil
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'", nil
}

// Printable writes s so that it prints as one line that shows what it
// holds: control characters, bidirectional controls and invalid UTF-8 are
// escaped as strconv.Quote would, other text stays as it is.
func Printable(s string) string {
	clean := true
	for _, r := range s {
		if needsQuote(r) {
			clean = false
			break
		}
	}
	if clean {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == 0xFFFD && isInvalid(s[i:]):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case needsQuote(r):
			switch r {
			case '\n':
				b.WriteString(`\n`)
			case '\r':
				b.WriteString(`\r`)
			case '\t':
				b.WriteString(`\t`)
			default:
				if r < 0x10000 {
					fmt.Fprintf(&b, `\u%04x`, r)
				} else {
					fmt.Fprintf(&b, `\U%08x`, r)
				}
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// isInvalid reports whether s starts with a byte that is not valid UTF-8
// (as opposed to a real U+FFFD).
func isInvalid(s string) bool { return !strings.HasPrefix(s, "\uFFFD") }

// needsQuote reports runes that must not reach a terminal or a one-line
// field as they are: C0 and C1 controls, DEL, the Unicode line and
// paragraph separators, bidirectional formatting characters and U+FFFD
// standing for an invalid byte.
func needsQuote(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0):
		return true
	case r == 0x2028 || r == 0x2029:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e || r == 0x200f || r == 0x061c:
		return true
	case r == 0xFFFD:
		return true
	}
	return false
}

// Subst returns s written so that oslo.config's substitution gives s back:
// every "$" becomes "$$", or "\$" right after a backslash (oslo.config turns
// `\$` into `$$` before substituting, so `\$$` would not do).
func Subst(s string) string {
	if strings.IndexByte(s, '$') < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		if s[i] == '$' {
			if i > 0 && s[i-1] == '\\' {
				b.WriteString(`\$`)
			} else {
				b.WriteString("$$")
			}
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// PrintableLines is Printable for text of several lines: the line breaks
// stay, and within each line what a terminal would act on is escaped.
func PrintableLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = Printable(l)
	}
	return strings.Join(lines, "\n")
}
