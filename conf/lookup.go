package conf

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/heatconf/heatconf/internal/boundedread"
)

// groupIndex holds the entries of one normalized group of a file, merged
// over repeated headers ("[Database]" and "[database]" included).
type groupIndex struct {
	keys    []string            // in order of first appearance
	entries map[string][]*Entry // in file order
}

func (f *File) group(name string) *groupIndex {
	g := f.index[name]
	if g == nil {
		g = &groupIndex{entries: map[string][]*Entry{}}
		f.index[name] = g
		f.groups = append(f.groups, name)
	}
	return g
}

func (g *groupIndex) add(e *Entry) {
	if _, ok := g.entries[e.Key]; !ok {
		g.keys = append(g.keys, e.Key)
	}
	g.entries[e.Key] = append(g.entries[e.Key], e)
}

// lookupName is how oslo.config normalizes a group name it looks up: no
// group (""), is DEFAULT; other names lower-cased unless exactly DEFAULT.
func lookupName(group string) string {
	if group == "" {
		return Default
	}
	return NormalizeGroup(group)
}

// Groups returns the file's normalized group names in order of first
// appearance, each once.
func (f *File) Groups() []string { return append([]string(nil), f.groups...) }

// Keys returns the keys set in group, in order of first appearance.
func (f *File) Keys(group string) []string {
	if g := f.index[lookupName(group)]; g != nil {
		return append([]string(nil), g.keys...)
	}
	return nil
}

// Lookup returns the entry oslo.config uses for a single-valued option key
// of group: the last one in the file. The group is normalized as
// oslo.config does ("Database" finds "[database]" and "[DATABASE]";
// "default" does not find "[DEFAULT]"; "" means DEFAULT). Keys are
// case-sensitive.
func (f *File) Lookup(group, key string) (*Entry, bool) { return Merge(f).Lookup(group, key) }

// Values returns every entry for key in group in file order: all the
// values of a multi-valued option (MultiStrOpt).
func (f *File) Values(group, key string) []*Entry { return Merge(f).Values(group, key) }

// Config is several files read in order, as oslo.config stacks its
// --config-file and --config-dir arguments: a later file wins.
type Config struct {
	Files []*File // in the order they were parsed
}

// Merge stacks files in oslo.config's order: for a single-valued option
// the last file that sets it wins (and within it the last entry); a
// multi-valued option collects the values of every file, in order.
// Nil files are skipped.
func Merge(files ...*File) *Config {
	c := &Config{Files: make([]*File, 0, len(files))}
	for _, f := range files {
		if f != nil {
			c.Files = append(c.Files, f)
		}
	}
	return c
}

// Lookup returns the entry oslo.config uses for the single-valued option
// key of group, and whether there is one. See File.Lookup for how the group
// name is matched.
func (c *Config) Lookup(group, key string) (*Entry, bool) {
	name := lookupName(group)
	for i := len(c.Files) - 1; i >= 0; i-- {
		if g := c.Files[i].index[name]; g != nil {
			if es := g.entries[key]; len(es) > 0 {
				return es[len(es)-1], true
			}
		}
	}
	return nil, false
}

// Values returns every entry for key in group, file by file in order: the
// values a multi-valued option gets.
func (c *Config) Values(group, key string) []*Entry {
	name := lookupName(group)
	var out []*Entry
	for _, f := range c.Files {
		if g := f.index[name]; g != nil {
			out = append(out, g.entries[key]...)
		}
	}
	return out
}

// Groups returns the normalized group names of all files, in order of
// first appearance.
func (c *Config) Groups() []string {
	seen := map[string]bool{}
	var out []string
	for _, f := range c.Files {
		for _, g := range f.groups {
			if !seen[g] {
				seen[g] = true
				out = append(out, g)
			}
		}
	}
	return out
}

// Keys returns the keys set in group in any file, in order of first
// appearance.
func (c *Config) Keys(group string) []string {
	name := lookupName(group)
	seen := map[string]bool{}
	var out []string
	for _, f := range c.Files {
		if g := f.index[name]; g != nil {
			for _, k := range g.keys {
				if !seen[k] {
					seen[k] = true
					out = append(out, k)
				}
			}
		}
	}
	return out
}

// ParseFile reads and parses the file at path.
func ParseFile(path string) (*File, error) {
	src, err := boundedread.ReadFile(path, boundedread.ConfMax)
	if err != nil {
		return nil, err
	}
	return Parse(path, src)
}

// Source is one --config-file or --config-dir argument; set exactly one
// field.
type Source struct {
	ConfigFile string // a file; "~" is expanded
	ConfigDir  string // a directory: its *.conf files, sorted by name, hidden ones left out
}

