//go:build !linux

package atomicfile

import "io/fs"

// replace moves tmp over dst if dst is still the file want (see
// replaceByRename: no atomic exchange here).
func replace(tmp, dst string, want fs.FileInfo) error { return replaceByRename(tmp, dst, want) }
