package render

import (
	"fmt"

	"github.com/heatconf/heatconf/conf"
)

// INIValue is render's escaper for heat.conf values; the escapers of the
// other targets (URL, SQL, shell, JSON) live in internal/escape.

// INIValue writes s so that oslo.config reads back exactly s: conf.FormatValue
// does the oslo.config part (`$` escaped, quotes where oslo.config would strip
// white space or a pair of quotes; there are no inline comments, so `#` and
// `;` stay). A newline, carriage return or other control character is an
// error: heatconf writes one line per option.
func INIValue(s string) (string, error) {
	for _, r := range s {
		if r == '\t' {
			continue
		}
		if r < 0x20 || r == 0x7f {
			return "", fmt.Errorf("a heat.conf value cannot carry the control character %U", r)
		}
	}
	return conf.FormatValue(s)
}
