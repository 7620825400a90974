package boundedread

import (
	"io/fs"
	"os"
)

// OpenIn is Open for a file inside root: name is relative to root and may
// not leave it, through ".." or a symbolic link (see os.Root). The file
// is opened without blocking and checked on its descriptor, as Open does.
func OpenIn(root *os.Root, name string) (*os.File, fs.FileInfo, error) {
	f, err := root.OpenFile(name, os.O_RDONLY|openFlags, 0)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !fi.Mode().IsRegular() {
		f.Close()
		return nil, nil, &NotRegularError{Path: name, Kind: kind(fi.Mode())}
	}
	return f, fi, nil
}

// ReadFileIn is ReadFileChecked for a file inside root (see OpenIn).
func ReadFileIn(root *os.Root, name string, max int64, check func(fs.FileInfo) error) ([]byte, error) {
	f, fi, err := OpenIn(root, name)
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
		return nil, &TooLargeError{Name: name, Max: max}
	}
	return readAll(f, max, name, fi.Size()+1)
}
