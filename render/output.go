package render

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
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
// would change.
func Compare(dir string, files []File) ([]Change, error) {
	out := make([]Change, 0, len(files))
	for _, f := range files {
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

// Write writes the changed files into dir atomically: every file first goes
// to a temporary file beside its target with its final mode, and only when
// all of them are written and on disk are they renamed into place. If any
// step fails, the temporary files are removed and no target is touched.
//
// Durability costs one syncfs(2) before the renames and one after, instead
// of an fsync per file and directory: a site of 1,000 hosts writes 2,000
// files, and per-file fsyncs would cost seconds.
func Write(dir string, changes []Change) error {
	type staged struct{ tmp, dst string }
	var done []staged
	cleanup := func() {
		for _, s := range done {
			os.Remove(s.tmp)
		}
	}
	made := map[string]bool{}
	for _, c := range changes {
		if c.Kind == Unchanged {
			continue
		}
		dst := filepath.Join(dir, filepath.FromSlash(c.File.Path))
		if d := filepath.Dir(dst); !made[d] {
			if err := os.MkdirAll(d, 0o750); err != nil {
				cleanup()
				return fmt.Errorf("creating directory for %s: %w", dst, err)
			}
			made[d] = true
		}
		tmp, err := writeTemp(dst, c.File)
		if err != nil {
			cleanup()
			return err
		}
		done = append(done, staged{tmp, dst})
	}
	if len(done) == 0 {
		return nil
	}
	if err := syncFS(dir); err != nil {
		cleanup()
		return fmt.Errorf("flushing the new files in %s to disk: %w", dir, err)
	}
	sort.Slice(done, func(i, j int) bool { return done[i].dst < done[j].dst })
	for i, s := range done {
		if err := os.Rename(s.tmp, s.dst); err != nil {
			for _, rest := range done[i:] {
				os.Remove(rest.tmp)
			}
			return fmt.Errorf("moving %s into place: %w", s.dst, err)
		}
	}
	// make the renames durable; a failure here leaves correct files behind
	if err := syncFS(dir); err != nil {
		return fmt.Errorf("flushing %s to disk: %w", dir, err)
	}
	return nil
}

// WriteFile writes one file atomically: a temporary file beside path that
// has mode before any byte is written, flushed, then renamed over path.
func WriteFile(path string, data []byte, mode fs.FileMode) error {
	tmp, err := writeTemp(path, File{Mode: mode, Data: data})
	if err != nil {
		return err
	}
	if err := syncFS(filepath.Dir(path)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("flushing %s to disk: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("moving %s into place: %w", path, err)
	}
	return nil
}

func writeTemp(dst string, f File) (string, error) {
	tf, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".heatconf-*")
	if err != nil {
		return "", fmt.Errorf("writing %s: %w", dst, err)
	}
	name := tf.Name()
	fail := func(err error) (string, error) {
		tf.Close()
		os.Remove(name)
		return "", fmt.Errorf("writing %s: %w", dst, err)
	}
	// CreateTemp makes the file 0600 before any byte is written, so a
	// secret is never readable by others, not even for a moment.
	if err := tf.Chmod(f.Mode); err != nil {
		return fail(err)
	}
	if _, err := tf.Write(f.Data); err != nil {
		return fail(err)
	}
	if err := tf.Close(); err != nil {
		os.Remove(name)
		return "", fmt.Errorf("writing %s: %w", dst, err)
	}
	return name, nil
}
