// Package nolink refuses paths that reach through symbolic links. A
// repository can commit a link (site.toml -> /etc/heat/secrets.toml,
// deploy/out -> /etc/heat), and a path that goes through one reads or
// writes somewhere the operator did not name. Commands follow links only
// when the operator says so on the command line (--follow-symlinks).
package nolink

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/internal/escape"
)

// Error is a path that goes through a symbolic link.
type Error struct {
	Path string // the path as given
	Link string // its first component that is a symbolic link
}

func (e *Error) Error() string {
	if e.Link == e.Path {
		return fmt.Sprintf("%s is a symbolic link: heatconf does not follow links (a repository can commit one); name the file itself, or pass --follow-symlinks", escape.Printable(e.Path))
	}
	return fmt.Sprintf("%s goes through the symbolic link %s: heatconf does not follow links (a repository can commit one); name the real path, or pass --follow-symlinks", escape.Printable(e.Path), escape.Printable(e.Link))
}

// Check returns an *Error when a component of path, as written (not
// cleaned: "a/../b" goes through "a"), is a symbolic link. Components are
// checked from the first; one that does not exist ends the check, as
// nothing below it exists either. For a relative path the directories
// above the working directory are not checked: they are not part of what
// was named.
func Check(path string) error {
	if path == "" {
		return nil
	}
	cur := ""
	rest := path
	if vol := filepath.VolumeName(path); vol != "" {
		cur, rest = vol, path[len(vol):]
	}
	if strings.HasPrefix(rest, string(filepath.Separator)) || strings.HasPrefix(rest, "/") {
		cur += string(filepath.Separator)
	}
	for _, part := range strings.FieldsFunc(rest, func(r rune) bool { return r == '/' || r == filepath.Separator }) {
		if cur == "" || strings.HasSuffix(cur, string(filepath.Separator)) {
			cur += part
		} else {
			cur += string(filepath.Separator) + part
		}
		if part == "." || part == ".." {
			continue // the directory itself or its parent: not a link
		}
		fi, err := os.Lstat(cur)
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if fi.Mode()&fs.ModeSymlink != 0 {
			return &Error{Path: path, Link: cur}
		}
	}
	return nil
}

// ReadFile reads the regular file at path, of at most max bytes (see
// boundedread), refusing a path that goes through a symbolic link (see
// Check). The file read is the file checked: it is compared with what
// lstat saw on the open descriptor, so a swap for a link in between is
// refused too.
func ReadFile(path string, max int64) ([]byte, error) {
	if err := Check(path); err != nil {
		return nil, err
	}
	before, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	return boundedread.ReadFileChecked(path, max, func(now fs.FileInfo) error {
		if !os.SameFile(before, now) {
			return &Error{Path: path, Link: path}
		}
		return nil
	})
}

// ReadFinal is ReadFile for a file that a walk or a search found, whose
// directories are those walked: only the file itself must not be a
// symbolic link (nor be swapped for one before it is opened).
func ReadFinal(path string, max int64) ([]byte, error) {
	before, err := os.Lstat(path)
	if err != nil {
		return nil, err
	}
	if before.Mode()&fs.ModeSymlink != 0 {
		return nil, &Error{Path: path, Link: path}
	}
	return boundedread.ReadFileChecked(path, max, func(now fs.FileInfo) error {
		if !os.SameFile(before, now) {
			return &Error{Path: path, Link: path}
		}
		return nil
	})
}
