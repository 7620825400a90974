package runner

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/heatconf/heatconf/internal/tomllimit"

	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/lint"
)

// ConfigFile is the name of the project configuration found upward from
// the linted files.
const ConfigFile = ".heatconf.toml"

// Config is a .heatconf.toml: defaults for a repository's heat.conf files.
// Command line flags override it.
type Config struct {
	Release string   `toml:"release"` // release of the files
	Schema  string   `toml:"schema"`  // option data (oslo-config-generator YAML), relative to the file
	FailOn  string   `toml:"fail_on"` // error, warning or info
	Disable []string `toml:"disable"` // rule ids
	Enable  []string `toml:"enable"`  // rule ids
	// Fragment: the repository keeps parts of configurations merged
	// elsewhere (kolla-ansible's or kayobe's overrides)
	Fragment bool `toml:"fragment"`

	Path string `toml:"-"` // where it was found
}

// FindConfig looks for .heatconf.toml in dir and its parents. It returns
// nil, nil when there is none.
func FindConfig(dir string) (*Config, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	for {
		p := filepath.Join(abs, ConfigFile)
		if _, err := os.Stat(p); err == nil {
			return LoadConfig(p)
		} else if !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("looking for %s: %w", ConfigFile, err)
		}
		parent := filepath.Dir(abs)
		if parent == abs {
			return nil, nil
		}
		abs = parent
	}
}

// LoadConfig reads one .heatconf.toml strictly: unknown keys are errors.
func LoadConfig(path string) (*Config, error) {
	var c Config
	data, err := boundedread.ReadFile(path, boundedread.ToolConfigMax)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	md, err := tomllimit.Decode(path, data, &c)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	if und := md.Undecoded(); len(und) > 0 {
		var keys []string
		for _, k := range und {
			keys = append(keys, k.String())
		}
		return nil, fmt.Errorf("%s: unknown keys %s (known: release, schema, fail_on, disable, enable)", path, strings.Join(keys, ", "))
	}
	for _, k := range md.Keys() {
		switch k.String() {
		case "release", "schema", "fail_on", "disable", "enable":
		default:
			return nil, fmt.Errorf("%s: unknown key %q (known: release, schema, fail_on, disable, enable)", path, k.String())
		}
	}
	if c.FailOn != "" {
		if _, err := lint.ParseSeverity(c.FailOn); err != nil {
			return nil, fmt.Errorf("%s: fail_on: %w", path, err)
		}
	}
	for _, id := range append(append([]string{}, c.Disable...), c.Enable...) {
		if _, ok := lint.RuleByID(id); !ok {
			return nil, fmt.Errorf("%s: %w", path, lint.UnknownRule(id))
		}
	}
	if c.Schema != "" && !filepath.IsAbs(c.Schema) {
		c.Schema = filepath.Join(filepath.Dir(path), c.Schema)
	}
	c.Path = path
	return &c, nil
}
