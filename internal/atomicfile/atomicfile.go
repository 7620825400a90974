// Package atomicfile replaces files so that a reader, or a crash, sees
// either the old contents or the new, never a mix, and never a secret with
// the wrong permissions.
//
// Each file is first written to a temporary file beside its destination,
// created readable by its owner only and given its final mode before any
// byte is written; only when every file is staged and on disk are they
// renamed into place. Durability costs one syncfs(2) before the renames and
// one after on Linux (a site of 1,000 hosts writes 2,000 files, and an fsync
// per file and directory would cost seconds); elsewhere each file and each
// directory is flushed with fsync.
package atomicfile

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// File is one file to write: Path is relative to the directory it is
// written in, with slashes.
type File struct {
	Path string
	Mode fs.FileMode
	Data []byte
}

// WriteAll writes files into dir, creating the directories they need
// (mode 0750). Every path must stay inside dir (see CheckPath): a path that
// is absolute, climbs out with "..", or has a symbolic link for one of its
// directories is refused before anything is written. A symbolic link where
// a file goes is replaced by the file, never written through. It stages every file before it renames any: if a file cannot
// be staged (its directory cannot be made or written, its destination is a
// directory, the disk is full), the temporary files are removed and no
// destination is touched. A rename that fails after that (which the checks
// while staging make unlikely) leaves the files renamed before it replaced,
// each one whole, and the rest untouched.
func WriteAll(dir string, files []File) error {
	return write(dir, files, true)
}

// WriteFile writes one file atomically: a temporary file beside path with
// mode before any byte is written, flushed, then renamed over path. The
// directory must exist.
func WriteFile(path string, data []byte, mode fs.FileMode) error {
	return write(filepath.Dir(path), []File{{Path: filepath.Base(path), Mode: mode, Data: data}}, false)
}

type staged struct{ tmp, dst string }

func write(dir string, files []File, mkdir bool) error {
	var done []staged
	cleanup := func() {
		for _, s := range done {
			os.Remove(s.tmp)
		}
	}
	for _, f := range files {
		if err := CheckPath(dir, f.Path); err != nil {
			return err
		}
	}
	if mkdir && len(files) > 0 {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return fmt.Errorf("creating directory %s: %w", dir, err)
		}
	}
	made := map[string]bool{}
	var dirs []string
	for _, f := range files {
		dst := filepath.Join(dir, filepath.FromSlash(f.Path))
		if d := filepath.Dir(dst); !made[d] {
			if mkdir {
				if err := mkdirUnder(dir, path.Dir(f.Path)); err != nil {
					cleanup()
					return fmt.Errorf("creating directory for %s: %w", dst, err)
				}
			}
			made[d] = true
			dirs = append(dirs, d)
		}
		// a rename cannot replace a directory: refuse now, not halfway
		// through the renames
		if fi, err := os.Lstat(dst); err == nil && fi.IsDir() {
			cleanup()
			return fmt.Errorf("writing %s: is a directory", dst)
		} else if err != nil && !errors.Is(err, fs.ErrNotExist) {
			cleanup()
			return fmt.Errorf("writing %s: %w", dst, err)
		}
		tmp, err := writeTemp(dst, f.Mode, f.Data, nil)
		if err != nil {
			cleanup()
			return err
		}
		done = append(done, staged{tmp, dst})
	}
	if len(done) == 0 {
		return nil
	}
	if err := flushFiles(dir); err != nil {
		cleanup()
		return fmt.Errorf("flushing the new files in %s to disk: %w", dir, err)
	}
	sort.SliceStable(done, func(i, j int) bool { return done[i].dst < done[j].dst })
	for i, s := range done {
		if err := os.Rename(s.tmp, s.dst); err != nil {
			for _, rest := range done[i:] {
				os.Remove(rest.tmp)
			}
			return fmt.Errorf("moving %s into place: %w", s.dst, err)
		}
	}
	// make the renames durable; a failure here leaves correct files behind
	if err := flushDirs(dir, dirs); err != nil {
		return fmt.Errorf("flushing %s to disk: %w", dir, err)
	}
	return nil
}

