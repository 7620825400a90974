package exporter

import (
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/heatconf/heatconf/probe"
)

// The exporter's own metrics in Prometheus's text exposition format,
// written here rather than with client_golang: that library's packages
// register their collectors when the binary starts, which every heatconf
// command would pay for (about 1 ms and a 4 MB larger binary), while the
// exporter needs a handful of numbers.

// counter is a counter with labels; its series are written sorted, so
// that the output is stable.
type counter struct {
	name, help string
	labels     []string
	mu         sync.Mutex
	values     map[string]float64 // by the series' label pairs, written out
}

func newCounter(name, help string, labels ...string) *counter {
	return &counter{name: name, help: help, labels: labels, values: map[string]float64{}}
}

// inc adds one to the series of these label values (one per label).
func (c *counter) inc(values ...string) {
	pairs := make([]string, len(c.labels))
	for i, l := range c.labels {
		pairs[i] = l + `="` + probe.LabelValue(values[i]) + `"`
	}
	slices.Sort(pairs) // by label name, as Prometheus's own exporters write them
	key := strings.Join(pairs, ",")
	c.mu.Lock()
	c.values[key]++
	c.mu.Unlock()
}

func (c *counter) write(w io.Writer) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s counter\n", c.name, c.help, c.name)
	c.mu.Lock()
	defer c.mu.Unlock()
	keys := make([]string, 0, len(c.values))
	for k := range c.values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		fmt.Fprintf(w, "%s{%s} %s\n", c.name, k, strconv.FormatFloat(c.values[k], 'g', -1, 64))
	}
}

// gauge writes one sample of a metric with no labels.
func gauge(w io.Writer, name, kind, help string, v float64) {
	fmt.Fprintf(w, "# HELP %s %s\n# TYPE %s %s\n%s %s\n", name, help, name, kind, name, strconv.FormatFloat(v, 'g', -1, 64))
}

// started is when the process started, near enough for
// process_start_time_seconds.
var started = time.Now()

// writeProcess writes the process and Go runtime metrics that Prometheus's
// own exporters name the same way.
func writeProcess(w io.Writer) {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
		gauge(w, "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.", cpu.Seconds())
	}
	if rss, ok := residentBytes(); ok {
		gauge(w, "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.", float64(rss))
	}
	if fds, err := os.ReadDir("/proc/self/fd"); err == nil {
		gauge(w, "process_open_fds", "gauge", "Number of open file descriptors.", float64(len(fds)))
	}
	gauge(w, "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.", float64(started.UnixNano())/1e9)
	gauge(w, "go_goroutines", "gauge", "Number of goroutines that currently exist.", float64(runtime.NumGoroutine()))
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	gauge(w, "go_memstats_heap_alloc_bytes", "gauge", "Number of heap bytes allocated and currently in use.", float64(ms.HeapAlloc))
	gauge(w, "go_memstats_sys_bytes", "gauge", "Number of bytes obtained from system.", float64(ms.Sys))
}

// residentBytes reads the resident set from /proc/self/statm (Linux).
func residentBytes() (int64, bool) {
	data, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0, false
	}
	f := strings.Fields(string(data))
	if len(f) < 2 {
		return 0, false
	}
	pages, err := strconv.ParseInt(f[1], 10, 64)
	if err != nil {
		return 0, false
	}
	return pages * int64(os.Getpagesize()), true
}
