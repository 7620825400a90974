package secret

import (
	"regexp"
	"slices"
	"strings"
	"sync"
)

var (
	// key = value lines whose key names a secret (IsKey's words)
	iniSecretRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?im)^([ \t]*[-+ ]?[ \t]*([^\s=:#;\[{"']*)[ \t]*[=:][ \t]*)(\S.*)$`)
	})
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
		s = iniSecretRE().ReplaceAllStringFunc(s, func(line string) string {
			m := iniSecretRE().FindStringSubmatchIndex(line)
			key := line[m[4]:m[5]]
			if !IsKey(key) && !slices.Contains(keys, key) {
				return line
			}
			return line[:m[3]] + Mask
		})
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
