package lint

import (
	"encoding/json"
	"io"
)

// writeJSON prints a JSON array of {file, line, column, rule, severity,
// message, fix?}: the contract scripts rely on.
func writeJSON(w io.Writer, fs []Finding) error {
	if fs == nil {
		fs = []Finding{}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(fs)
}
