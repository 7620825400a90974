package site

import (
	"crypto/rand"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"slices"

	"github.com/heatconf/heatconf/internal/atomicfile"
	"github.com/heatconf/heatconf/internal/boundedread"
)

// ExampleTOML is the commented example site that `heatconf init` writes.
// Its secrets are file: references into a secrets/ directory beside it.
//
//go:embed example.toml
var ExampleTOML []byte

// ExampleSecretFiles names the secret files under secrets/ that the example
// site refers to. Each gets 32 random characters (auth_encryption_key must
// have exactly 32).
func ExampleSecretFiles() []string {
	return []string{
		"auth_encryption_key",
		"heat_db_password",
		"heat_domain_admin_password",
		"heat_password",
		"memcache_secret_key",
		"rabbit_password",
	}
}

// GeneratePassword returns n random characters from [A-Za-z0-9], which no
// target language needs to escape.
func GeneratePassword(n int) (string, error) {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, max)
		if err != nil {
			return "", fmt.Errorf("generating a password: %w", err)
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b), nil
}

// WriteExample writes the example site into dir as site.toml, with a
// secrets directory (0700) holding a fresh random secret for each of its
// file: references. A secret file that exists is never replaced (it may
// already be deployed); site.toml is replaced only with force. It returns
// the site file's path and how many secrets it created.
func WriteExample(dir string, force bool) (sitePath string, created int, err error) {
	sitePath = filepath.Join(dir, "site.toml")
	if _, err := os.Stat(sitePath); err == nil && !force {
		return "", 0, fmt.Errorf("%s exists; use --force to overwrite it", sitePath)
	}
	secrets := filepath.Join(dir, "secrets")
	if err := os.MkdirAll(secrets, 0o700); err != nil {
		return "", 0, fmt.Errorf("creating %s: %w", secrets, err)
	}
	if err := os.Chmod(secrets, 0o700); err != nil {
		return "", 0, fmt.Errorf("securing %s: %w", secrets, err)
	}
	for _, name := range ExampleSecretFiles() {
		p := filepath.Join(secrets, name)
		if _, err := os.Lstat(p); err == nil {
			continue
		} else if !errors.Is(err, fs.ErrNotExist) {
			return "", created, fmt.Errorf("checking %s: %w", p, err)
		}
		v, err := GeneratePassword(32)
		if err != nil {
			return "", created, err
		}
		if err := atomicfile.WriteFile(p, []byte(v+"\n"), 0o600); err != nil {
			return "", created, err
		}
		created++
	}
	if err := atomicfile.WriteFile(sitePath, ExampleTOML, 0o644); err != nil {
		return "", created, err
	}
	return sitePath, created, nil
}

// HostKeys lists the [hosts.KEY] keys of the site file at path, without
// reading its secrets (for shell completion).
func HostKeys(path string) ([]string, error) {
	data, err := boundedread.ReadFile(path, boundedread.SiteMax)
	if err != nil {
		return nil, err
	}
	s, err := Decode(path, data)
	if err != nil {
		return nil, err
	}
	keys := make([]string, 0, len(s.Hosts))
	for k := range s.Hosts {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys, nil
}
