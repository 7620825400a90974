//go:build unix

package atomicfile

import (
	"io/fs"
	"syscall"
)

// ownerOf returns the owner and group of a file and its number of hard
// links.
func ownerOf(fi fs.FileInfo) (*owner, uint64) {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return nil, 1
	}
	return &owner{int(st.Uid), int(st.Gid)}, uint64(st.Nlink)
}
