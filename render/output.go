package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/heatconf/heatconf/internal/atomicfile"
	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/internal/nolink"
)

// ChangeKind says what writing a file would do.
type ChangeKind int

const (
	Unchanged ChangeKind = iota
	Created
	Updated
	ModeChanged
	// LinkReplaced: a symbolic link is where the file goes. Compare does
	// not follow it (its target may be anything, a private key); Write
	// replaces the link itself with the file and leaves the target alone.
	LinkReplaced
)

func (k ChangeKind) String() string {
	return [...]string{"unchanged", "create", "update", "chmod", "replace link"}[k]
}

// Change is the difference between one rendered file and the disk.
type Change struct {
	File    File
	Kind    ChangeKind
	Old     []byte      // the current contents, for diffs
	OldMode fs.FileMode // the current permission bits
}

// CheckOutputDir refuses an output directory whose path, as written, goes
// through a symbolic link (see nolink.Check). A repository can commit
// deploy/out -> /etc/heat: render --check --diff would then show the
// target's real heat.conf in a CI log, and render would write into it.
// The operator's --follow-symlinks skips this check.
func CheckOutputDir(dir string) error {
	if err := nolink.Check(dir); err != nil {
		return fmt.Errorf("--output: %w", err)
	}
	return nil
}

// Compare reads what is in dir and reports, per rendered file, what writing
// would change. A path that would leave dir (see atomicfile.CheckPath), a
// symbolic link for a directory inside dir, or anything but a regular file
// or a symbolic link where a file goes, is an error. Links are never
// followed: one where a file goes is reported as LinkReplaced, unread.
func Compare(dir string, files []File) ([]Change, error) {
	out := make([]Change, 0, len(files))
	for _, f := range files {
		if err := atomicfile.CheckPath(dir, f.Path); err != nil {
			return nil, err
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		fi, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			out = append(out, Change{File: f, Kind: Created})
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("checking %s: %w", p, err)
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			out = append(out, Change{File: f, Kind: LinkReplaced})
			continue
		}
		old, err := readRegular(p, fi)
		if err != nil {
			return nil, fmt.Errorf("checking %s: %w", p, err)
		}
		c := Change{File: f, Old: old, OldMode: fi.Mode().Perm()}
		switch {
		case !bytes.Equal(old, f.Data):
			c.Kind = Updated
		case c.OldMode != f.Mode:
			c.Kind = ModeChanged
		default:
			c.Kind = Unchanged
		}
		out = append(out, c)
	}
	return out, nil
}

// readRegular reads the regular file p that Lstat described as fi, making
// sure that what it opened is that file: had p been swapped for a link in
// between, the open would have followed it.
func readRegular(p string, fi fs.FileInfo) ([]byte, error) {
	// the file read is the one lstat saw: regular, not swapped for a link
	return boundedread.ReadFileChecked(p, boundedread.ConfMax, func(now fs.FileInfo) error {
		if !os.SameFile(fi, now) || !now.Mode().IsRegular() {
			return errors.New("changed while it was read (replaced by a link?)")
		}
		return nil
	})
}

// Write writes the changed files into dir atomically (see atomicfile.WriteAll):
// every file is staged beside its target with its final mode before any is
// renamed into place, and if one cannot be written no target is touched.
func Write(dir string, changes []Change) error {
	var files []atomicfile.File
	for _, c := range changes {
		if c.Kind != Unchanged {
			files = append(files, atomicfile.File{Path: c.File.Path, Mode: c.File.Mode, Data: c.File.Data})
		}
	}
	return atomicfile.WriteAll(dir, files)
}
