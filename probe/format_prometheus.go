package probe

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// prometheusFormat: the text exposition format for node_exporter's textfile
// collector (write to a temporary file in the collector's directory, then
// rename it to NAME.prom).
type prometheusFormat struct{}

func (prometheusFormat) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	metric := func(name, typ, help string) {
		fmt.Fprintf(bw, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, typ)
	}
	metric("heatconf_probe_healthy", "gauge", "1 if no check failed or could not be made (warnings allowed), else 0.")
	fmt.Fprintf(bw, "heatconf_probe_healthy %d\n", b2i(r.Healthy()))
	metric("heatconf_probe_duration_seconds", "gauge", "How long the whole probe took.")
	fmt.Fprintf(bw, "heatconf_probe_duration_seconds %.3f\n", r.Duration.Seconds())
	metric("heatconf_probe_last_run_timestamp_seconds", "gauge", "When the probe started, in seconds since the Unix epoch.")
	fmt.Fprintf(bw, "heatconf_probe_last_run_timestamp_seconds %d\n", r.StartedAt.Unix())
	metric("heatconf_probe_checks", "gauge", "Number of checks by verdict.")
	c := r.Counts()
	for _, v := range Verdicts() {
		fmt.Fprintf(bw, "heatconf_probe_checks{verdict=%q} %d\n", v, c[v])
	}
	metric("heatconf_probe_check_ok", "gauge", "1 if the check passed (ok or warn), 0 if it failed or could not be made; absent when skipped.")
	for _, res := range r.Checks {
		if res.Verdict != Skip {
			fmt.Fprintf(bw, "heatconf_probe_check_ok{check=\"%s\"} %d\n", labelValue(res.ID), b2i(res.Verdict.passed()))
		}
	}
	metric("heatconf_probe_check_verdict", "gauge", "1 on the series of the check's verdict (ok, warn, fail, skip, error), 0 on the others.")
	for _, res := range r.Checks {
		for _, v := range Verdicts() {
			fmt.Fprintf(bw, "heatconf_probe_check_verdict{check=\"%s\",verdict=\"%s\"} %d\n", labelValue(res.ID), v, b2i(res.Verdict == v))
		}
	}
	metric("heatconf_probe_check_duration_seconds", "gauge", "How long the check took (0 when skipped).")
	for _, res := range r.Checks {
		fmt.Fprintf(bw, "heatconf_probe_check_duration_seconds{check=\"%s\"} %.3f\n", labelValue(res.ID), res.Duration.Seconds())
	}
	return bw.Flush()
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// labelValue escapes a label value: backslash, double quote and newline.
func labelValue(s string) string {
	return promLabel.Replace(s)
}

// promLabel escapes a Prometheus label value (built on first use).
var promLabel = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
