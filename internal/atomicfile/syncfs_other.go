//go:build !linux

package atomicfile

import "os"

// syncEachFile is true where there is no syncfs(2): each temporary file is
// flushed (fsync) before it is closed.
const syncEachFile = true

// flushFiles has nothing left to do: each file was flushed as it was written.
func flushFiles(root string) error { return nil }

// flushDirs makes the renames durable by flushing each directory they were
// done in.
func flushDirs(root string, dirs []string) error {
	for _, dir := range dirs {
		d, err := os.Open(dir)
		if err != nil {
			return err
		}
		err = d.Sync()
		d.Close()
		if err != nil {
			return err
		}
	}
	return nil
}