// FilesNotFoundError is oslo.config's ConfigFilesNotFoundError.
type FilesNotFoundError struct{ Files []string }

func (e *FilesNotFoundError) Error() string {
	return "Failed to find some config files: " + strings.Join(e.Files, ",")
}

// FilesPermissionError is oslo.config's ConfigFilesPermissionDeniedError.
type FilesPermissionError struct{ Files []string }

func (e *FilesPermissionError) Error() string {
	return "Failed to open some config files: " + strings.Join(e.Files, ",")
}

// DirNotFoundError is oslo.config's ConfigDirNotFoundError.
type DirNotFoundError struct{ Dir string }

func (e *DirNotFoundError) Error() string {
	return "Failed to read config file directory: " + e.Dir
}

// LoadArgs reads sources in order as oslo.config reads its --config-file
// and --config-dir arguments, and stacks the files (see Merge).
//
// As in oslo.config, a parse error stops everything (*ParseError), as does
// a missing --config-dir (*DirNotFoundError); missing and unreadable files
// are collected and reported after all sources were read, as a
// *FilesNotFoundError (their absolute paths) and then a
// *FilesPermissionError. An empty, unlistable or non-directory config-dir
// contributes nothing.
func LoadArgs(sources []Source) (*Config, error) {
	var files []*File
	var missing, denied []string
	load := func(path string) error {
		src, err := boundedread.ReadFile(path, boundedread.ConfMax)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			missing = append(missing, absPath(path))
			return nil
		case errors.Is(err, fs.ErrPermission):
			denied = append(denied, absPath(path))
			return nil
		case err != nil:
			return err
		}
		f, err := Parse(path, src)
		if err != nil {
			return err
		}
		files = append(files, f)
		return nil
	}
	for _, s := range sources {
		paths, err := s.Files()
		if err != nil {
			return nil, err
		}
		for _, p := range paths {
			if err := load(p); err != nil {
				return nil, err
			}
		}
	}
	if len(missing) > 0 {
		return nil, &FilesNotFoundError{Files: missing}
	}
	if len(denied) > 0 {
		return nil, &FilesPermissionError{Files: denied}
	}
	return Merge(files...), nil
}

// Files lists the files oslo.config reads for the source, in order: the
// --config-file ("~" expanded), or the files of the --config-dir (see
// ConfigDirFiles).
func (s Source) Files() ([]string, error) {
	switch {
	case s.ConfigFile != "" && s.ConfigDir != "":
		return nil, errors.New("conf: Source sets both ConfigFile and ConfigDir")
	case s.ConfigFile != "":
		return []string{expandUser(s.ConfigFile)}, nil
	case s.ConfigDir != "":
		return ConfigDirFiles(s.ConfigDir)
	}
	return nil, errors.New("conf: empty Source")
}

// ConfigDirFiles lists the files oslo.config reads for --config-dir dir,
// as paths under dir with "~" expanded: the names ending in ".conf" that do
// not start with a dot, sorted bytewise. Entries are not checked: a
// directory or a dangling link named x.conf is listed and fails when read,
// as in oslo.config. A dir that does not exist is a *DirNotFoundError; one
// that cannot be listed, or is not a directory, has no files.
func ConfigDirFiles(dir string) ([]string, error) {
	dir = expandUser(dir)
	if _, err := os.Stat(dir); err != nil {
		return nil, &DirNotFoundError{Dir: dir}
	}
	names := confFiles(dir)
	paths := make([]string, len(names))
	for i, n := range names {
		paths[i] = filepath.Join(dir, n)
	}
	return paths, nil
}

// confFiles lists what Python's sorted(glob.glob(dir + "/*.conf")) finds:
// names ending in ".conf" that do not start with a dot, sorted bytewise
// (which is code point order). Entries are not checked: a directory or a
// dangling link named x.conf is listed and fails when read, as in
// oslo.config.
func confFiles(dir string) []string {
	d, err := boundedread.OpenDir(dir) // a named pipe in its place must not block
	if err != nil {
		return nil
	}
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return nil
	}
	var out []string
	for _, n := range names {
		if strings.HasSuffix(n, ".conf") && !strings.HasPrefix(n, ".") {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// expandUser expands a leading "~" or "~/" with $HOME, like Python's
// os.path.expanduser (which oslo.config applies); "~user" is kept.
func expandUser(p string) string {
	if p != "~" && !strings.HasPrefix(p, "~/") {
		return p
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return p
	}
	return home + p[1:]
}

// absPath is os.path.abspath: absolute and cleaned.
func absPath(p string) string {
	if a, err := filepath.Abs(p); err == nil {
		return a
	}
	return p
}
