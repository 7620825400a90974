package atomicfile

import (
	"errors"
	"io/fs"
	"os"

	"golang.org/x/sys/unix"
)

// replace puts tmp in dst's place if dst is still the file want, with no
// moment between the check and the move: the two names are exchanged
// atomically (renameat2 RENAME_EXCHANGE), the file now at tmp's name is
// checked, and if it is not want the exchange is undone and ErrChanged
// returned. The old file is then removed (at best: the new one is in
// place already). Where the file system cannot
// exchange names, replaceByRename.
func replace(tmp, dst string, want fs.FileInfo) error {
	err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dst, unix.RENAME_EXCHANGE)
	if errors.Is(err, unix.EINVAL) || errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EOPNOTSUPP) {
		return replaceByRename(tmp, dst, want)
	}
	if err != nil {
		return &os.LinkError{Op: "renameat2", Old: tmp, New: dst, Err: err}
	}
	old, err := os.Lstat(tmp)
	if err != nil || !sameFile(want, old) {
		// put back what was there, whatever it is; tmp then holds the new
		// file again, which the caller removes
		if err := unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, dst, unix.RENAME_EXCHANGE); err != nil {
			return &os.LinkError{Op: "renameat2 (undoing)", Old: tmp, New: dst, Err: err}
		}
		return ErrChanged
	}
	os.Remove(tmp) // the old file; the new one is in place whatever happens to it
	return nil
}
