package runner

import (
	"os"
	"path/filepath"
	"sync"
)

// inWorkTree reports whether path lies in a version-controlled work tree
// (a .git directory, or a worktree's .git file, in it or a directory
// above): a checkout's mode says nothing about the file as installed on a
// host, so its unit gives lint's file-permissions rule no mode to judge.
func inWorkTree(path string) bool {
	if real, err := filepath.EvalSymlinks(path); err == nil {
		path = real // a link into a work tree leads to a file of it
	}
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return false
	}
	return dirInWorkTree(dir)
}

// workTrees caches dirInWorkTree by directory: a run over 10,000 files
// of one directory looks up the tree once.
var workTrees sync.Map // string -> bool

func dirInWorkTree(dir string) bool {
	if v, ok := workTrees.Load(dir); ok {
		return v.(bool)
	}
	in := false
	if _, err := os.Lstat(filepath.Join(dir, ".git")); err == nil {
		in = true
	} else if parent := filepath.Dir(dir); parent != dir {
		in = dirInWorkTree(parent)
	}
	workTrees.Store(dir, in)
	return in
}
