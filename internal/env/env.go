// Package env is heatconf's one way to read the environment: a command is
// given a Lookup (os.LookupEnv in production, a map in tests) and passes
// it down, so that no package reads the process environment behind the
// caller's back.
package env

import "os"

// Lookup returns the value of a variable and whether it is set.
type Lookup func(name string) (string, bool)

// OS is the process environment.
var OS Lookup = os.LookupEnv

// None is an empty environment.
func None(string) (string, bool) { return "", false }

// Map is an environment of the given variables.
func Map(vars map[string]string) Lookup {
	return func(name string) (string, bool) {
		v, ok := vars[name]
		return v, ok
	}
}

// Get returns the value of a variable, "" when it is unset; a nil Lookup
// is an empty environment.
func (l Lookup) Get(name string) string {
	if l == nil {
		return ""
	}
	v, _ := l(name)
	return v
}
