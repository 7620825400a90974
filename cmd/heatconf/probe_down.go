package main

import (
	"fmt"
	"path/filepath"
	"time"

	"github.com/heatconf/heatconf/probe"
)

// probeDown ends a probe that could not run. With --format prometheus it
// first writes heatconf_probe_up 0 where the report would have gone (to
// --output atomically, or to standard output), so that node_exporter's
// textfile collector stops serving the last good run; err is then
// returned, with its exit code.
func probeDown(o *probeOptions, err error) error {
	if o.Format != "prometheus" {
		return err
	}
	werr := probe.WriteDown(o.Output, o.IO.Out, time.Now())
	if werr == nil && o.Output != "" {
		fmt.Fprintf(o.IO.Err, "heatconf: heatconf_probe_up 0 written to %s\n", filepath.Clean(o.Output))
	}
	if werr != nil {
		return fatal(fmt.Errorf("%v (and heatconf_probe_up 0 could not be written: %v)", err, werr))
	}
	return err
}
