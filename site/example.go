package site

import (
	"bytes"
	"crypto/rand"
	_ "embed"
	"errors"
	"fmt"
	"io/fs"
	"math/big"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/heatconf/heatconf/internal/atomicfile"
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

// exampleSecretsLine is the line of ExampleTOML that WriteExampleWith
// changes for another [render] secrets.
const exampleSecretsLine = "\nsecrets = \"inline\"\n"

// ExampleFor is ExampleTOML with [render] secrets = mode.
func ExampleFor(mode string) ([]byte, error) {
	switch mode {
	case "", SecretsInline:
		return ExampleTOML, nil
	case SecretsEnvironment:
		return bytes.Replace(ExampleTOML, []byte(exampleSecretsLine), []byte("\nsecrets = \""+mode+"\"\n"), 1), nil
	}
	return nil, fmt.Errorf("secrets %q: want %s or %s", mode, SecretsInline, SecretsEnvironment)
}

// GitIgnore is the .gitignore init writes beside the example: the secret
// files, heat.env, and with inline secrets the output directory out/.
func GitIgnore(mode string) string {
	s := "# Written by heatconf init: what holds secrets stays out of git.\n" +
		"# The files the site's file: references read.\n/secrets/\n" +
		"# A secret-free render's environment file ([render] secrets = \"environment\").\nheat.env\n"
	if mode != SecretsEnvironment {
		s += "# With [render] secrets = \"inline\" every rendered file holds secrets: the output too.\n/out/\n"
	}
	return s
}

// WriteExample writes the example site into dir as site.toml, with a
// secrets directory (0700) holding a fresh random secret for each of its
// file: references. A secret file that exists is never replaced (it may
// already be deployed); site.toml is replaced only with force. It returns
// the site file's path and how many secrets it created.
func WriteExample(dir string, force bool) (sitePath string, created int, err error) {
	return WriteExampleWith(dir, force, SecretsInline)
}

// WriteExampleWith is WriteExample with [render] secrets = mode, and a
// .gitignore (GitIgnore) beside site.toml: written when there is none,
// else the lines it lacks are added.
func WriteExampleWith(dir string, force bool, mode string) (sitePath string, created int, err error) {
	example, err := ExampleFor(mode)
	if err != nil {
		return "", 0, err
	}
	sitePath = filepath.Join(dir, "site.toml")
	if _, err := os.Stat(sitePath); err == nil && !force {
		return "", 0, fmt.Errorf("%s exists; use --force to overwrite it", sitePath)
	}
	secrets := filepath.Join(dir, "secrets")
	// a secrets/ committed as a symbolic link (to /etc/ssh, say) is
	// refused, neither followed nor chmod'ed: init would make its target
	// 0700 and write secrets into it
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", 0, fmt.Errorf("creating %s: %w", dir, err)
	}
	if err := os.Mkdir(secrets, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return "", 0, fmt.Errorf("creating %s: %w", secrets, err)
	}
	if fi, err := os.Lstat(secrets); err != nil {
		return "", 0, fmt.Errorf("checking %s: %w", secrets, err)
	} else if fi.Mode()&fs.ModeSymlink != 0 {
		return "", 0, fmt.Errorf("%s is a symbolic link: init writes secrets only into a directory of its own; remove the link", secrets)
	} else if !fi.IsDir() {
		return "", 0, fmt.Errorf("%s is not a directory", secrets)
	}
	if err := chmodDir(secrets, 0o700); err != nil {
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
	if err := atomicfile.WriteFile(sitePath, example, 0o644); err != nil {
		return "", created, err
	}
	if err := writeGitIgnore(filepath.Join(dir, ".gitignore"), GitIgnore(mode)); err != nil {
		return "", created, err
	}
	return sitePath, created, nil
}

// writeGitIgnore writes want to path, or adds to the file there the lines
// of want it lacks.
func writeGitIgnore(path, want string) error {
	old, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("reading %s: %w", path, err)
	}
	if len(old) == 0 {
		return atomicfile.WriteFile(path, []byte(want), 0o644)
	}
	have := map[string]bool{}
	for _, l := range strings.Split(string(old), "\n") {
		have[strings.TrimSpace(l)] = true
	}
	var add []string
	for _, l := range strings.Split(strings.TrimSuffix(want, "\n"), "\n") {
		if !strings.HasPrefix(l, "#") && !have[l] {
			add = append(add, l)
		}
	}
	if len(add) == 0 {
		return nil
	}
	text := string(old)
	if !strings.HasSuffix(text, "\n") {
		text += "\n"
	}
	text += "# Added by heatconf init: what holds secrets stays out of git.\n" + strings.Join(add, "\n") + "\n"
	return atomicfile.WriteFile(path, []byte(text), 0o644)
}

// HostKeys lists the [hosts.KEY] keys of the site file at path, without
// reading its secrets (for shell completion).
func HostKeys(path string) ([]string, error) {
	data, err := readSite(path, Access{})
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

// chmodDir changes the mode of the directory at path through a descriptor
// opened without following a symbolic link, so that a link put in its
// place after the check is not followed either.
func chmodDir(path string, mode fs.FileMode) error {
	f, err := os.OpenFile(path, os.O_RDONLY|noFollow, 0)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return fmt.Errorf("%s is not a directory", path)
	}
	return f.Chmod(mode)
}
