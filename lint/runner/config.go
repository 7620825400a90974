package runner

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"

	"github.com/heatconf/heatconf/internal/boundedread"
	"github.com/heatconf/heatconf/internal/nolink"
	"github.com/heatconf/heatconf/internal/suggest"
	"github.com/heatconf/heatconf/internal/tomllimit"
	"github.com/heatconf/heatconf/lint"
	"github.com/heatconf/heatconf/schema/releases"
)

// ConfigFile is the name of the project configuration: the one nearest
// above a linted file, up to the root of the repository the file is in,
// holds the settings of that file.
const ConfigFile = ".heatconf.toml"

// Config is a .heatconf.toml: the settings of the heat.conf files under
// its directory (down to the next .heatconf.toml, which replaces it for
// the files under that one: settings are not merged). Command line flags
// override it.
type Config struct {
	Release string   `toml:"release"` // release of the files
	Schema  string   `toml:"schema"`  // option data (oslo-config-generator YAML), relative to the file
	FailOn  string   `toml:"fail_on"` // error, warning or info
	Disable []string `toml:"disable"` // rule ids
	Enable  []string `toml:"enable"`  // rule ids
	// Fragment: the repository keeps parts of configurations merged
	// elsewhere (kolla-ansible's or kayobe's overrides)
	Fragment bool `toml:"fragment"`
	// Include are globs of files a directory walk lints besides heat.conf
	// and the drop-ins of heat.conf.d (see glob.go for the syntax).
	Include []string `toml:"include"`
	// Exclude are globs of files and directories lint passes over, in a
	// walk and when named on the command line.
	Exclude []string `toml:"exclude"`
	// Severity sets the severity of a rule's findings: rule id -> error,
	// warning or info.
	Severity map[string]string `toml:"severity"`

	Path string `toml:"-"` // where it was found

	dir      string                   // the directory its globs are relative to (absolute)
	lines    map[string]int           // key ("include", "severity.weak-password") -> line, for messages
	severity map[string]lint.Severity // Severity, parsed
}

// configKeys are the keys of a .heatconf.toml, in the order the docs give
// them.
var configKeys = []string{"release", "schema", "fail_on", "disable", "enable", "fragment", "include", "exclude", "severity"}

// FindConfig returns the .heatconf.toml nearest above dir (dir itself
// included), looking no higher than the root of the repository dir is in
// (the directory that holds .git), or the filesystem root when there is
// none. It returns nil, nil when there is none.
func FindConfig(dir string) (*Config, error) {
	return newConfigs(configSearch, nil).forDir(dir)
}

// LoadConfig reads one .heatconf.toml strictly: an unknown key, rule id,
// severity or release, or a malformed glob, is an error that names the
// file and line (and the key it may have meant).
func LoadConfig(path string) (*Config, error) {
	data, err := boundedread.ReadFile(path, boundedread.ToolConfigMax)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return parseConfig(path, data)
}

// loadFound is LoadConfig of a .heatconf.toml a search found (fi: its
// lstat), refusing a symbolic link.
func loadFound(path string, fi fs.FileInfo) (*Config, error) {
	if fi.Mode()&fs.ModeSymlink != 0 {
		return nil, &nolink.Error{Path: path, Link: path}
	}
	data, err := nolink.ReadFinal(path, boundedread.ToolConfigMax)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	return parseConfig(path, data)
}

