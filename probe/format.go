package probe

import (
	"fmt"
	"io"
	"strings"

	"github.com/heatconf/heatconf/internal/escape"
)

// Formatter writes a report in one format.
type Formatter interface {
	Write(w io.Writer, r *Report) error
}

// FormatOptions are what the table format needs to know about its output.
type FormatOptions struct {
	TTY   bool // aligned columns with a header and hints; else tab-separated rows
	Color bool // colour verdicts (only with TTY)
}

// Formats lists the format names NewFormatter accepts ("table" is also
// accepted, the old name of "text").
func Formats() []string { return []string{"text", "json", "nagios", "prometheus"} }

// NewFormatter returns the formatter called name.
func NewFormatter(name string, o FormatOptions) (Formatter, error) {
	switch name {
	case "text", "table", "":
		return tableFormat{o}, nil
	case "json":
		return jsonFormat{}, nil
	case "nagios":
		return nagiosFormat{}, nil
	case "prometheus":
		return prometheusFormat{}, nil
	}
	return nil, fmt.Errorf("unknown format %q (formats: %s)", name, strings.Join(Formats(), ", "))
}

// oneLine folds text onto one line and escapes what a terminal would act
// on (ESC and the other controls, bidirectional overrides): a server can
// put such bytes into an error message or a host name.
func oneLine(s string) string { return escape.Printable(strings.Join(strings.Fields(s), " ")) }
