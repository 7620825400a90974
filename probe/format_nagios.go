package probe

import (
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// Nagios plugin exit codes.
const (
	NagiosOK       = 0
	NagiosWarning  = 1
	NagiosCritical = 2
	NagiosUnknown  = 3
)

// NagiosCode maps a report to the plugin exit code: a failed check is
// CRITICAL, one that could not be made UNKNOWN, a warning WARNING.
func NagiosCode(r *Report) int {
	switch r.Status() {
	case Fail:
		return NagiosCritical
	case Error:
		return NagiosUnknown
	case Warn:
		return NagiosWarning
	}
	return NagiosOK
}

var nagiosState = []string{"OK", "WARNING", "CRITICAL", "UNKNOWN"}

// NagiosFirstLineMax is the most bytes the first line of the Nagios output
// holds, perfdata included: NRPE 2 cuts the whole output at 1 KiB and some
// front ends show only the first line, so the state, the summary and the
// summary perfdata fit in a fraction of that.
const NagiosFirstLineMax = 200

// nagiosLongLineMax caps each long text line.
const nagiosLongLineMax = 400

// NagiosUnknownLine is the line for a probe that could not run.
func NagiosUnknownLine(err error) string {
	const prefix = "HEAT UNKNOWN - "
	return prefix + nagiosText(err.Error(), NagiosFirstLineMax-len(prefix))
}

// nagiosFormat follows the monitoring-plugins guidelines' multi-line form:
//
//	HEAT STATE - summary | summary perfdata
//	one long text line per check, the failed, could-not-check and warning
//	ones first, then the rest in report order; the last | per-check perfdata
//	per-check perfdata, one label a line
//
// The first line stays within NagiosFirstLineMax bytes. The perfdata labels
// are the same on every run: the summary labels, then every check of the
// report, a skipped check with the value U (unknown).
type nagiosFormat struct{}

func (nagiosFormat) Write(w io.Writer, r *Report) error {
	var b strings.Builder
	b.WriteString(nagiosFirstLine(r))
	b.WriteByte('\n')
	perf := nagiosCheckPerf(r)
	lines := nagiosLongText(r)
	for i, l := range lines {
		b.WriteString(l)
		if i == len(lines)-1 && len(perf) > 0 {
			b.WriteString(" | ")
			b.WriteString(perf[0])
			perf = perf[1:]
		}
		b.WriteByte('\n')
	}
	for _, p := range perf {
		b.WriteString(p)
		b.WriteByte('\n')
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// nagiosFirstLine is "HEAT STATE - summary | summary perfdata", at most
// NagiosFirstLineMax bytes: when the summary does not fit, it names fewer
// checks ("and 17 more"), and is cut as a last resort.
func nagiosFirstLine(r *Report) string {
	code := NagiosCode(r)
	prefix := "HEAT " + nagiosState[code] + " - "
	perf := " | " + strings.Join(nagiosSummaryPerf(r), " ")
	room := NagiosFirstLineMax - len(prefix) - len(perf)
	summary := nagiosSummary(r, len(r.Checks))
	for k := len(r.Checks) - 1; k >= 0 && len(summary) > room; k-- {
		summary = nagiosSummary(r, k)
	}
	return prefix + truncate(summary, room) + perf
}

// nagiosSummary says how many checks of how many did not pass, and which
// (at most k of each verdict): "2 of 21 checks failed: keystone-token,
// heat-engines".
func nagiosSummary(r *Report, k int) string {
	c := r.Counts()
	n := len(r.Checks)
	if r.Status() == OK {
		s := fmt.Sprintf("%d of %d checks ok", c[OK], n)
		if c[Skip] > 0 {
			s += fmt.Sprintf(", %d skipped", c[Skip])
		}
		return s
	}
	var parts []string
	for _, v := range []Verdict{Fail, Error, Warn} {
		ids := r.Failing(v)
		if len(ids) == 0 {
			continue
		}
		what := map[Verdict]string{Fail: "failed", Error: "could not be made", Warn: "warned"}[v]
		named := ids[:min(k, len(ids))]
		list := strings.Join(named, ", ")
		switch more := len(ids) - len(named); {
		case more > 0 && len(named) > 0:
			list += fmt.Sprintf(" and %d more", more)
		case more > 0:
			list = fmt.Sprintf("%d checks", more)
		}
		if len(parts) == 0 {
			parts = append(parts, fmt.Sprintf("%d of %d checks %s: %s", len(ids), n, what, nagiosText(list, 1000)))
		} else {
			parts = append(parts, fmt.Sprintf("%d %s: %s", len(ids), what, nagiosText(list, 1000)))
		}
	}
	return strings.Join(parts, "; ")
}

// nagiosSummaryPerf is the fixed set of summary labels: the count of each
// verdict out of all checks, and the probe's time.
func nagiosSummaryPerf(r *Report) []string {
	c := r.Counts()
	n := len(r.Checks)
	var perf []string
	for _, v := range []Verdict{OK, Warn, Fail, Error, Skip} {
		perf = append(perf, fmt.Sprintf("%s=%d;;;0;%d", v, c[v], n))
	}
	return append(perf, fmt.Sprintf("time=%.3fs;;;0", r.Duration.Seconds()))
}

// nagiosCheckPerf is each check's time, skipped ones included as U, so
// that the labels do not change from one run to the next.
func nagiosCheckPerf(r *Report) []string {
	var perf []string
	for _, res := range r.Checks {
		if res.Verdict == Skip {
			perf = append(perf, fmt.Sprintf("'%s'=U;;;0", perfLabel(res.ID)))
		} else {
			perf = append(perf, fmt.Sprintf("'%s'=%.3fs;;;0", perfLabel(res.ID), res.Duration.Seconds()))
		}
	}
	return perf
}

// nagiosLongText is one line per check: the failed, could-not-check and
// warning ones first (in that order), with their hints, then the others in
// report order.
func nagiosLongText(r *Report) []string {
	line := func(res Result) string {
		s := fmt.Sprintf("%s %s: %s", res.ID, res.Verdict, res.Message)
		if res.Hint != "" && res.Verdict != OK && res.Verdict != Skip {
			s += " - hint: " + res.Hint
		}
		return nagiosText(s, nagiosLongLineMax)
	}
	var lines []string
	for _, v := range []Verdict{Fail, Error, Warn} {
		for _, res := range r.Checks {
			if res.Verdict == v {
				lines = append(lines, line(res))
			}
		}
	}
	for _, res := range r.Checks {
		if res.Verdict == OK || res.Verdict == Skip {
			lines = append(lines, line(res))
		}
	}
	return lines
}

// nagiosText keeps text on one line, without the perfdata separator, at
// most n bytes long.
func nagiosText(s string, n int) string {
	return truncate(strings.ReplaceAll(oneLine(s), "|", "/"), n)
}

// truncate shortens s to at most n bytes, "..." included, cutting between
// runes so that what is kept stays valid UTF-8.
func truncate(s string, n int) string {
	const ellipsis = "..."
	if len(s) <= n {
		return s
	}
	if n < len(ellipsis) {
		return ""
	}
	cut := n - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + ellipsis
}

// perfLabel keeps the characters a perfdata label may hold unquoted and
// replaces the rest (quotes, =, |, spaces, control characters) with _.
func perfLabel(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r >= '0' && r <= '9', r == '-', r == '_', r == '.':
			return r
		}
		return '_'
	}, s)
}
