package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"unicode"
)

// The escapers below make one value safe for one target language. Each
// rejects what its target cannot carry instead of mangling it, so a template
// fails loudly rather than writing a broken file.

// INIValue writes s so that oslo.config reads back exactly s:
//   - `$` starts an interpolation in oslo.config, so it is doubled;
//   - oslo.config strips surrounding white space and one pair of matching
//     quotes, so a value that would lose either is wrapped in double quotes
//     (oslo strips exactly that pair and nothing inside);
//   - there are no inline comments in oslo.config, so `#` and `;` stay as
//     they are;
//   - a newline, carriage return or other control character cannot be
//     carried and is an error.
func INIValue(s string) (string, error) {
	for _, r := range s {
		if r == '\t' {
			continue
		}
		if r < 0x20 || r == 0x7f {
			return "", fmt.Errorf("a heat.conf value cannot carry the control character %U", r)
		}
	}
	out := strings.ReplaceAll(s, "$", "$$")
	if needsQuotes(out) {
		out = `"` + out + `"`
	}
	return out, nil
}

// needsQuotes reports whether oslo.config would change s: Python's strip()
// removes white space at either end, and a value whose first and last
// characters are the same quote loses them.
func needsQuotes(s string) bool {
	if s == "" {
		return false
	}
	r := []rune(s)
	first, last := r[0], r[len(r)-1]
	if pyIsSpace(first) || pyIsSpace(last) {
		return true
	}
	return first == last && (first == '"' || first == '\'')
}

// pyIsSpace is Python's str.isspace for one character, which is what
// str.strip() removes.
func pyIsSpace(r rune) bool {
	switch r {
	case 0x1c, 0x1d, 0x1e, 0x1f, 0x85:
		return true
	}
	return unicode.IsSpace(r)
}

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
// default sql_mode (backslash escapes on): `\` is doubled and a single quote
// is written as two single quotes (the form every sql_mode reads). NUL is refused.
func SQLString(s string) (string, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return "", fmt.Errorf("an SQL string cannot carry a NUL byte")
	}
	r := strings.NewReplacer(`\`, `\\`, `'`, `''`)
	return "'" + r.Replace(s) + "'", nil
}

// SQLIdent writes s as a back-quoted MySQL identifier.
func SQLIdent(s string) (string, error) {
	if s == "" || strings.IndexByte(s, 0) >= 0 {
		return "", fmt.Errorf("an SQL identifier cannot be empty or carry a NUL byte")
	}
	return "`" + strings.ReplaceAll(s, "`", "``") + "`", nil
}

// ShellWord writes s as one POSIX shell word: single-quoted, with each single quote
// written as quote, backslash, quote, quote. NUL cannot be passed to a program and is refused.
func ShellWord(s string) (string, error) {
	if strings.IndexByte(s, 0) >= 0 {
		return "", fmt.Errorf("a shell word cannot carry a NUL byte")
	}
	if s != "" && strings.Trim(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-./:=@%+,") == "" {
		return s, nil
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'", nil
}

// JSON writes v as compact JSON without HTML escaping; for data handed to
// the Keystone bootstrap program.
func JSON(v any) (string, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(buf.String(), "\n"), nil
}
