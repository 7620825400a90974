package buildinfo

import (
	"runtime/debug"
	"strings"
	"testing"
)

func TestBuildVersion(t *testing.T) {
	vcs := func(rev, when, modified string) []debug.BuildSetting {
		return []debug.BuildSetting{{Key: "-trimpath", Value: "true"}, {Key: "vcs", Value: "git"},
			{Key: "vcs.revision", Value: rev}, {Key: "vcs.time", Value: when}, {Key: "vcs.modified", Value: modified}}
	}
	const rev = "0123456789abcdef0123456789abcdef01234567"
	tests := []struct {
		name            string
		bi              *debug.BuildInfo
		version, commit string
		want            string
	}{
		{"no build info", nil, "", "", "(devel)"},
		{"go build outside git", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "", "", "(devel)"},
		{"go install @v1.2.3", &debug.BuildInfo{Main: debug.Module{Path: "github.com/heatconf/heatconf", Version: "v1.2.3"}}, "", "", "v1.2.3"},
		{"go build in a clean work tree", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "2026-11-25T10:00:00Z", "false")},
			"", "", "(devel) (commit 0123456789ab, 2026-11-25T10:00:00Z)"},
		{"go build with changes", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "2026-11-25T10:00:00Z", "true")},
			"", "", "(devel) (commit 0123456789ab+dirty, 2026-11-25T10:00:00Z)"},
		{"go build stamps a pseudo-version", &debug.BuildInfo{Main: debug.Module{Version: "v0.0.0-20261125100000-0123456789ab+dirty"}, Settings: vcs(rev, "2026-11-25T10:00:00Z", "true")},
			"", "", "v0.0.0-20261125100000-0123456789ab+dirty (commit 0123456789ab+dirty, 2026-11-25T10:00:00Z)"},
		{"a short revision", &debug.BuildInfo{Settings: vcs("abc", "", "false")}, "", "", "(devel) (commit abc)"},
		{"release build", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: vcs(rev, "2026-11-25T10:00:00Z", "false")},
			"v1.0.0", "fedcba987654", "v1.0.0 (commit fedcba987654, 2026-11-25T10:00:00Z)"},
		{"ldflags version over go install's", &debug.BuildInfo{Main: debug.Module{Version: "v1.2.3"}}, "v1.2.4", "", "v1.2.4"},
		{"ldflags commit, no build info", nil, "", "fedcba987654", "(devel) (commit fedcba987654)"},
		{"ldflags full commit hash", nil, "v1.0.0", rev, "v1.0.0 (commit 0123456789ab)"},
		{"a revision of another VCS", &debug.BuildInfo{Settings: vcs("r1234", "", "true")}, "", "", "(devel) (commit r1234+dirty)"},
	}
	for _, tt := range tests {
		if got := Describe(tt.bi, tt.version, tt.commit); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
		// the version alone is what Describe starts with
		if got := Version(tt.bi, tt.version); !strings.HasPrefix(tt.want, got) || strings.HasPrefix(got, "(devel) ") {
			t.Errorf("%s: Version %q, Describe %q", tt.name, got, tt.want)
		}
	}
}
