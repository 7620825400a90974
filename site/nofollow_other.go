//go:build !unix

package site

// noFollow: elsewhere the Lstat before the open is the only check.
const noFollow = 0
