package conf

import "github.com/heatconf/heatconf/internal/pystr"

// The oslo.config rules that other packages apply to values and names they
// got from conf (lint, schema, render, probe): each has its one home here.

// ParseBool is oslo.config's types.Boolean: the value, lower-cased as
// Python lower-cases it and not stripped, is true for "1", "yes", "true"
// or "on" and false for "0", "no", "false" or "off" ("TRUE" and "On" are
// booleans; " true" and "y" are not). ok is false for anything else,
// which oslo.config rejects ("Unexpected boolean value").
func ParseBool(value string) (b, ok bool) {
	switch pystr.Lower(value) {
	case "1", "yes", "true", "on":
		return true, true
	case "0", "no", "false", "off":
		return false, true
	}
	return false, false
}

// NormalizeGroup is oslo.config's _normalize_group_name: "DEFAULT" exactly
// is the default group, every other name is lower-cased as Python does
// and not stripped ("[Default]" is the group "default", not DEFAULT, and
// "[CLİENTS]" is "cli̇ents", not "clients").
func NormalizeGroup(name string) string {
	if name == Default {
		return name
	}
	return pystr.Lower(name)
}

// SameGroup reports whether oslo.config reads the section names a and b
// as one group: "[Database]" and "[database]" are one, "[default]" and
// "[DEFAULT]" are two.
func SameGroup(a, b string) bool { return a == b || NormalizeGroup(a) == NormalizeGroup(b) }
