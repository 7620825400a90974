//go:build unix

package testenv

import (
	"runtime"
	"syscall"
	"testing"
	"time"
)

// Cost runs f and returns what it cost: the processor time the process
// used meanwhile (user and system, every thread, the collector's
// included) and the bytes it allocated. Neither is the wall clock: a
// machine busy with other processes, or slower or faster by a few times,
// barely moves them, so a test can bound the cost of a hostile input
// tightly enough to catch a quadratic or exponential blow-up without
// failing on a loaded machine. Tests that measure run one at a time (not
// t.Parallel): the figures are the whole process's.
func Cost(t testing.TB, f func()) (cpu time.Duration, alloc uint64) {
	t.Helper()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := cpuTime(t)
	f()
	cpu = cpuTime(t) - start
	runtime.ReadMemStats(&after)
	return cpu, after.TotalAlloc - before.TotalAlloc
}

// cpuTime is the processor time the process has used so far.
func cpuTime(t testing.TB) time.Duration {
	t.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		t.Fatalf("getrusage: %v", err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