// owner is a file's owner and group.
type owner struct{ uid, gid int }

// writeTemp writes data to a new temporary file beside dst and returns its
// name. With own, the file is given that owner and group before any byte
// is written.
func writeTemp(dst string, mode fs.FileMode, data []byte, own *owner) (string, error) {
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
	if own != nil {
		if err := tf.Chown(own.uid, own.gid); err != nil {
			return fail(fmt.Errorf("keeping its owner and group: %w", err))
		}
	}
	if err := tf.Chmod(mode); err != nil {
		return fail(err)
	}
	if _, err := tf.Write(data); err != nil {
		return fail(err)
	}
	if syncEachFile {
		if err := tf.Sync(); err != nil {
			return fail(err)
		}
	}
	if err := tf.Close(); err != nil {
		os.Remove(name)
		return "", fmt.Errorf("writing %s: %w", dst, err)
	}
	return name, nil
}

// PathError is a path that would leave the directory it is relative to.
type PathError struct {
	Dir, Path string
	Reason    string
}

func (e *PathError) Error() string {
	if e.Dir == "" {
		return fmt.Sprintf("refusing the output path %q: %s", e.Path, e.Reason)
	}
	return fmt.Sprintf("refusing to write %q under %s: %s", e.Path, e.Dir, e.Reason)
}

// CheckRel checks that rel is a path that stays inside whatever directory
// it is taken relative to: slash-separated, relative, clean (no "", "." or
// ".." component, no doubled or trailing slash), without NUL or backslash.
func CheckRel(rel string) error {
	bad := func(reason string) error { return &PathError{Path: rel, Reason: reason} }
	switch {
	case rel == "":
		return bad("the path is empty")
	case strings.ContainsAny(rel, "\x00\\"):
		return bad("the path holds a NUL or a backslash")
	case strings.HasPrefix(rel, "/") || filepath.IsAbs(filepath.FromSlash(rel)):
		return bad("the path is absolute")
	case path.Clean(rel) != rel:
		return bad("the path is not clean")
	}
	for _, p := range strings.Split(rel, "/") {
		if p == "." || p == ".." {
			return bad(`the path has a "." or ".." component`)
		}
	}
	return nil
}

// CheckPath checks that rel, relative to dir, names a place inside dir:
// CheckRel, and no directory component that exists inside dir as anything
// but a real directory (a symbolic link there could lead anywhere). The
// last component may be anything: a writer replaces it by renaming, which
// never follows a link. dir itself may be a link; it is the caller's choice.
func CheckPath(dir, rel string) error {
	if err := CheckRel(rel); err != nil {
		err.(*PathError).Dir = dir
		return err
	}
	bad := func(reason string) error { return &PathError{Dir: dir, Path: rel, Reason: reason} }
	parts := strings.Split(rel, "/")
	cur := dir
	for _, p := range parts[:len(parts)-1] {
		cur = filepath.Join(cur, p)
		fi, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // nothing below it exists either
		}
		if err != nil {
			return bad(err.Error())
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return bad(cur + " is a symbolic link (heatconf does not write through links inside the output directory; remove it)")
		}
		if !fi.IsDir() {
			return bad(cur + " is not a directory")
		}
	}
	return nil
}

// mkdirUnder creates the directories of rel (a clean relative path, "."
// for none) inside dir one at a time, refusing any that is a symbolic link,
// so that no directory is ever created through one.
func mkdirUnder(dir, rel string) error {
	if rel == "." {
		return nil
	}
	cur := dir
	for _, p := range strings.Split(rel, "/") {
		cur = filepath.Join(cur, p)
		err := os.Mkdir(cur, 0o750)
		if err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
		fi, err := os.Lstat(cur)
		if err != nil {
			return err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return fmt.Errorf("%s is a symbolic link", cur)
		}
		if !fi.IsDir() {
			return fmt.Errorf("%s is not a directory", cur)
		}
	}
	return nil
}
