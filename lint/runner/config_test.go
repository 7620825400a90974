package runner

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
