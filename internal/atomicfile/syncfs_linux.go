package atomicfile

import (
	"os"

	"golang.org/x/sys/unix"
)

// syncEachFile is false where one syncfs(2) makes every written file
// durable at once.
const syncEachFile = false

// flushFiles makes every file written so far on the file system that holds
// root durable: one syncfs(2), instead of an fsync per file.
func flushFiles(root string) error { return syncFS(root) }

// flushDirs makes the renames done in dirs durable: one more syncfs(2) on
// the file system that holds root.
func flushDirs(root string, dirs []string) error { return syncFS(root) }

func syncFS(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return unix.Syncfs(int(d.Fd()))
}
