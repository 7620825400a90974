package probe

import (
	"bufio"
	"fmt"
	"io"
	"text/tabwriter"
)

// tableFormat (--format text): a header line, aligned columns, what to do
// and a summary, the same on a terminal and in a pipe (a deploy job's log
// gets what an operator sees); only the colours are the terminal's.
type tableFormat struct{ o FormatOptions }

var verdictColor = map[Verdict]string{OK: "\x1b[32m", Warn: "\x1b[33m", Fail: "\x1b[31m", Error: "\x1b[35m", Skip: "\x1b[90m"}

func (f tableFormat) verdict(v Verdict) string {
	if !f.o.Color {
		return string(v)
	}
	return verdictColor[v] + string(v) + "\x1b[0m"
}

func (f tableFormat) Write(w io.Writer, r *Report) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "Probing %s as %s", oneLine(r.Target.AuthURL), oneLine(r.Target.User))
	if r.Target.Project != "" {
		fmt.Fprintf(bw, " in project %s", oneLine(r.Target.Project))
	}
	fmt.Fprintf(bw, " (%s); region %s, %s endpoints; expecting %s\n\n", oneLine(r.Target.Credentials),
		oneLine(firstOf(r.Target.Region, "(any)")), oneLine(r.Target.Interface), oneLine(r.Target.Expectation))
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	header := "VERDICT"
	if f.o.Color {
		// as many invisible bytes as a coloured verdict has (5 + 4), so
		// that tabwriter, which counts bytes, aligns the column
		header = "\x1b[0m" + header + "\x1b[00m"
	}
	fmt.Fprintf(tw, "CHECK\t%s\tTIME\tDETAIL\n", header)
	for _, c := range r.Checks {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", oneLine(c.ID), f.verdict(c.Verdict), seconds(c.Duration), oneLine(c.Message))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	first := true
	for _, c := range r.Checks {
		if c.Verdict == OK || c.Verdict == Skip || (c.Hint == "" && len(c.Details) == 0) {
			continue
		}
		if first {
			fmt.Fprintf(bw, "\nWhat to do:\n")
			first = false
		}
		fmt.Fprintf(bw, "  %s (%s): %s\n", oneLine(c.ID), f.verdict(c.Verdict), oneLine(c.Hint))
		for _, d := range c.Details {
			fmt.Fprintf(bw, "      %s\n", oneLine(d))
		}
	}
	fmt.Fprintf(bw, "\n%s\n", r.Summary())
	return bw.Flush()
}
