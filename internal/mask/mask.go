// Package mask hides secrets by where they stand, for text whose secret
// values are not known: old file contents in a diff, the lines a lint fix
// writes. Known values are masked by their owners (render.Masker, lint).
package mask

import (
	"regexp"
	"sync"
)

// Mask is what a secret is shown as.
const Mask = "****"

var (
	// key = value lines whose key names a secret
	iniSecretRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`(?im)^([ \t]*[^\s=:#;\[{"']*(?:pass|secret|_key|token)[^\s=:"]*[ \t]*[=:][ \t]*)\S.*$`)
	})
	// credentials inside URLs: scheme://user:password@, and ,user:password@
	// for the further hosts of a transport_url
	urlCredRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`((?:://|,)[^:/@\s,]*:)[^@\s,/]*@`) })
	// SQL password literals
	sqlSecretRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`(IDENTIFIED BY ')(?:[^'\\]|\\.|'')*'`) })
	// JSON members whose name names a secret
	jsonSecretRE = sync.OnceValue(func() *regexp.Regexp {
		return regexp.MustCompile(`("[a-z_]*(?:password|secret|key)[a-z_]*":")(?:[^"\\]|\\.)*"`)
	})
)

// URLCredentials hides the passwords of the URLs in s.
func URLCredentials(s string) string { return urlCredRE().ReplaceAllString(s, "${1}"+Mask+"@") }

// Structure hides every value that stands where a secret stands: values of
// secret keys, URL passwords, SQL password literals and secret JSON members.
func Structure(s string) string {
	s = iniSecretRE().ReplaceAllString(s, "${1}"+Mask)
	s = URLCredentials(s)
	s = sqlSecretRE().ReplaceAllString(s, "${1}"+Mask+"'")
	return jsonSecretRE().ReplaceAllString(s, "${1}"+Mask+`"`)
}
