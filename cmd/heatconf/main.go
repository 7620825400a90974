// Command heatconf renders, lints and probes OpenStack Heat configuration.
package main

import (
	"os"

	"github.com/heatconf/heatconf/internal/env"
)

func main() {
	os.Exit(Main(os.Args[1:], Streams{In: os.Stdin, Out: os.Stdout, Err: os.Stderr}, env.OS))
}
