package render

import (
	"errors"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/heatconf/heatconf/internal/nolink"
	"github.com/heatconf/heatconf/site"
)

// TestInvalidUTF8SecretNeverReachesSQL: a file: database password that is
// not UTF-8 ("caf\xe9", Latin-1) was written raw into bootstrap-db.sql,
// where a multi-byte client character set can read its last byte and the
// escaping backslash after it as one character and end the string. The
// site refuses it, naming the key and not the value; the SQL escaper
// refuses it too, for any other value.
func TestInvalidUTF8SecretNeverReachesSQL(t *testing.T) {
	p := exampleSite(t)
	secret := filepath.Join(filepath.Dir(p), "secrets", "heat_db_password")
	if err := os.WriteFile(secret, []byte("pass\xbf\\' OR 1=1 -- x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	res, err := FromFile(p, testEnv, Options{})
	if err == nil {
		sql, _ := res.File("bootstrap-db.sql")
		t.Fatalf("rendered:\n%s", sql.Data)
	}
	if !strings.Contains(err.Error(), "database.password: comes from file "+secret+", which is not a usable secret file") {
		t.Errorf("err = %v", err)
	}
	if strings.Contains(err.Error(), "OR 1=1") {
		t.Errorf("the error shows the value: %v", err)
	}
	if _, err := SQLValue("caf\xe9"); err == nil {
		t.Error("SQLValue takes invalid UTF-8")
	}
	if v, err := SQLValue("café'"); err != nil || v != `'café'''` {
		t.Errorf("SQLValue(café') = %q, %v", v, err)
	}
}

// TestReservedHostKeysAreTheOutputNames: the names the site refuses as
// [hosts] keys are the names of the files a multi-host render writes
// beside the hosts' directories (and the files of each host), in either
// [render] secrets mode.
func TestReservedHostKeysAreTheOutputNames(t *testing.T) {
	var names []string
	for _, p := range []string{"../testdata/sites/multihost.toml", secretFreeSite} {
		for _, f := range renderSite(t, p, Options{}) {
			names = append(names, path.Base(f.Path))
		}
	}
	slices.Sort(names)
	names = slices.Compact(names)
	if want := site.ReservedHostKeys(); !slices.Equal(names, want) {
		t.Errorf("outputs %v, reserved host keys %v", names, want)
	}
}

// TestOutputDirNotThroughLinks: an --output committed as a symbolic link
// (deploy/out -> /etc/heat), or reached through one, is refused before
// anything is read or written.
func TestOutputDirNotThroughLinks(t *testing.T) {
	dir := t.TempDir()
	real := filepath.Join(dir, "real")
	if err := os.Mkdir(real, 0o750); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(real, filepath.Join(dir, "out")); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{filepath.Join(dir, "out"), filepath.Join(dir, "out", "ctl1")} {
		var le *nolink.Error
		if err := CheckOutputDir(p); !errors.As(err, &le) || !strings.HasPrefix(err.Error(), "--output: ") {
			t.Errorf("%s: %v", p, err)
		}
	}
	for _, p := range []string{real, filepath.Join(real, "new", "deeper")} {
		if err := CheckOutputDir(p); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
}
