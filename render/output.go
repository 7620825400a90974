package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/heatconf/heatconf/internal/atomicfile"
)

// ChangeKind says what writing a file would do.
type ChangeKind int

const (
	Unchanged ChangeKind = iota
	Created
	Updated
	ModeChanged
)

func (k ChangeKind) String() string {
	return [...]string{"unchanged", "create", "update", "chmod"}[k]
}

// Change is the difference between one rendered file and the disk.
type Change struct {
	File    File
	Kind    ChangeKind
	Old     []byte      // the current contents, for diffs
	OldMode fs.FileMode // the current permission bits
}

// Compare reads what is in dir and reports, per rendered file, what writing
// would change. A path that would leave dir (see atomicfile.CheckPath) is
// an error.
func Compare(dir string, files []File) ([]Change, error) {
	out := make([]Change, 0, len(files))
	for _, f := range files {
		if err := atomicfile.CheckPath(dir, f.Path); err != nil {
			return nil, err
		}
		p := filepath.Join(dir, filepath.FromSlash(f.Path))
		fi, err := os.Stat(p)
		if errors.Is(err, fs.ErrNotExist) {
			out = append(out, Change{File: f, Kind: Created})
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("checking %s: %w", p, err)
		}
		if !fi.Mode().IsRegular() {
			return nil, fmt.Errorf("checking %s: not a regular file", p)
		}
		old, err := os.ReadFile(p)
		if err != nil {
			return nil, fmt.Errorf("checking %s: %w", p, err)
		}
		c := Change{File: f, Old: old, OldMode: fi.Mode().Perm()}
		switch {
		case !bytes.Equal(old, f.Data):
			c.Kind = Updated
		case fi.Mode().Perm() != f.Mode:
			c.Kind = ModeChanged
		default:
			c.Kind = Unchanged
		}
		out = append(out, c)
	}
	return out, nil
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
