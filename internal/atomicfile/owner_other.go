//go:build !unix

package atomicfile

import "io/fs"

// ownerOf knows no owner or links where there are no Unix file owners.
func ownerOf(fs.FileInfo) (*owner, uint64) { return nil, 1 }
