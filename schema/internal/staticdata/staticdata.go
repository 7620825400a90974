// Package staticdata is the option data of every Heat version heatconf
// embeds, as Go static data written by schema/gen/compact from the YAML
// files in schema/data. Each distinct option, group and auth plugin is one
// package variable shared by every version that has it. The linker lays
// the data out in the binary's data section: nothing is decoded when
// heatconf starts, and a run reads only the pages of the groups it looks
// at.
package staticdata

import "github.com/heatconf/heatconf/schema/internal/optdata"

// Lookup returns the upstream data of a Heat version ("24.0.0"), nil if
// this build has none. The data is shared: callers must not change it.
func Lookup(heatVersion string) *optdata.File { return LookupVariant(heatVersion, "") }

// LookupVariant returns the data of a Heat version in a variant ("debian";
// "" is upstream's), nil if this build has none. The data is shared:
// callers must not change it.
func LookupVariant(heatVersion, variant string) *optdata.File {
	for _, f := range files {
		if f.HeatVersion == heatVersion && f.Variant == variant {
			return f
		}
	}
	return nil
}

// Versions are the Heat versions this build has upstream data of, oldest
// first.
func Versions() []string {
	var out []string
	for _, f := range files {
		if f.Variant == "" {
			out = append(out, f.HeatVersion)
		}
	}
	return out
}

// Variants are the Heat versions this build has data of in a variant, as
// "<version> <variant>", oldest first.
func Variants() []string {
	var out []string
	for _, f := range files {
		if f.Variant != "" {
			out = append(out, f.HeatVersion+" "+f.Variant)
		}
	}
	return out
}
