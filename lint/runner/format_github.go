package runner

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/heatconf/heatconf/lint"
)

// writeGitHub prints GitHub Actions workflow commands, which annotate the
// lines of a pull request:
//
//	::error file=F,line=L,col=C,endLine=L,endColumn=E,title=T::message
//
// A finding is on one line; its span, when known, ends at endColumn, the
// column of its last character (GitHub counts both ends in, and defaults
// endColumn to col).
func writeGitHub(w io.Writer, fs []lint.Finding) error {
	bw := bufio.NewWriter(w)
	for _, f := range fs {
		cmd := map[lint.Severity]string{lint.Error: "error", lint.Warning: "warning", lint.Info: "notice"}[f.Severity]
		end := fmt.Sprintf(",endLine=%d", f.Line)
		if f.Len > 0 && f.Column > 0 {
			end += fmt.Sprintf(",endColumn=%d", f.Column+f.Len-1)
		}
		fmt.Fprintf(bw, "::%s file=%s,line=%d,col=%d%s,title=%s::%s\n", cmd,
			ghProperty(f.File), f.Line, f.Column, end, ghProperty("heatconf "+f.Rule.String()), ghData(f.Message+f.Also()+" ["+f.Rule.String()+"]"))
	}
	return bw.Flush()
}

// ghData escapes a workflow command's message.
func ghData(s string) string {
	return ghDataEscaper.Replace(s)
}

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string {
	return ghPropertyEscaper.Replace(s)
}

// The escapes of GitHub's workflow commands (strings.Replacers build their
// tables on first use, once per process).
var (
	ghDataEscaper     = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	ghPropertyEscaper = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
)
