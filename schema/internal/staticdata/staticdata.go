// Package staticdata is the option data of every supported release as Go
// static data, written by schema/gen/compact from the same facts as
// schema/data/*.json. The linker lays it out in the binary's data section:
// nothing is decoded when heatconf starts, and a run reads only the pages
// of the groups it looks at.
package staticdata

import "github.com/heatconf/heatconf/schema/internal/optdata"

// Lookup returns the data of a release by its name ("zed", "2025.1"), nil
// if this build has none. The data is shared: callers must not change it.
func Lookup(release string) *optdata.File {
	for _, f := range files {
		if f.Release == release {
			return f
		}
	}
	return nil
}
