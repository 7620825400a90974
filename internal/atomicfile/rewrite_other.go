//go:build !unix

package atomicfile

// openNoFollow: no flag refuses a link here; the identity check on the
// open descriptor still refuses another file.
const openNoFollow = 0

func isLinkError(error) bool { return false }