// parseConfig is LoadConfig of the contents data of the file path.
func parseConfig(path string, data []byte) (*Config, error) {
	var c Config
	md, err := tomllimit.Decode(path, data, &c)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			msg := pe.Message
			if pe.LastKey != "" {
				msg = pe.LastKey + ": " + msg
			}
			return nil, fmt.Errorf("%s:%d: %s", path, pe.Position.Line, msg)
		}
		if m := decodeErrRE().FindStringSubmatch(err.Error()); m != nil {
			return nil, fmt.Errorf("%s:%s: %s: %s", path, m[1], m[2], m[3])
		}
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	c.Path = path
	c.lines = keyLines(string(data))
	if err := c.checkKeys(md); err != nil {
		return nil, err
	}
	if c.FailOn != "" {
		if _, err := lint.ParseSeverity(c.FailOn); err != nil {
			return nil, c.errorf("fail_on", "fail_on: %v", err)
		}
	}
	if c.Release != "" {
		if _, err := releases.Lookup(c.Release); err != nil {
			return nil, c.errorf("release", "release: %v", err)
		}
	}
	for _, key := range []string{"disable", "enable"} {
		ids := c.Disable
		if key == "enable" {
			ids = c.Enable
		}
		for _, id := range ids {
			if err := knownRule(id); err != nil {
				return nil, c.errorf(key, "%s: %v", key, err)
			}
		}
	}
	if len(c.Severity) > 0 {
		c.severity = map[string]lint.Severity{}
		for _, id := range sortedKeys(c.Severity) {
			key := "severity." + id
			if err := knownRule(id); err != nil {
				return nil, c.errorf(key, "[severity] %s: %v", id, err)
			}
			sev, err := lint.ParseSeverity(c.Severity[id])
			if err != nil {
				return nil, c.errorf(key, "[severity] %s: %v", id, err)
			}
			c.severity[id] = sev
		}
	}
	for _, key := range []string{"include", "exclude"} {
		globs := c.Include
		if key == "exclude" {
			globs = c.Exclude
		}
		for _, g := range globs {
			if err := checkGlob(g); err != nil {
				return nil, c.errorf(key, "%s: %q: %v", key, g, err)
			}
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", path, err)
	}
	c.dir = filepath.Dir(abs)
	if c.Schema != "" && !filepath.IsAbs(c.Schema) {
		c.Schema = filepath.Join(filepath.Dir(path), c.Schema)
	}
	return &c, nil
}

// decodeErrRE reads the line and key out of a TOML decoder's error about
// a value of the wrong type.
var decodeErrRE = sync.OnceValue(func() *regexp.Regexp { return regexp.MustCompile(`^toml: line (\d+) \(last key "([^"]*)"\): (.*)$`) })

