package runner

import (
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/internal/stamp"
	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
)

// A run lints the files of one configuration (one .heatconf.toml, or
// none) with one release. What chooses it, first that says one wins:
//
//  1. the command line: --release or --schema;
//  2. the inputs: a site file added with Job.Add (lint --site) brings its
//     release;
//  3. .heatconf.toml: its release or schema;
//  4. the files: render's stamp, the first line of every heat.conf it
//     writes ("# heat.conf for Heat 24.1.1 (OpenStack 2025.1 epoxy)",
//     read by internal/stamp), when every stamped file of the
//     configuration names the same Heat version that this build has data
//     of;
//  5. the default: the release of Settings (the command line's default,
//     releases.Default).

// The kinds of ReleaseFrom.
const (
	FromCommandLine = "command-line" // --release or --schema
	FromInput       = "input"        // an input added with Job.Add: a site file
	FromConfig      = "config"       // .heatconf.toml
	FromStamp       = "stamp"        // render's stamp in a linted file
	FromDefault     = "default"      // nothing chose: Settings' release
)

// ReleaseFrom says what chose the release a run lints with.
type ReleaseFrom struct {
	Kind string `json:"kind"` // one of the From* constants
	// File is the .heatconf.toml, the site file or the stamped heat.conf
	// that chose it; "" for the command line and the default.
	File string `json:"file,omitempty"`
}

// String says it for people: "the command line", "the header of
// out/heat.conf", ...
func (f ReleaseFrom) String() string {
	switch f.Kind {
	case FromCommandLine:
		return "the command line"
	case FromInput:
		return f.File
	case FromConfig:
		return f.File
	case FromStamp:
		return "the header of " + f.File
	}
	return "the default"
}

// stamped is a file whose first lines are render's stamp.
type stamped struct {
	file  string
	stamp stamp.Stamp
	rel   releases.Release
	reg   *schema.Registry
	err   error // the stamp names no release this build has data of
}

// releaseFromStamps chooses the release of p from the stamps of its
// units' first files (a heat.conf, before its drop-ins), when every file
// that has one names the same Heat version and this build has its data.
// A stamp it cannot use (an unknown version, files that disagree) becomes
// a note; p keeps its release. Only regular files are read, and only
// their first stamp.HeadSize bytes; a file that cannot be read is left to
// the linting, which reports it.
func (j *Job) releaseFromStamps(p *profile, units []Unit) {
	var found []stamped
	for _, u := range units {
		if len(u.inputs) == 0 {
			continue
		}
		in := u.inputs[0]
		st, ok := stamp.Read(in.head())
		if !ok {
			continue
		}
		s := stamped{file: in.name, stamp: st}
		s.rel, s.err = releases.Lookup(st.Heat)
		switch {
		case s.err != nil:
		case s.rel.Name != st.Series || s.rel.Codename != st.Codename:
			s.err = fmt.Errorf("Heat %s is of %s (%s), not %s %s", st.Heat, s.rel.Name, s.rel.Codename, st.Series, st.Codename)
		default:
			s.reg, s.err = schema.EmbeddedRelease(s.rel)
		}
		found = append(found, s)
	}
	var use *stamped
	var versions []string
	for i, s := range found {
		if s.err != nil {
			continue
		}
		if use == nil {
			use = &found[i]
		}
		if v := s.stamp.Heat; !slices.Contains(versions, v) {
			versions = append(versions, v)
		}
	}
	if len(versions) > 1 {
		var each []string
		for _, s := range found {
			if s.err == nil {
				each = append(each, s.file+": Heat "+s.stamp.Heat)
			}
		}
		j.notes = append(j.notes, fmt.Sprintf("the files' headers name different Heat versions (%s): linted as %s; lint them apart, or pass --release",
			strings.Join(each, ", "), p.registry.Name()))
		use = nil
	}
	if use != nil {
		p.registry, p.from = use.reg, ReleaseFrom{Kind: FromStamp, File: use.file}
	}
	for _, s := range found {
		if s.err != nil {
			j.notes = append(j.notes, fmt.Sprintf("%s: its header names Heat %s (OpenStack %s %s), which this heatconf cannot lint with: %v; linted as %s (pass --release to choose)",
				s.file, s.stamp.Heat, s.stamp.Series, s.stamp.Codename, firstLine(s.err), p.registry.Name()))
		}
	}
}

// head is the start of an input, where a stamp would be: at most
// stamp.HeadSize bytes; nil when it is not a regular file that can be
// read.
func (in input) head() []byte {
	if in.path == "" {
		return in.data[:min(len(in.data), stamp.HeadSize)]
	}
	f, _, err := boundedread.Open(in.path)
	if err != nil {
		return nil
	}
	defer f.Close()
	buf := make([]byte, stamp.HeadSize)
	n, err := io.ReadFull(f, buf)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return nil
	}
	return buf[:n]
}

// firstLine keeps an error's first sentence-sized part: releases.Lookup's
// errors list every known release.
func firstLine(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, " (known: "); i > 0 {
		msg = msg[:i]
	}
	if i := strings.Index(msg, "; known: "); i > 0 {
		msg = msg[:i]
	}
	return msg
}
