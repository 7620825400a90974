package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/lint"
)

func TestConfigFile(t *testing.T) {
	dir := t.TempDir()
	sub := filepath.Join(dir, "a", "b")
	os.MkdirAll(sub, 0o755)
	os.WriteFile(filepath.Join(dir, ConfigFile), []byte("release = \"zed\"\nfail_on = \"warning\"\ndisable = [\"limits\"]\n"), 0o644)
	c, err := FindConfig(sub)
	if err != nil || c == nil || c.Release != "zed" || c.FailOn != "warning" || c.Disable[0] != "limits" {
		t.Fatalf("FindConfig: %+v %v", c, err)
	}
	os.WriteFile(filepath.Join(dir, ConfigFile), []byte("relase = \"zed\"\n"), 0o644)
	if _, err := FindConfig(sub); err == nil || !strings.Contains(err.Error(), "unknown key") {
		t.Errorf("typo in .heatconf.toml: %v", err)
	}
	os.WriteFile(filepath.Join(dir, ConfigFile), []byte("disable = [\"nope\"]\n"), 0o644)
	if _, err := FindConfig(sub); err == nil || !strings.Contains(err.Error(), "unknown rule") {
		t.Errorf("unknown rule in .heatconf.toml: %v", err)
	}
}

// TestLoadConfig: every key the docs name is read; a mistake is an error
// that names the file and line, and the key or rule it may have meant.
func TestLoadConfig(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		check   func(*Config) bool
		errText []string // parts of the error, after "PATH"
	}{
		{name: "every key",
			text: "# the repository's heat.conf files\nrelease = \"zed\"\nschema = \"data/heat.yaml\"\nfail_on = \"info\"\n" +
				"disable = [\"memcache\"]\nenable = [\"trustee\"]\nfragment = true\ninclude = [\"**/heat-*.conf\"]\nexclude = [\"vendor/\"]\n" +
				"\n[severity]\nweak-password = \"error\"\nplain-http = \"warning\"\n",
			check: func(c *Config) bool {
				return c.Release == "zed" && strings.HasSuffix(c.Schema, filepath.Join("repo", "data", "heat.yaml")) && c.FailOn == "info" &&
					c.Fragment && c.Include[0] == "**/heat-*.conf" && c.Exclude[0] == "vendor/" &&
					c.severity["weak-password"] == lint.Error && c.severity["plain-http"] == lint.Warning
			}},
		{name: "severity as a dotted key", text: "severity.weak-password = \"info\"\n",
			check: func(c *Config) bool { return c.severity["weak-password"] == lint.Info }},
		{name: "an unknown key, with the one it may mean", text: "release = \"zed\"\nrelase = \"zed\"\n",
			errText: []string{":2: unknown key relase (did you mean release?)", "the keys of .heatconf.toml are release, schema, fail_on, disable, enable, fragment, include, exclude, severity"}},
		{name: "an unknown table", text: "release = \"zed\"\n\n[severty]\nweak-password = \"error\"\n",
			errText: []string{":3: unknown key severty (did you mean severity?)"}},
		{name: "fail-on written as the flag", text: "fail-on = \"warning\"\n", errText: []string{":1: unknown key fail-on (did you mean fail_on?)"}},
		{name: "a key in a table that takes none", text: "[release]\nname = \"zed\"\n", errText: []string{":1: release"}},
		{name: "an unknown rule in [severity]", text: "[severity]\nweak-pasword = \"error\"\n",
			errText: []string{":2: [severity] weak-pasword: unknown rule \"weak-pasword\": did you mean weak-password?"}},
		{name: "an unknown severity", text: "[severity]\nweak-password = \"fatal\"\n", errText: []string{":2: [severity] weak-password: "}},
		{name: "an unknown rule in disable", text: "fail_on = \"error\"\ndisable = [\"plain-htp\"]\n",
			errText: []string{":2: disable: unknown rule \"plain-htp\": did you mean plain-http?"}},
		{name: "an unknown release", text: "\nrelease = \"mitaka\"\n", errText: []string{":2: release: unknown release \"mitaka\""}},
		{name: "a bad fail_on", text: "fail_on = \"fatal\"\n", errText: []string{":1: fail_on: "}},
		{name: "a malformed glob", text: "include = [\"etc/[heat.conf\"]\n", errText: []string{":1: include: \"etc/[heat.conf\": syntax error in pattern"}},
		{name: "a value of the wrong type", text: "\n\nfragment = \"yes\"\n", errText: []string{":3: fragment: "}},
		{name: "not TOML", text: "[DEFAULT]\ndebug = true\nverbose\n", errText: []string{":3: "}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := filepath.Join(t.TempDir(), "repo", ConfigFile)
			os.MkdirAll(filepath.Dir(p), 0o755)
			if err := os.WriteFile(p, []byte(tt.text), 0o644); err != nil {
				t.Fatal(err)
			}
			c, err := LoadConfig(p)
			if tt.errText != nil {
				if err == nil {
					t.Fatalf("LoadConfig = %+v; want an error", c)
				}
				for _, want := range tt.errText {
					if !strings.Contains(err.Error(), p+want) && !strings.Contains(err.Error(), want) || !strings.HasPrefix(err.Error(), p) {
						t.Errorf("LoadConfig: %v\nwant %q", err, p+want)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(c) {
				t.Errorf("LoadConfig = %+v", c)
			}
		})
	}
}

// TestFindConfigStopsAtTheRepository: the search goes no higher than the
// directory that holds .git (a directory, or the file of a worktree); with
// none, up to the filesystem root.
func TestFindConfigStopsAtTheRepository(t *testing.T) {
	dir := tree(t, map[string]string{
		ConfigFile:               "release = \"zed\"\n",
		"repo/.git/HEAD":         "ref: refs/heads/main\n",
		"repo/etc/heat/x":        "",
		"worktree/.git":          "gitdir: ../repo/.git/worktrees/w\n",
		"worktree/etc/heat/x":    "",
		"repo2/.git/HEAD":        "",
		"repo2/" + ConfigFile:    "release = \"2024.1\"\n",
		"repo2/etc/heat/x":       "",
		"plain/etc/heat/x":       "",
		"repo/sub/" + ConfigFile: "release = \"2025.2\"\n",
		"repo/sub/deep/x":        "",
	})
	for _, tc := range []struct {
		dir, release string
	}{
		{"repo/etc/heat", ""},
		{"worktree/etc/heat", ""},
		{"repo2/etc/heat", "2024.1"},
		{"plain/etc/heat", "zed"},
		{"repo/sub/deep", "2025.2"},
		{"repo", ""},
	} {
		c, err := FindConfig(filepath.Join(dir, tc.dir))
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if c != nil {
			got = c.Release
		}
		if got != tc.release {
			t.Errorf("FindConfig(%s): release %q; want %q", tc.dir, got, tc.release)
		}
	}
}
