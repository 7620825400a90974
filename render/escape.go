package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/heatconf/heatconf/conf"
)

// The escapers below make one value safe for one target language. Each
// rejects what its target cannot carry instead of mangling it, so a template
// fails loudly rather than writing a broken file.

// INIValue writes s so that oslo.config reads back exactly s: conf.FormatValue
// does the oslo.config part (`$` escaped, quotes where oslo.config would strip
// white space or a pair of quotes; there are no inline comments, so `#` and
// `;` stay). A newline, carriage return or other control character is an
// error: heatconf writes one line per option.
func INIValue(s string) (string, error) {
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
	return "'" + sqlEscaper.Replace(s) + "'", nil
}

// sqlEscaper doubles backslashes and single quotes; a strings.Replacer
// builds its tables on first use, once per process.
var sqlEscaper = strings.NewReplacer(`\`, `\\`, `'`, `''`)

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
