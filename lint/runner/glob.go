package runner

import (
	"path"
	"path/filepath"
	"strings"
)

// The globs of .heatconf.toml's include and exclude, as gitignore and
// ruff read them:
//
//   - a pattern without a "/" matches a file's or directory's name at any
//     depth ("*.conf.sample", "templates");
//   - a pattern with a "/" is relative to the directory that holds the
//     .heatconf.toml ("etc/heat/heat-*.conf", "/vendor"; a leading "/" or
//     "./" only anchors it);
//   - "**" as a whole segment matches any number of directories, none
//     included ("deploy/**/heat.conf", "**/overrides/*.conf");
//   - "*", "?" and "[...]" match within a segment, as Go's path.Match;
//   - a pattern that ends with "/" matches directories only.
//
// A directory that exclude matches is passed over with everything in it.

// checkGlob reports a malformed pattern.
func checkGlob(pattern string) error {
	for _, seg := range strings.Split(strings.Trim(pattern, "/"), "/") {
		if seg == "**" {
			continue
		}
		if _, err := path.Match(seg, ""); err != nil {
			return err
		}
	}
	return nil
}

// matchGlob reports whether pattern matches the path rel (relative to the
// pattern's directory, with "/" separators; it may start with "../" when
// the path is outside it, and then only a name pattern can match). isDir
// says whether rel is a directory.
func matchGlob(pattern, rel string, isDir bool) bool {
	if strings.HasSuffix(pattern, "/") {
		if !isDir {
			return false
		}
		pattern = strings.TrimRight(pattern, "/")
	}
	pattern = strings.TrimPrefix(pattern, "./")
	anchored := strings.Contains(pattern, "/")
	pattern = strings.TrimPrefix(pattern, "/")
	if !anchored {
		ok, _ := path.Match(pattern, path.Base(rel))
		return ok
	}
	if rel == ".." || strings.HasPrefix(rel, "../") {
		return false
	}
	return matchSegments(strings.Split(pattern, "/"), strings.Split(rel, "/"))
}

func matchSegments(pat, segs []string) bool {
	for len(pat) > 0 {
		if pat[0] == "**" {
			for len(pat) > 1 && pat[1] == "**" {
				pat = pat[1:]
			}
			for i := 0; i <= len(segs); i++ {
				if matchSegments(pat[1:], segs[i:]) {
					return true
				}
			}
			return false
		}
		if len(segs) == 0 {
			return false
		}
		if ok, _ := path.Match(pat[0], segs[0]); !ok {
			return false
		}
		pat, segs = pat[1:], segs[1:]
	}
	return len(segs) == 0
}

// relTo is abs relative to dir, with "/" separators.
func relTo(dir, abs string) string {
	rel, err := filepath.Rel(dir, abs)
	if err != nil {
		return filepath.ToSlash(abs)
	}
	return filepath.ToSlash(rel)
}

// matchAny returns the first of patterns that matches abs, a path under
// (or outside) dir, or "".
func matchAny(patterns []string, dir, abs string, isDir bool) string {
	rel := relTo(dir, abs)
	for _, p := range patterns {
		if matchGlob(p, rel, isDir) {
			return p
		}
	}
	return ""
}

// includes returns the include pattern of c that matches the file abs,
// or "".
func (c *Config) includes(abs string) string {
	if c == nil {
		return ""
	}
	return matchAny(c.Include, c.dir, abs, false)
}

// excludes returns the exclude pattern of c that matches abs, or "".
func (c *Config) excludes(abs string, isDir bool) string {
	if c == nil {
		return ""
	}
	return matchAny(c.Exclude, c.dir, abs, isDir)
}
