package atomicfile

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// ErrHardLinked means the file has other names: replacing it would split
// them (the other names would keep the old contents). Rewrite with
// InPlace rewrites the file itself instead.
var ErrHardLinked = errors.New("the file has other hard links")

// ErrReadOnly means the file's owner may not write it.
var ErrReadOnly = errors.New("the file is read-only")

// ErrChanged means the path no longer leads to the file that was read, or
// that file no longer holds what was read: it was replaced (by a symbolic
// link, another file, a rename) or edited in between. Nothing is written.
var ErrChanged = errors.New("the file changed since it was read")

// RewriteOptions tune Rewrite.
type RewriteOptions struct {
	// InPlace rewrites a hard-linked file through its inode (truncate and
	// write, then fsync): every name sees the new contents, at the price
	// of a moment in which a reader could see a partial file.
	InPlace bool
	// Read is the file the new contents were made from, as fstat saw it
	// on the descriptor it was read through. When set, Rewrite writes to
	// that file only (the same device and inode, see os.SameFile): if the
	// path now leads to another, it refuses with ErrChanged. Without it
	// Rewrite writes to whatever the path leads to when it is called.
	Read fs.FileInfo
	// Old is what was read from the file: with Read, a file that no longer
	// holds exactly Old is refused with ErrChanged (an edit made since
	// would be lost).
	Old []byte
}

// Rewrite replaces the contents of an existing file as an editor would,
// keeping what the file is: a symbolic link is followed and its target
// rewritten (the link stays a link); the owner, group and mode are kept
// (the new file is given them before any byte is written); a read-only
// file is refused (ErrReadOnly); a file with other hard links is refused
// (ErrHardLinked) unless opts.InPlace. The replacement is atomic otherwise.
//
// The file written is the file checked, and with opts.Read the file that
// was read: the path is resolved once, the file at the end of it is opened
// without following a link and checked on that descriptor, an in-place
// rewrite writes through a descriptor checked the same way, and a
// replacement is exchanged with the file atomically where the system can
// (renameat2 RENAME_EXCHANGE on Linux) and put back if what it replaced was
// not that file; elsewhere the file is checked again just before the
// rename. A path swapped for a symbolic link between reading and writing
// (to /etc/shadow, say) therefore gets ErrChanged, never a write into the
// link's target.
func Rewrite(path string, data []byte, opts RewriteOptions) error {
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return fmt.Errorf("rewriting %s: %w", path, err)
	}
	fi, err := checkTarget(path, target, opts)
	if err != nil {
		return err
	}
	if fi.Mode().Perm()&0o200 == 0 {
		return fmt.Errorf("rewriting %s (mode %04o): %w; make it writable first if the change is wanted", path, fi.Mode().Perm(), ErrReadOnly)
	}
	own, links := ownerOf(fi)
	if links > 1 {
		if !opts.InPlace {
			return fmt.Errorf("rewriting %s: %w (%d names); replacing it would leave the others unchanged: use --force to rewrite it in place", path, ErrHardLinked, links)
		}
		return rewriteInPlace(path, target, fi, data)
	}
	tmp, err := writeTemp(target, fi.Mode().Perm(), data, own)
	if err != nil {
		return err
	}
	if err := flushFiles(filepath.Dir(target)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("flushing %s to disk: %w", target, err)
	}
	if err := replace(tmp, target, fi); err != nil {
		os.Remove(tmp)
		if errors.Is(err, ErrChanged) {
			return fmt.Errorf("rewriting %s: %w (it was replaced while the fixes were made); nothing was written", path, ErrChanged)
		}
		return fmt.Errorf("moving %s into place: %w", target, err)
	}
	if err := flushDirs(filepath.Dir(target), []string{filepath.Dir(target)}); err != nil {
		return fmt.Errorf("flushing %s to disk: %w", target, err)
	}
	return nil
}

// checkTarget opens target (path resolved) without following a link,
// checks on the descriptor that it is a regular file and, with opts.Read,
// the file read holding opts.Old, and returns its fstat.
func checkTarget(path, target string, opts RewriteOptions) (fs.FileInfo, error) {
	changed := func(why string) error {
		return fmt.Errorf("rewriting %s: %w (%s); nothing was written", path, ErrChanged, why)
	}
	f, err := os.OpenFile(target, os.O_RDONLY|openNoFollow, 0)
	if isLinkError(err) {
		return nil, changed("it is a symbolic link now")
	}
	if err != nil {
		return nil, fmt.Errorf("rewriting %s: %w", path, err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Errorf("rewriting %s: %w", path, err)
	}
	if opts.Read != nil && !sameFile(opts.Read, fi) {
		return nil, changed("the path leads to another file than the one read")
	}
	if !fi.Mode().IsRegular() {
		return nil, fmt.Errorf("rewriting %s: %s is not a regular file", path, target)
	}
	if opts.Read != nil && opts.Old != nil {
		now, err := io.ReadAll(io.LimitReader(f, int64(len(opts.Old))+1))
		if err != nil {
			return nil, fmt.Errorf("rewriting %s: %w", path, err)
		}
		if !bytes.Equal(now, opts.Old) {
			return nil, changed("it was edited since it was read")
		}
	}
	return fi, nil
}

// rewriteInPlace truncates the file and writes data through the same
// inode, so every hard link sees it. The descriptor written through is
// checked to be the file checked before (want).
func rewriteInPlace(path, target string, want fs.FileInfo, data []byte) error {
	f, err := os.OpenFile(target, os.O_WRONLY|openNoFollow, 0)
	if isLinkError(err) {
		return fmt.Errorf("rewriting %s: %w (it is a symbolic link now); nothing was written", path, ErrChanged)
	}
	if err != nil {
		return fmt.Errorf("rewriting %s: %w", path, err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return fmt.Errorf("rewriting %s: %w", path, err)
	} else if !sameFile(want, fi) {
		return fmt.Errorf("rewriting %s: %w (it was replaced while the fixes were made); nothing was written", path, ErrChanged)
	}
	if err := f.Truncate(0); err != nil {
		return fmt.Errorf("rewriting %s: %w", path, err)
	}
	if _, err := f.WriteAt(data, 0); err != nil {
		return fmt.Errorf("rewriting %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("flushing %s to disk: %w", path, err)
	}
	return f.Close()
}

// replaceByRename moves tmp over dst after checking that dst is still the
// file want: the fallback where no atomic exchange is at hand, which
// leaves the moment between the check and the rename.
func replaceByRename(tmp, dst string, want fs.FileInfo) error {
	fi, err := os.Lstat(dst)
	if err != nil {
		return err
	}
	if !sameFile(want, fi) {
		return ErrChanged
	}
	return os.Rename(tmp, dst)
}

// sameFile reports whether fi is the regular file want: the same device
// and inode (os.SameFile), and a regular file still. A file system may
// give a freed inode number to the next thing made (ext4 does, at once),
// so a symbolic link put where the file was can carry its number; its type
// tells it apart. A new regular file that reuses the number is told apart
// by the contents (RewriteOptions.Old).
func sameFile(want, fi fs.FileInfo) bool {
	return fi.Mode().IsRegular() && os.SameFile(want, fi)
}
