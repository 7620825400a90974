//go:build unix

package testenv

import (
	"syscall"
	"testing"
	"time"
)

// Within runs f and fails t if it does not return within 30 s: reading a
// named pipe or a device must fail at once, not hang. What is caught is a
// read that never ends; the bound is far from the milliseconds f takes so
// that a machine busy with other work cannot fail it (a test that also
// bounds what f costs measures that with Cost).
func Within(t testing.TB, f func() error) error {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- f() }()
	select {
	case err := <-done:
		return err
	case <-time.After(30 * time.Second):
		t.Fatal("blocked for 30 s (a named pipe opened without O_NONBLOCK?)")
		return nil
	}
}

// Mkfifo makes a named pipe at p and returns p; where the system cannot,
// the test is skipped (failed under CI=true).
func Mkfifo(t testing.TB, p string) string {
	t.Helper()
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		Missing(t, "mkfifo ("+err.Error()+")", "a file system with named pipes")
	}
	return p
}
