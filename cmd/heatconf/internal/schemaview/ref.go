package schemaview

import (
	"strings"

	"github.com/heatconf/heatconf/schema"
)

// ParseRef reads a reference to an option or a group as people write it:
// "GROUP.OPTION", "GROUP OPTION", "[GROUP] OPTION", "GROUP/OPTION" or just
// "GROUP"; option is "" for a group. Group names may contain dots (the
// groups Heat names at run time, such as [ec2authtoken.CLOUD]), so
// "A.B.C" is group "A.B" and option "C" when reg has that option (under
// authType, the plugin the command shows; "" for the group's usual one)
// or has no group "A.B.C", and the group "A.B.C" otherwise.
func ParseRef(reg *schema.Registry, ref, authType string) (group, option string) {
	t := strings.TrimSpace(ref)
	if strings.HasPrefix(t, "[") {
		if i := strings.IndexByte(t, ']'); i > 0 {
			return t[1:i], strings.TrimSpace(t[i+1:])
		}
	}
	if g, o, ok := strings.Cut(t, " "); ok {
		return g, strings.TrimSpace(o)
	}
	if g, o, ok := strings.Cut(t, "/"); ok {
		return g, o
	}
	if i := strings.LastIndexByte(t, '.'); i > 0 {
		if _, ok := reg.Lookup(t[:i], t[i+1:], authType); ok {
			return t[:i], t[i+1:]
		}
		if _, ok := reg.Group(t); !ok {
			return t[:i], t[i+1:]
		}
	}
	return t, ""
}
