package diff

import (
	"fmt"
	"strings"

	"github.com/heatconf/heatconf/schema"
	"github.com/heatconf/heatconf/schema/releases"
)

// InRelease says whether one release has an option.
type InRelease struct {
	Release string `json:"release"`
	Has     bool   `json:"has"`
}

// Lifespan is whether each known release has an option, oldest release
// first.
type Lifespan []InRelease

// Presence returns in which of rels (releases.Upstream(): the known
// upstream releases, oldest first) the option name of group exists under
// that name: as an option of the group or of the auth plugin the group
// loads by default, not as a deprecated name of another option. Variants (a
// distribution's packages) are left out.
func Presence(rels []releases.Release, group, name string) Lifespan {
	var out Lifespan
	for _, rel := range rels {
		if rel.Variant != "" {
			continue
		}
		reg, err := schema.EmbeddedRelease(rel)
		if err != nil {
			continue
		}
		m, ok := reg.Lookup(group, name, "")
		out = append(out, InRelease{rel.Spec(), ok && (m.Via == "" || m.Via == "plugin")})
	}
	return out
}

// Has returns the releases that have the option, oldest first.
func (l Lifespan) Has() []string {
	var out []string
	for _, p := range l {
		if p.Has {
			out = append(out, p.Release)
		}
	}
	return out
}

// span returns the indexes of the first and last releases with the
// option; -1, -1 when none has it.
func (l Lifespan) span() (first, last int) {
	first, last = -1, -1
	for i, p := range l {
		if p.Has {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	return first, last
}

// Since returns the first release with the option and the one before it
// (which lacks it); both are "" when the oldest known release has it or
// none does.
func (l Lifespan) Since() (release, notIn string) {
	if first, _ := l.span(); first > 0 {
		return l[first].Release, l[first-1].Release
	}
	return "", ""
}

// RemovedIn returns the first release after the last one that has the
// option; "" when the newest known release has it or none does.
func (l Lifespan) RemovedIn() string {
	if _, last := l.span(); last >= 0 && last < len(l)-1 {
		return l[last+1].Release
	}
	return ""
}

// Gaps reports whether a release between the first and the last with the
// option lacks it.
func (l Lifespan) Gaps() bool {
	first, last := l.span()
	return first >= 0 && len(l.Has()) != last-first+1
}

// String says which releases have the option: "every known release
// (2020.2 to 2026.2)", "since 2025.1 (not in 2022.2)", "from 2020.2 (the
// oldest known); removed in 2025.1", with "present in ..." when there are
// gaps.
func (l Lifespan) String() string {
	have := l.Has()
	switch {
	case len(have) == 0:
		return "none of the known releases under this name"
	case len(have) == len(l):
		return fmt.Sprintf("every known release (%s to %s)", l[0].Release, l[len(l)-1].Release)
	}
	var parts []string
	if since, notIn := l.Since(); since != "" {
		parts = append(parts, "since "+since+" (not in "+notIn+")")
	} else {
		parts = append(parts, "from "+l[0].Release+" (the oldest known)")
	}
	if rm := l.RemovedIn(); rm != "" {
		parts = append(parts, "removed in "+rm)
	}
	if l.Gaps() {
		parts = append(parts, "present in "+strings.Join(have, ", "))
	}
	return strings.Join(parts, "; ")
}
