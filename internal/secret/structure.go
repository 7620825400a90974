package secret

import (
	"regexp"
	"slices"
	"strings"
	"sync"
)

var (
	// SQL password literals
	sqlSecretRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(IDENTIFIED BY ')(?:[^'\\]|\\.|'')*'`) })
	// JSON members whose name names a secret
	jsonSecretRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`"([A-Za-z_]*)"(:\s*")((?:[^"\\]|\\.)*)"`)
	})
)

// URLCredentials hides the passwords of the URLs in s: of every host of
// scheme://user:password@host,user:password@host2/..., the password as
// oslo.messaging reads it (up to the host's last '@').
func URLCredentials(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	ps := urlPasswords(s)
	if len(ps) == 0 {
		return s
	}
	var b strings.Builder
	last := 0
	for _, p := range ps {
		b.WriteString(s[last:p.Start])
		b.WriteString(Mask)
		last = p.End
	}
	b.WriteString(s[last:])
	return b.String()
}

// Structure hides every value that stands where a secret stands, known or
// not: the value of a key that IsKey names (heat.conf lines and diff lines
// of them, shell assignments), URL passwords, SQL password literals and
// JSON members that IsKey names. A diff shows old contents whose secrets
// nothing else knows.
func Structure(s string) string { return structure(s, nil) }

// structure is Structure with more key names that hold secrets (options
// the option data marks secret although their name does not say so).
func structure(s string, keys []string) string {
	if s == "" {
		return s
	}
	if strings.ContainsAny(s, "=:") {
		s = maskAssignments(s, keys)
	}
	s = URLCredentials(s)
	if strings.Contains(s, "IDENTIFIED BY") {
		s = sqlSecretRE().ReplaceAllString(s, "${1}"+Mask+"'")
	}
	if strings.Contains(s, `"`) {
		s = jsonSecretRE().ReplaceAllStringFunc(s, func(member string) string {
			m := jsonSecretRE().FindStringSubmatch(member)
			if !IsKey(m[1]) && !slices.Contains(keys, m[1]) {
				return member
			}
			return `"` + m[1] + `"` + m[2] + Mask + `"`
		})
	}
	return s
}

// maskAssignments masks the value of every "key = value" line (heat.conf
// lines, diff lines of them, shell assignments) whose key IsKey names or
// keys holds. A line is read as the regular expression
// `(?m)^[ \t]*[-+ ]?[ \t]*([^\s=:#;\[{"']*)[ \t]*[=:][ \t]*\S.*$` reads it
// (structure_test.go holds the two together): a scan, as it runs on every
// finding's fix.
func maskAssignments(s string, keys []string) string {
	var b strings.Builder
	last := 0
	for start := 0; start <= len(s); {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		line := s[start:end]
		if key, value, ok := assignment(line); ok && (IsKey(key) || slices.Contains(keys, key)) {
			b.WriteString(s[last : start+value])
			b.WriteString(Mask)
			last = end
		}
		start = end + 1
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// assignment reads a line as key, delimiter ('=' or ':') and a value that
// starts with a character that is not white space; value is its offset.
func assignment(line string) (key string, value int, ok bool) {
	blank := func(i int) bool { return i < len(line) && (line[i] == ' ' || line[i] == '\t') }
	space := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
	i := 0
	for blank(i) {
		i++
	}
	if i < len(line) && (line[i] == '-' || line[i] == '+') {
		i++
	}
	for blank(i) {
		i++
	}
	k := i
	for i < len(line) && !space(line[i]) && !strings.ContainsRune("=:#;[{\"'", rune(line[i])) {
		i++
	}
	key = line[k:i]
	for blank(i) {
		i++
	}
	if i >= len(line) || (line[i] != '=' && line[i] != ':') {
		return "", 0, false
	}
	i++
	for blank(i) {
		i++
	}
	if i >= len(line) || space(line[i]) {
		return "", 0, false
	}
	return key, i, true
}
