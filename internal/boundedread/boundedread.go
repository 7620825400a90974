// Package boundedread is the one place heatconf reads files, standard input
// and HTTP bodies: every read has a size cap, and only regular files are
// read.
//
// Files are opened without blocking (O_NONBLOCK), so that opening a named
// pipe returns at once instead of waiting for a writer; the open file is
// then checked with fstat (never stat-then-open, which a swap of the path
// between the two calls would defeat), anything but a regular file is
// refused, and at most the cap plus one byte is read.
package boundedread

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// The caps. Each is far above what a real input of its kind holds, and far
// below what would hurt a CI runner or an operator's laptop.
const (
	// SiteMax bounds a site file: hand-written TOML of a few KB.
	SiteMax int64 = 1 << 20
	// SecretMax bounds a secret file (site `file:` reference): a password
	// or key; a 16384-bit RSA key in PEM is about 13 KB.
	SecretMax int64 = 64 << 10
	// ConfMax bounds one heat.conf or drop-in, and standard input of
	// `lint -`: the full generated sample is about 200 KB, the 20,000-line
	// benchmark file about 1 MB.
	ConfMax int64 = 16 << 20
	// SchemaMax bounds an oslo-config-generator YAML (--schema): Heat's is
	// about 320 KB (schema/data). The YAML decoder holds the whole
	// document as nodes, about 30 times its size: 4 MiB costs about a
	// second and 150 MB, where 56 MB cost 17 s and 1.6 GB.
	SchemaMax int64 = 4 << 20
	// ToolConfigMax bounds .heatconf.toml: a few lines of settings.
	ToolConfigMax int64 = 1 << 20
	// CABundleMax bounds a CA bundle, client certificate or key: Mozilla's
	// whole bundle is about 220 KB.
	CABundleMax int64 = 16 << 20
	// CloudsYAMLMax bounds clouds.yaml, secure.yaml and clouds-public.yaml:
	// a few KB even with dozens of clouds.
	CloudsYAMLMax int64 = 1 << 20
	// HTTPBodyMax bounds every HTTP response body probe reads: a token with
	// the catalog of a large cloud is well under 1 MB.
	HTTPBodyMax int64 = 16 << 20
)

// ErrTooLarge is wrapped by every error for an input over its cap.
var ErrTooLarge = errors.New("too large")

// ErrNotRegular is wrapped by every error for a path that is not a regular
// file (a named pipe, device, socket or directory).
var ErrNotRegular = errors.New("not a regular file")

// TooLargeError is an input larger than its cap.
type TooLargeError struct {
	Name string // the path, or what was read ("standard input")
	Max  int64
}

func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %s, the most heatconf reads for it", e.Name, Size(e.Max))
}

// Is makes errors.Is(err, ErrTooLarge) true.
func (e *TooLargeError) Is(target error) bool { return target == ErrTooLarge }

// NotRegularError is a path that names something other than a regular
// file.
type NotRegularError struct {
	Path string
	Kind string // "a named pipe", "a directory", ...
	Want string // "a file" when empty; "a directory" for OpenDir
}

func (e *NotRegularError) Error() string {
	want := e.Want
	if want == "" {
		want = "a file"
	}
	return fmt.Sprintf("%s is %s, not %s", e.Path, e.Kind, want)
}

// Is makes errors.Is(err, ErrNotRegular) true.
func (e *NotRegularError) Is(target error) bool { return target == ErrNotRegular }

// Size writes a cap for people: "64 KiB", "16 MiB".
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// kind names a file type for NotRegularError.
func kind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a block device"
	case m.IsDir():
		return "a directory"
	}
	return "not a regular file (mode " + m.String() + ")"
}

// openNonblocking opens path for reading without waiting for a writer
// (named pipes) and returns the open file with its fstat.
func openNonblocking(path string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(path, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// Open opens the regular file at path for reading, following symbolic
// links, and returns it with its fstat. Anything but a regular file is a
// *NotRegularError; a missing file is the *fs.PathError of os.Open.
func Open(path string) (*os.File, fs.FileInfo, error) {
	f, fi, err := openNonblocking(path)
	if err != nil {
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, &NotRegularError{Path: path, Kind: kind(fi.Mode())}
	}
	return f, fi, nil
}

// OpenDir opens the directory at path for listing, without blocking on a
// named pipe put in its place. Anything but a directory is a
// *NotRegularError (its Kind says what it is).
func OpenDir(path string) (*os.File, error) {
	f, fi, err := openNonblocking(path)
	if err != nil {
		return nil, err
	}
	if !fi.IsDir() {
		f.Close()
		k := kind(fi.Mode())
		if fi.Mode().IsRegular() {
			k = "a file"
		}
		return nil, &NotRegularError{Path: path, Kind: k, Want: "a directory"}
	}
	return f, nil
}

// ReadFile reads the regular file at path, of at most max bytes.
func ReadFile(path string, max int64) ([]byte, error) {
	return ReadFileChecked(path, max, nil)
}

// ReadFileChecked is ReadFile with check run on the fstat of the open file
// before anything is read (for permission checks that must hold for the
// very file read, not for whatever the path named a moment before).
func ReadFileChecked(path string, max int64, check func(fs.FileInfo) error) ([]byte, error) {
	f, fi, err := Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if check != nil {
		if err := check(fi); err != nil {
			return nil, err
		}
	}
	if fi.Size() > max {
		return nil, &TooLargeError{Name: path, Max: max}
	}
	// The size is a hint only: /proc files say 0, and a file may grow.
	return readAll(f, max, path, fi.Size()+1)
}

// ReadAll reads r to its end, of at most max bytes; name says what r is in
// the error ("standard input").
func ReadAll(r io.Reader, max int64, name string) ([]byte, error) {
	return readAll(r, max, name, 512)
}

func readAll(r io.Reader, max int64, name string, hint int64) ([]byte, error) {
	if hint < 512 {
		hint = 512
	}
	if hint > max+1 {
		hint = max + 1
	}
	buf := make([]byte, 0, hint)
	lr := io.LimitReader(r, max+1)
	for {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := lr.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if int64(len(buf)) > max {
			return nil, &TooLargeError{Name: name, Max: max}
		}
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// Reader returns a reader of r that fails with a *TooLargeError once more
// than max bytes were read (io.LimitReader ends quietly instead, which
// would make a truncated input look whole).
func Reader(r io.Reader, max int64, name string) io.Reader {
	return &limited{r: r, left: max, max: max, name: name}
}

// ReadCloser is Reader for a body that must be closed.
func ReadCloser(rc io.ReadCloser, max int64, name string) io.ReadCloser {
	return struct {
		io.Reader
		io.Closer
	}{Reader(rc, max, name), rc}
}

type limited struct {
	r         io.Reader
	left, max int64
	name      string
}

func (l *limited) Read(p []byte) (int, error) {
	if l.left < 0 {
		return 0, &TooLargeError{Name: l.name, Max: l.max}
	}
	// read one byte more than is left, to tell "ends at the cap" from
	// "goes on past it"
	if int64(len(p)) > l.left+1 {
		p = p[:l.left+1]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	if l.left < 0 {
		n += int(l.left) // drop what is past the cap
		return n, &TooLargeError{Name: l.name, Max: l.max}
	}
	return n, err
}
