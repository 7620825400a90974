// Package stamp is the line render writes at the top of every heat.conf
// to name the Heat version the file is for, and its reader: lint uses it
// to choose the option data when nothing else names a release.
//
// The reader is strict: only the two lines render writes, exactly, at the
// very start of the file, count. A comment written by hand that merely
// looks like it ("# heat.conf for Heat 24", a stamp on line 3, a stamp
// without render's second line) is no stamp.
package stamp

import (
	"bytes"
	"regexp"
	"sync"
)

// Stamp is what the line says.
type Stamp struct {
	Heat     string // the Heat version, "24.1.1"
	Series   string // the OpenStack series, "2025.1"
	Codename string // the series' code name, "epoxy"
}

// Line is the first line of a rendered heat.conf, without its newline:
// "# heat.conf for Heat 24.1.1 (OpenStack 2025.1 epoxy)".
func (s Stamp) Line() string {
	return "# heat.conf for Heat " + s.Heat + " (OpenStack " + s.Series + " " + s.Codename + ")"
}

// RenderedBy starts the second line of a rendered heat.conf; the site
// file's name follows.
const RenderedBy = "# Rendered by heatconf from "

// HeadSize is how many bytes at the start of a file Read needs: a caller
// that reads files for their stamp need read no more.
const HeadSize = 256

var lineRE = sync.OnceValue(func() *regexp.Regexp {
	return regexp.MustCompile(`^# heat\.conf for Heat ([0-9]{1,4}\.[0-9]{1,4}\.[0-9]{1,4}) \(OpenStack ([0-9]{4}\.[0-9]) ([a-z]{1,32})\)$`)
})

// Read finds the stamp at the start of data (the whole file or its first
// HeadSize bytes): line 1 exactly as Line writes it, line 2 starting with
// RenderedBy. ok is false for anything else.
func Read(data []byte) (s Stamp, ok bool) {
	first, rest, found := bytes.Cut(data, []byte("\n"))
	if !found || !bytes.HasPrefix(rest, []byte(RenderedBy)) {
		return Stamp{}, false
	}
	m := lineRE().FindSubmatch(first)
	if m == nil {
		return Stamp{}, false
	}
	return Stamp{Heat: string(m[1]), Series: string(m[2]), Codename: string(m[3])}, true
}
