package runner

import (
	"bufio"
	"fmt"
	"io"

	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/lint"
)

const (
	ansiReset  = "\x1b[0m"
	ansiBold   = "\x1b[1m"
	ansiRed    = "\x1b[31m"
	ansiYellow = "\x1b[33m"
	ansiCyan   = "\x1b[36m"
	ansiGray   = "\x1b[90m"
)

// writeText prints one grep-able line per finding:
// file:line:col: severity: message [rule]
func writeText(w io.Writer, fs []lint.Finding, opts WriteOptions) error {
	bw := bufio.NewWriter(w)
	for _, f := range fs {
		if !opts.Color {
			fmt.Fprintln(bw, f.String())
			continue
		}
		color := map[lint.Severity]string{lint.Error: ansiRed, lint.Warning: ansiYellow, lint.Info: ansiCyan}[f.Severity]
		fmt.Fprintf(bw, "%s%s:%d:%d:%s %s%s%s: %s%s %s[%s]%s\n", ansiBold, escape.Printable(f.File), f.Line, f.Column, ansiReset,
			color, f.Severity, ansiReset, escape.Printable(f.Message), f.Also(), ansiGray, f.Rule, ansiReset)
	}
	return bw.Flush()
}
