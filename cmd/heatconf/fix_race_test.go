//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestFixRaceNeverWritesThroughALink is the --fix race harness: while
// lint --fix and upgrade --fix run again and again on heat.conf, another
// goroutine swaps heat.conf for a symbolic link to a sentinel (a root-owned
// file such as /etc/shadow, in the attack) and back, atomically, as fast as
// it can. The fixed text used to land in the sentinel: the rewrite resolved
// the path again when it wrote. Now the file written is the file read (its
// device and inode, its contents), so the sentinel never changes; each run
// either fixes heat.conf or refuses with a clear error.
func TestFixRaceNeverWritesThroughALink(t *testing.T) {
	const runs = 300
	dir := t.TempDir()
	p := filepath.Join(dir, "heat.conf")
	sentinel := filepath.Join(dir, "shadow")
	const secret = "root:$6$not-a-real-hash:19000:0:99999:7:::\n"
	if err := os.WriteFile(sentinel, []byte(secret), 0o600); err != nil {
		t.Fatal(err)
	}
	// fixable by lint (auth_uri is www_authenticate_uri now) and by upgrade
	// (auth_plugin is auth_type)
	const fixable = "[keystone_authtoken]\nauth_uri = http://keystone:5000\n[trustee]\nauth_plugin = password\n"
	writeFixable := func() {
		tmp := p + ".file"
		if err := os.WriteFile(tmp, []byte(fixable), 0o640); err == nil {
			os.Rename(tmp, p)
		}
	}
	writeFixable()

	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tmp := p + ".link"
		// how long each state lasts, in turn: a run takes about a
		// millisecond, so some runs see one state throughout, others a
		// swap at any moment of theirs
		pauses := []time.Duration{0, 50 * time.Microsecond, 200 * time.Microsecond, time.Millisecond, 3 * time.Millisecond}
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			os.Remove(tmp)
			if os.Symlink(sentinel, tmp) == nil {
				os.Rename(tmp, p) // heat.conf is now a link to the sentinel
			}
			time.Sleep(pauses[i%len(pauses)] / 4)
			writeFixable() // and a regular file again
			time.Sleep(pauses[(i/len(pauses)+i)%len(pauses)])
		}
	}()

	fixed, refused := 0, 0
	for i := range runs {
		args := []string{"lint", "--fix", p}
		if i%2 == 1 {
			args = []string{"upgrade", p, "--from", "zed", "--to", "2025.1", "--fix"}
		}
		r := run(t, nil, args...)
		switch {
		case strings.Contains(r.err, "the file changed since it was read"):
			refused++
		case strings.Contains(r.err, "applied"):
			fixed++
		}
		if b, err := os.ReadFile(sentinel); err != nil || string(b) != secret {
			close(stop)
			wg.Wait()
			t.Fatalf("run %d (%s) changed the sentinel to %q (%v)\nstderr: %s", i, args[0], b, err, r.err)
		}
	}
	close(stop)
	wg.Wait()
	t.Logf("%d runs: %d fixed heat.conf, %d refused a swapped file", runs, fixed, refused)
	if fixed == 0 {
		t.Error("no run fixed heat.conf: the harness tests nothing")
	}
}
