package atomicfile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// ErrHardLinked means the file has other names: replacing it would split
// them (the other names would keep the old contents). Rewrite with
// InPlace rewrites the file itself instead.
var ErrHardLinked = errors.New("the file has other hard links")

// ErrReadOnly means the file's owner may not write it.
var ErrReadOnly = errors.New("the file is read-only")

// RewriteOptions tune Rewrite.
type RewriteOptions struct {
	// InPlace rewrites a hard-linked file through its inode (truncate and
	// write, then fsync): every name sees the new contents, at the price
	// of a moment in which a reader could see a partial file.
	InPlace bool
}

// Rewrite replaces the contents of an existing file as an editor would,
// keeping what the file is: a symbolic link is followed and its target
// rewritten (the link stays a link); the owner, group and mode are kept
// (the new file is given them before any byte is written); a read-only
// file is refused (ErrReadOnly); a file with other hard links is refused
// (ErrHardLinked) unless opts.InPlace. The replacement is atomic otherwise.
func Rewrite(path string, data []byte, opts RewriteOptions) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("rewriting %s: %w", path, err)
	}
	fi, err := os.Lstat(target)
	if err != nil {
		return fmt.Errorf("rewriting %s: %w", path, err)
	}
	if !fi.Mode().IsRegular() {
		return fmt.Errorf("rewriting %s: %s is not a regular file", path, target)
	}
	if fi.Mode().Perm()&0o200 == 0 {
		return fmt.Errorf("rewriting %s (mode %04o): %w; make it writable first if the change is wanted", path, fi.Mode().Perm(), ErrReadOnly)
	}
	own, links := ownerOf(fi)
	if links > 1 {
		if !opts.InPlace {
			return fmt.Errorf("rewriting %s: %w (%d names); replacing it would leave the others unchanged: use --force to rewrite it in place", path, ErrHardLinked, links)
		}
		return rewriteInPlace(target, data)
	}
	tmp, err := writeTemp(target, fi.Mode().Perm(), data, own)
	if err != nil {
		return err
	}
	if err := flushFiles(filepath.Dir(target)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("flushing %s to disk: %w", target, err)
	}
	if err := os.Rename(tmp, target); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("moving %s into place: %w", target, err)
	}
	if err := flushDirs(filepath.Dir(target), []string{filepath.Dir(target)}); err != nil {
		return fmt.Errorf("flushing %s to disk: %w", target, err)
	}
	return nil
}

// rewriteInPlace truncates the file and writes data through the same
// inode, so every hard link sees it.
func rewriteInPlace(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		return fmt.Errorf("rewriting %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return fmt.Errorf("rewriting %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return fmt.Errorf("flushing %s to disk: %w", path, err)
	}
	return f.Close()
}
