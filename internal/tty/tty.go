// Package tty holds heatconf's one colour policy and its terminal test.
package tty

import (
	"io"

	"golang.org/x/term"
)

// Modes are the values of --color.
var Modes = []string{"auto", "always", "never"}

// IsTerminal reports whether w is a terminal: a file or /dev/null is not.
func IsTerminal(w io.Writer) bool {
	f, ok := w.(interface{ Fd() uintptr })
	return ok && term.IsTerminal(int(f.Fd()))
}

// Color decides whether output to w is coloured: mode "always" or "never"
// decides; "auto" (or "") colours a terminal, or any output when
// FORCE_COLOR is set to anything but "" (https://force-color.org), unless
// NO_COLOR is set to anything but "" (https://no-color.org), which wins
// over FORCE_COLOR, or TERM is dumb on a terminal.
func Color(mode string, w io.Writer, env func(string) (string, bool)) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	if v, ok := env("NO_COLOR"); ok && v != "" {
		return false
	}
	if v, ok := env("FORCE_COLOR"); ok && v != "" {
		return true
	}
	if t, _ := env("TERM"); t == "dumb" {
		return false
	}
	return IsTerminal(w)
}
