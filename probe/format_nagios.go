package probe

import (
	"fmt"
	"io"
	"strings"
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

// NagiosUnknownLine is the line for a probe that could not run.
func NagiosUnknownLine(err error) string {
	return "HEAT UNKNOWN - " + nagiosText(err.Error(), 300)
}

// nagiosFormat: one line, "HEAT STATE - text | perfdata", as the
// monitoring-plugins guidelines ask.
type nagiosFormat struct{}

func (nagiosFormat) Write(w io.Writer, r *Report) error {
	code := NagiosCode(r)
	c := r.Counts()
	var text string
	switch code {
	case NagiosOK:
		text = fmt.Sprintf("%d checks ok", c[OK])
		if c[Skip] > 0 {
			text += fmt.Sprintf(", %d skipped", c[Skip])
		}
	default:
		var parts []string
		for _, v := range []Verdict{Fail, Error, Warn} {
			for _, res := range r.Checks {
				if res.Verdict == v {
					parts = append(parts, fmt.Sprintf("%s %s: %s", res.ID, v, nagiosText(res.Message, 140)))
				}
			}
		}
		text = strings.Join(parts, "; ")
	}
	perf := []string{
		fmt.Sprintf("ok=%d;;;0;%d", c[OK], len(r.Checks)),
		fmt.Sprintf("warn=%d;;;0;%d", c[Warn], len(r.Checks)),
		fmt.Sprintf("fail=%d;;;0;%d", c[Fail], len(r.Checks)),
		fmt.Sprintf("error=%d;;;0;%d", c[Error], len(r.Checks)),
		fmt.Sprintf("skip=%d;;;0;%d", c[Skip], len(r.Checks)),
		fmt.Sprintf("time=%.3fs;;;0", r.Duration.Seconds()),
	}
	for _, res := range r.Checks {
		if res.Verdict != Skip {
			perf = append(perf, fmt.Sprintf("'%s'=%.3fs;;;0", perfLabel(res.ID), res.Duration.Seconds()))
		}
	}
	_, err := fmt.Fprintf(w, "HEAT %s - %s | %s\n", nagiosState[code], text, strings.Join(perf, " "))
	return err
}

// nagiosText keeps text on one line, without the perfdata separator, at
// most n bytes long.
func nagiosText(s string, n int) string {
	s = strings.ReplaceAll(oneLine(s), "|", "/")
	if len(s) > n {
		s = s[:n] + "..."
	}
	return s
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
