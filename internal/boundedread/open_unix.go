//go:build unix

package boundedread

import "syscall"

// openFlags: O_NONBLOCK so that opening a named pipe does not wait for a
// writer; O_NOCTTY so that opening a terminal does not make it ours.
const openFlags = syscall.O_NONBLOCK | syscall.O_NOCTTY
