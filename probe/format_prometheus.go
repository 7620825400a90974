package probe

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/heatconf/heatconf/internal/atomicfile"
)

// prometheusFormat: the text exposition format for node_exporter's textfile
// collector (write to a temporary file in the collector's directory, then
// rename it to NAME.prom). A run that happened has heatconf_probe_up 1; see
// WritePrometheusDown for one that could not.
type prometheusFormat struct{}

func (prometheusFormat) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	metric := func(name, typ, help string) {
		fmt.Fprintf(bw, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}
	metric("heatconf_probe_up", "gauge", upHelp)
	fmt.Fprintln(bw, "heatconf_probe_up 1")
	metric("heatconf_probe_healthy", "gauge", healthyHelp)
	fmt.Fprintf(bw, "heatconf_probe_healthy %d\n", b2i(r.Healthy()))
	metric("heatconf_probe_duration_seconds", "gauge", "How long the whole probe took.")
	fmt.Fprintf(bw, "heatconf_probe_duration_seconds %.3f\n", r.Duration.Seconds())
	metric("heatconf_probe_last_run_timestamp_seconds", "gauge", lastRunHelp)
	fmt.Fprintf(bw, "heatconf_probe_last_run_timestamp_seconds %d\n", r.StartedAt.Unix())
	metric("heatconf_probe_checks", "gauge", "Number of checks by verdict.")
	c := r.Counts()
	for _, v := range Verdicts() {
		fmt.Fprintf(bw, "heatconf_probe_checks{verdict=%q} %d\n", v, c[v])
	}
	metric("heatconf_probe_check_ok", "gauge", "1 if the check passed (ok or warn), 0 if it failed or could not be made; absent when skipped.")
	for _, res := range r.Checks {
		if res.Verdict != Skip {
			fmt.Fprintf(bw, "heatconf_probe_check_ok{check=\"%s\"} %d\n", LabelValue(res.ID), b2i(res.Verdict.passed()))
		}
	}
	metric("heatconf_probe_check_verdict", "gauge", "1 on the series of the check's verdict (ok, warn, fail, skip, error), 0 on the others.")
	for _, res := range r.Checks {
		for _, v := range Verdicts() {
			fmt.Fprintf(bw, "heatconf_probe_check_verdict{check=\"%s\",verdict=\"%s\"} %d\n", LabelValue(res.ID), v, b2i(res.Verdict == v))
		}
	}
	metric("heatconf_probe_check_duration_seconds", "gauge", "How long the check took (0 when skipped).")
	for _, res := range r.Checks {
		fmt.Fprintf(bw, "heatconf_probe_check_duration_seconds{check=\"%s\"} %.3f\n", LabelValue(res.ID), res.Duration.Seconds())
	}
	return bw.Flush()
}

const (
	upHelp      = "1 if the probe ran, 0 if it could not (bad credentials source, unreadable CA file, no credentials)."
	healthyHelp = "1 if no check failed or could not be made (warnings allowed), else 0."
	lastRunHelp = "When the probe started, in seconds since the Unix epoch."
)

// WritePrometheusDown writes the exposition of a probe that could not run
// at now: heatconf_probe_up 0 and heatconf_probe_healthy 0, so that a
// textfile collector serves that instead of the last good run's file.
func WritePrometheusDown(w io.Writer, now time.Time) error {
	_, err := fmt.Fprintf(w, `# HELP heatconf_probe_up %s
# TYPE heatconf_probe_up gauge
heatconf_probe_up 0
# HELP heatconf_probe_healthy %s
# TYPE heatconf_probe_healthy gauge
heatconf_probe_healthy 0
# HELP heatconf_probe_last_run_timestamp_seconds %s
# TYPE heatconf_probe_last_run_timestamp_seconds gauge
heatconf_probe_last_run_timestamp_seconds %d
`, upHelp, healthyHelp, lastRunHelp, now.Unix())
	return err
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// LabelValue escapes a Prometheus label value: backslash, double quote
// and newline (for the exporter's own metrics too).
func LabelValue(s string) string {
	return promLabel.Replace(s)
}

// promLabel escapes a Prometheus label value (built on first use).
var promLabel = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

// WriteDown writes the exposition of a probe that could not run
// (WritePrometheusDown) to the file output, atomically, or to w when
// output is "".
func WriteDown(output string, w io.Writer, now time.Time) error {
	var buf bytes.Buffer
	WritePrometheusDown(&buf, now)
	if output == "" {
		_, err := w.Write(buf.Bytes())
		return err
	}
	return atomicfile.WriteFile(output, buf.Bytes(), 0o644)
}
