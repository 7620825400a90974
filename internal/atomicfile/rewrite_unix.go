//go:build unix

package atomicfile

import (
	"errors"
	"syscall"
)

// openNoFollow opens the file itself, never a symbolic link's target
// (ELOOP instead), without waiting for a writer if it is a named pipe.
const openNoFollow = syscall.O_NOFOLLOW | syscall.O_NONBLOCK | syscall.O_NOCTTY

// isLinkError reports the error of an openNoFollow open of a symbolic link.
func isLinkError(err error) bool { return errors.Is(err, syscall.ELOOP) }
