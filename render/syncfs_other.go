//go:build !linux

package render

import "os"

// syncFS flushes dir itself where syncfs(2) does not exist; the files'
// data reaches the disk as the operating system decides.
func syncFS(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