// checkKeys reports the first key the file has that a .heatconf.toml has
// not, with the line it is on and the key it may have meant.
func (c *Config) checkKeys(md toml.MetaData) error {
	var unknown []string
	for _, k := range md.Undecoded() {
		name := k.String()
		if slices.ContainsFunc(unknown, func(u string) bool { return strings.HasPrefix(name, u+".") }) {
			continue // inside an unknown table, already reported
		}
		unknown = append(unknown, name)
	}
	for _, k := range md.Keys() {
		if len(k) == 1 && !slices.Contains(configKeys, k[0]) && !slices.Contains(unknown, k[0]) {
			unknown = append(unknown, k[0])
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	var msgs []string
	for _, name := range unknown {
		msg := fmt.Sprintf("unknown key %s", name)
		if guess, ok := suggest.Closest(name, configKeys); ok {
			msg += fmt.Sprintf(" (did you mean %s?)", guess)
		} else if top, _, nested := strings.Cut(name, "."); nested && top != "severity" {
			msg += fmt.Sprintf(" (%s takes no table)", top)
		}
		msgs = append(msgs, c.where(name)+msg)
	}
	return fmt.Errorf("%s; the keys of %s are %s", strings.Join(msgs, "; "), ConfigFile, strings.Join(configKeys, ", "))
}

// where is "PATH:LINE: " for a key, or "PATH: " when its line is unknown.
func (c *Config) where(key string) string {
	if n := c.lines[key]; n > 0 {
		return fmt.Sprintf("%s:%d: ", c.Path, n)
	}
	return c.Path + ": "
}

func (c *Config) errorf(key, format string, a ...any) error {
	return errors.New(c.where(key) + fmt.Sprintf(format, a...))
}

// knownRule is nil for a rule id lint knows, else an error that lists the
// rules and the one it may have meant.
func knownRule(id string) error {
	if _, ok := lint.RuleByID(id); ok {
		return nil
	}
	var ids []string
	for _, r := range lint.Rules() {
		ids = append(ids, r.ID)
	}
	if guess, ok := suggest.Closest(id, ids); ok {
		return fmt.Errorf("unknown rule %q: did you mean %s? (see 'heatconf rules')", id, guess)
	}
	return lint.UnknownRule(id)
}

// keyLines maps the keys of a TOML document to the line each is first
// written on: "release", a table "severity", and a key in a table
// "severity.weak-password" (written in [severity], or dotted). It reads
// the simple TOML a .heatconf.toml is; a line it cannot place is left
// out, and messages then name the file alone.
func keyLines(doc string) map[string]int {
	out := map[string]int{}
	table := ""
	add := func(key string, n int) {
		if _, ok := out[key]; !ok {
			out[key] = n
		}
	}
	for i, line := range strings.Split(doc, "\n") {
		n := i + 1
		s := strings.TrimSpace(line)
		switch {
		case s == "" || strings.HasPrefix(s, "#"):
			continue
		case strings.HasPrefix(s, "["):
			end := strings.Index(s, "]")
			if end < 0 {
				continue
			}
			table = unquoteKey(strings.Trim(s[:end], "[] \t"))
			add(table, n)
			continue
		}
		eq := strings.Index(s, "=")
		if eq <= 0 {
			continue
		}
		key := unquoteKey(strings.TrimSpace(s[:eq]))
		if table != "" {
			add(table+"."+key, n)
			continue
		}
		if top, _, ok := strings.Cut(key, "."); ok {
			add(top, n)
		}
		add(key, n)
	}
	return out
}

// unquoteKey turns a TOML key as written ("a", "\"a\"", "a . b") into the
// dotted form MetaData's keys print.
func unquoteKey(k string) string {
	parts := strings.Split(k, ".")
	for i, p := range parts {
		parts[i] = strings.Trim(strings.TrimSpace(p), `"'`)
	}
	return strings.Join(parts, ".")
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// The ways a run finds its configuration.
const (
	configSearch = iota // the nearest .heatconf.toml above each file
	configFixed         // one file for every file (--config)
	configNone          // none (--no-config)
)

// configs finds the configuration of each directory of a run, reading
// each .heatconf.toml once. It is not safe for concurrent use.
type configs struct {
	// follow: a .heatconf.toml found that is a symbolic link is read
	// (Inputs.FollowSymlinks); otherwise it is an error
	follow bool
	mode   int
	fixed  *Config
	dirs   map[string]dirConfig // absolute directory -> its configuration
	roots  map[string]bool      // absolute directory -> it is a repository's root
	cwd    string               // the working directory, to name the files found under it relatively
}

type dirConfig struct {
	cfg *Config
	err error
}

func newConfigs(mode int, fixed *Config) *configs {
	cwd, _ := os.Getwd()
	return &configs{mode: mode, fixed: fixed, dirs: map[string]dirConfig{}, roots: map[string]bool{}, cwd: cwd}
}

// forDir is the configuration of the files in dir: the .heatconf.toml in
// dir or the nearest directory above it, no higher than the repository's
// root (see FindConfig); nil when there is none.
func (cs *configs) forDir(dir string) (*Config, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, fmt.Errorf("looking for %s: %w", ConfigFile, err)
	}
	return cs.forAbs(abs)
}

// forAbs is forDir for an absolute, clean path.
func (cs *configs) forAbs(dir string) (*Config, error) {
	switch cs.mode {
	case configFixed:
		return cs.fixed, nil
	case configNone:
		return nil, nil
	}
	return cs.search(dir)
}

func (cs *configs) search(dir string) (*Config, error) {
	if dc, ok := cs.dirs[dir]; ok {
		return dc.cfg, dc.err
	}
	var dc dirConfig
	p := filepath.Join(dir, ConfigFile)
	fi, err := os.Lstat(p)
	switch {
	case err == nil && cs.follow:
		dc.cfg, dc.err = LoadConfig(cs.name(p))
	case err == nil:
		// a repository can commit .heatconf.toml -> .env: never read
		// through a link (an error echoes what it read)
		dc.cfg, dc.err = loadFound(cs.name(p), fi)
	case !errors.Is(err, fs.ErrNotExist):
		dc.err = fmt.Errorf("looking for %s: %w", ConfigFile, err)
	case filepath.Dir(dir) != dir && !cs.isRepoRoot(dir):
		dc.cfg, dc.err = cs.search(filepath.Dir(dir))
	}
	cs.dirs[dir] = dc
	return dc.cfg, dc.err
}

// name is how messages name the file at abs: relative to the working
// directory when it is under it, as the files named on the command line.
func (cs *configs) name(abs string) string {
	if cs.cwd == "" {
		return abs
	}
	if rel, err := filepath.Rel(cs.cwd, abs); err == nil && filepath.IsLocal(rel) {
		return rel
	}
	return abs
}

// isRepoRoot reports whether dir is the root of a repository: it holds
// .git (a directory, or the file of a worktree or a submodule).
func (cs *configs) isRepoRoot(dir string) bool {
	root, ok := cs.roots[dir]
	if !ok {
		_, err := os.Lstat(filepath.Join(dir, ".git"))
		root = err == nil
		cs.roots[dir] = root
	}
	return root
}
