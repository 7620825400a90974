// Command heatconf renders, lints and probes OpenStack Heat configuration.
package main

import (
	"os"
	"runtime/debug"

	"github.com/heatconf/heatconf/internal/env"
)

// memoryLimit is the heap heatconf's garbage collector keeps to, unless
// GOMEMLIMIT says otherwise: a soft limit, under which a large input (a
// heat.conf of 100,000 sections and as many findings) stays within 256 MB
// rather than the twice its live heap the collector lets it reach by
// default. A live heap above it is not refused, only collected harder.
const memoryLimit = 192 << 20

func main() {
	if _, set := env.OS("GOMEMLIMIT"); !set {
		debug.SetMemoryLimit(memoryLimit)
	}
	os.Exit(Main(os.Args[1:], Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, env.OS))
}
