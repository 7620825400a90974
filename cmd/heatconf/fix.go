package main

import (
	"fmt"

	"github.com/heatconf/heatconf/internal/atomicfile"
	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/lint/runner"
)

// fixWrite is how a command's --fix hands its fixed files over.
type fixWrite struct {
	Diff  bool // print the changes as a unified diff instead of writing
	Force bool // rewrite a file that has other hard links in place
	// Written is told of each file written (nil: nothing is said).
	Written func(f runner.FixedFile)
}

// writeFixes is the one --fix applier of lint and upgrade: each fixed file
// is printed as a diff, or rewritten atomically with its owner, group,
// mode and links kept, into the very file that was read (a path swapped
// for a symbolic link, or a file edited, since is refused). A file that cannot be written is reported on
// standard error and the others are still written; the error then counts
// them (nothing was written to those). A file held in memory (standard
// input) cannot be rewritten: a usage error, before anything is written.
func writeFixes(io Streams, files []runner.FixedFile, w fixWrite) error {
	if w.Diff {
		for _, f := range files {
			fmt.Fprint(io.Out, f.Diff())
		}
		return nil
	}
	for _, f := range files {
		if f.Path == "" {
			return usageErrorf("--fix cannot rewrite %s; give a file on disk", escape.Printable(f.Name))
		}
	}
	failed := 0
	for _, f := range files {
		// written to the file read, only if it still holds what was read
		if err := atomicfile.Rewrite(f.Path, f.New, atomicfile.RewriteOptions{InPlace: w.Force, Read: f.Read, Old: f.Old}); err != nil {
			fmt.Fprintf(io.Err, "heatconf: %s\n", escape.Printable(err.Error()))
			failed++
			continue
		}
		if w.Written != nil {
			w.Written(f)
		}
	}
	if failed > 0 {
		return fatal(fmt.Errorf("%d of %d files were not fixed (nothing was written to them)", failed, len(files)))
	}
	return nil
}
