package probe

import (
	"io"
	"strings"

	"github.com/heatconf/heatconf/internal/escape"
	"github.com/heatconf/heatconf/internal/output"
)

// Formatter writes a report in one format.
type Formatter interface {
	Write(w io.Writer, r *Report) error
}

// FormatOptions are what the table format needs to know about its output.
type FormatOptions struct {
	TTY   bool // the output is a terminal (the text is the same either way)
	Color bool // colour verdicts (only with TTY)
}

// formats are the output formats of a report.
var formats = output.NewFormats(
	output.Format[written]{Name: "text", Write: func(w io.Writer, v written) error { return tableFormat{v.o}.Write(w, v.r) }},
	output.Format[written]{Name: "json", Write: func(w io.Writer, v written) error { return jsonFormat{}.Write(w, v.r) }},
	output.Format[written]{Name: "nagios", Write: func(w io.Writer, v written) error { return nagiosFormat{}.Write(w, v.r) }},
	output.Format[written]{Name: "prometheus", Write: func(w io.Writer, v written) error { return prometheusFormat{}.Write(w, v.r) }},
)

type written struct {
	r *Report
	o FormatOptions
}

// Formats lists the format names NewFormatter accepts, the default first
// ("table" is also accepted, the old name of "text").
func Formats() []string { return formats.Names() }

// NewFormatter returns the formatter called name.
func NewFormatter(name string, o FormatOptions) (Formatter, error) {
	if name == "table" || name == "" {
		name = "text"
	}
	if !formats.Has(name) {
		return nil, &output.UnknownError{Name: name, Names: formats.Names()}
	}
	return formatter{name, o}, nil
}

type formatter struct {
	name string
	o    FormatOptions
}

func (f formatter) Write(w io.Writer, r *Report) error {
	return formats.Write(w, f.name, written{r, f.o})
}

// oneLine folds text onto one line and escapes what a terminal would act
// on (ESC and the other controls, bidirectional overrides): a server can
// put such bytes into an error message or a host name.
func oneLine(s string) string { return escape.Printable(strings.Join(strings.Fields(s), " ")) }
