//go:build unix

package boundedread_test

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/internal/testenv"
)

func write(t *testing.T, p string, data []byte, mode os.FileMode) string {
	t.Helper()
	if err := os.WriteFile(p, data, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil { // umask
		t.Fatal(err)
	}
	return p
}

func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	const max = 1024
	regular := write(t, filepath.Join(dir, "regular"), []byte("hello\n"), 0o644)
	atCap := write(t, filepath.Join(dir, "at-cap"), bytes.Repeat([]byte("x"), max), 0o644)
	tooLarge := write(t, filepath.Join(dir, "too-large"), bytes.Repeat([]byte("x"), max+1), 0o644)
	fifo := testenv.Mkfifo(t, filepath.Join(dir, "fifo"))
	linkRegular := filepath.Join(dir, "link-regular")
	linkFIFO := filepath.Join(dir, "link-fifo")
	if err := os.Symlink(regular, linkRegular); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(fifo, linkFIFO); err != nil {
		t.Fatal(err)
	}
	sub := filepath.Join(dir, "sub")
	if err := os.Mkdir(sub, 0o755); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		path    string
		want    string // content, when no error
		wantErr error  // errors.Is target
		msg     string // in the error text
	}{
		{name: "regular file", path: regular, want: "hello\n"},
		{name: "exactly at cap", path: atCap, want: strings.Repeat("x", max)},
		{name: "too large", path: tooLarge, wantErr: boundedread.ErrTooLarge, msg: "larger than 1 KiB"},
		{name: "named pipe", path: fifo, wantErr: boundedread.ErrNotRegular, msg: "is a named pipe, not a file"},
		{name: "/dev/zero", path: "/dev/zero", wantErr: boundedread.ErrNotRegular, msg: "/dev/zero is a character device, not a file"},
		{name: "directory", path: sub, wantErr: boundedread.ErrNotRegular, msg: "is a directory, not a file"},
		{name: "symlink to a regular file", path: linkRegular, want: "hello\n"},
		{name: "symlink to a named pipe", path: linkFIFO, wantErr: boundedread.ErrNotRegular, msg: "link-fifo is a named pipe"},
		{name: "missing", path: filepath.Join(dir, "missing"), wantErr: fs.ErrNotExist},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []byte
			err := testenv.Within(t, func() (err error) {
				got, err = boundedread.ReadFile(tt.path, max)
				return err
			})
			if tt.wantErr == nil {
				if err != nil {
					t.Fatalf("ReadFile: %v", err)
				}
				if string(got) != tt.want {
					t.Fatalf("ReadFile = %q, want %q", got, tt.want)
				}
				return
			}
			if !errors.Is(err, tt.wantErr) {
				t.Fatalf("ReadFile error = %v, want %v", err, tt.wantErr)
			}
			if !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("ReadFile error %q does not say %q", err, tt.msg)
			}
		})
	}
}

// TestReadFileChecked: the permission check of a secret runs on the fstat
// of the file that is read.
func TestReadFileChecked(t *testing.T) {
	dir := t.TempDir()
	private := func(fi fs.FileInfo) error {
		if p := fi.Mode().Perm(); p&0o077 != 0 {
			return fmt.Errorf("mode %04o: group or others may read it", p)
		}
		return nil
	}
	tests := []struct {
		name string
		mode os.FileMode
		ok   bool
	}{
		{"owner only", 0o600, true},
		{"group readable", 0o640, false},
		{"other readable", 0o604, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := write(t, filepath.Join(dir, tt.name), []byte("s3cret"), tt.mode)
			called := false
			got, err := boundedread.ReadFileChecked(p, boundedread.SecretMax, func(fi fs.FileInfo) error {
				called = true
				if !fi.Mode().IsRegular() {
					t.Errorf("check saw mode %v", fi.Mode())
				}
				return private(fi)
			})
			if !called {
				t.Fatal("check not called")
			}
			if tt.ok != (err == nil) {
				t.Fatalf("ReadFileChecked error = %v, want ok=%v", err, tt.ok)
			}
			if tt.ok && string(got) != "s3cret" {
				t.Fatalf("got %q", got)
			}
		})
	}
	t.Run("named pipe is refused before the check", func(t *testing.T) {
		fifo := testenv.Mkfifo(t, filepath.Join(dir, "fifo"))
		err := testenv.Within(t, func() error {
			_, err := boundedread.ReadFileChecked(fifo, boundedread.SecretMax, func(fs.FileInfo) error {
				t.Error("check called for a named pipe")
				return nil
			})
			return err
		})
		if !errors.Is(err, boundedread.ErrNotRegular) {
			t.Fatalf("error = %v", err)
		}
	})
}

func TestOpenDir(t *testing.T) {
	dir := t.TempDir()
	fifo := testenv.Mkfifo(t, filepath.Join(dir, "fifo"))
	file := write(t, filepath.Join(dir, "file"), nil, 0o644)
	tests := []struct {
		name, path, msg string
	}{
		{"directory", dir, ""},
		{"named pipe", fifo, "is a named pipe, not a directory"},
		{"file", file, "is a file, not a directory"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := testenv.Within(t, func() error {
				d, err := boundedread.OpenDir(tt.path)
				if err == nil {
					d.Close()
				}
				return err
			})
			if tt.msg == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.msg) {
				t.Fatalf("OpenDir error = %v, want %q", err, tt.msg)
			}
		})
	}
}

func TestReadAll(t *testing.T) {
	tests := []struct {
		name string
		n    int
		ok   bool
	}{
		{"empty", 0, true},
		{"under cap", 99, true},
		{"exactly at cap", 100, true},
		{"one byte over", 101, false},
		{"far over", 1 << 20, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := boundedread.ReadAll(bytes.NewReader(make([]byte, tt.n)), 100, "standard input")
			if tt.ok {
				if err != nil || len(got) != tt.n {
					t.Fatalf("ReadAll = %d bytes, %v", len(got), err)
				}
				return
			}
			if !errors.Is(err, boundedread.ErrTooLarge) || !strings.Contains(err.Error(), "standard input is larger than 100 bytes") {
				t.Fatalf("ReadAll error = %v", err)
			}
		})
	}
}

func TestReader(t *testing.T) {
	tests := []struct {
		name string
		n    int
		ok   bool
	}{
		{"under cap", 10, true},
		{"exactly at cap", 100, true},
		{"one byte over", 101, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := boundedread.Reader(bytes.NewReader(make([]byte, tt.n)), 100, "the body")
			got, err := io.ReadAll(r)
			if tt.ok {
				if err != nil || len(got) != tt.n {
					t.Fatalf("read %d bytes, %v", len(got), err)
				}
				return
			}
			if !errors.Is(err, boundedread.ErrTooLarge) || len(got) > 100 {
				t.Fatalf("read %d bytes, %v", len(got), err)
			}
		})
	}
	t.Run("endless", func(t *testing.T) {
		r := boundedread.Reader(zeros{}, 1<<20, "the body")
		n, err := io.Copy(io.Discard, r)
		if !errors.Is(err, boundedread.ErrTooLarge) || n != 1<<20 {
			t.Fatalf("copied %d, %v", n, err)
		}
	})
}

type zeros struct{}

func (zeros) Read(p []byte) (int, error) { clear(p); return len(p), nil }
