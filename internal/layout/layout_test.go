package layout

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/heatconf/heatconf/"

// imports maps each package directory of the module (relative, slash
// separated) to the module packages its non-test files import.
func imports(t *testing.T) map[string][]string {
	mod, _ := allImports(t)
	return mod
}

// allImports is imports, and beside it each directory's imports from
// outside the module (standard library and third party).
func allImports(t *testing.T) (mod, outside map[string][]string) {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	out, other := map[string][]string{}, map[string][]string{}
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if n := d.Name(); p != root && (strings.HasPrefix(n, ".") || n == "testdata") {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, p, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(p))
		dir := filepath.ToSlash(rel)
		for _, im := range f.Imports {
			path, _ := strconv.Unquote(im.Path.Value)
			if pkg, ok := strings.CutPrefix(path, module); ok {
				if !slices.Contains(out[dir], pkg) {
					out[dir] = append(out[dir], pkg)
				}
			} else if !slices.Contains(other[dir], path) {
				other[dir] = append(other[dir], path)
			}
		}
		if _, ok := out[dir]; !ok {
			out[dir] = nil
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out, other
}

// under reports whether pkg is room or inside it.
func under(pkg, room string) bool { return pkg == room || strings.HasPrefix(pkg, room+"/") }

// TestImportsPointOneWay: no room imports a room above it.
func TestImportsPointOneWay(t *testing.T) {
	rules := []struct {
		room  string
		never []string
		why   string
	}{
		{"conf", []string{"schema", "lint", "render", "site", "gate", "probe", "upgrade", "cmd"}, "the reader knows nothing of its users"},
		{"schema", []string{"lint", "render", "site", "gate", "probe", "upgrade", "cmd"}, "option data knows nothing of its users"},
		{"site", []string{"render", "lint", "gate", "probe", "upgrade", "cmd"}, "the site model knows nothing of how it is rendered"},
		{"render", []string{"lint", "gate", "probe", "upgrade", "cmd"}, "render turns a site into files; gate lints them"},
		{"lint", []string{"lint/runner", "render", "site", "gate", "probe", "upgrade", "cmd"}, "the engine reads no file; the runner is above it"},
		{"probe", []string{"lint", "render", "gate", "upgrade", "cmd"}, "probe checks a deployment"},
		{"upgrade", []string{"render", "site", "gate", "probe", "cmd"}, "upgrade plans over option data and lint"},
		{"gate", []string{"probe", "upgrade", "cmd"}, "gate spans render and lint only"},
		{"internal", []string{"conf", "schema", "lint", "render", "site", "gate", "probe", "upgrade", "cmd"}, "internal packages are leaves"},
	}
	all := imports(t)
	if len(all) < 20 {
		t.Fatalf("found only %d packages: is the walk rooted at the module?", len(all))
	}
	for _, r := range rules {
		for dir, ims := range all {
			if !under(dir, r.room) || (r.room == "lint" && under(dir, "lint/runner")) {
				continue
			}
			for _, im := range ims {
				for _, bad := range r.never {
					if under(im, bad) && !under(im, dir) {
						t.Errorf("%s imports %s: %s", dir, im, r.why)
					}
				}
			}
		}
	}
}

// TestSchemaStaysSmall: the schema package itself keeps to option lookup
// and history (the release table, value types, exporters, comparisons and
// views live in their own packages).
func TestSchemaStaysSmall(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "..", "schema", "*.go"))
	if err != nil {
		t.Fatal(err)
	}
	lines := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		lines += strings.Count(string(data), "\n")
	}
	// The release table lives in schema/releases, an option's presence
	// across releases in schema/diff. The bound only
	// ratchets down.
	if lines > 1950 {
		t.Errorf("schema has %d non-test lines; move a job out rather than grow it", lines)
	}
	t.Logf("schema: %d non-test lines", lines)
}

// TestBinaryStartsLight: every package the binary links runs its
// initialisation at every start of every command, so the binary links no
// library whose initialisation costs a noticeable share of a lint run.
// go-playground/validator/v10 (with gabriel-vasile/mimetype and
// golang.org/x/text, about 1.3 ms and 200 page faults of a 3.6 ms lint)
// judges the site model's declared rules in site's tests instead (see
// site/declared.go); one YAML library; client_golang's collectors register
// themselves at start (probe/exporter writes its few metrics itself).
func TestBinaryStartsLight(t *testing.T) {
	mod, outside := allImports(t)
	linked := map[string]bool{}
	seen := map[string]bool{}
	var visit func(dir string)
	visit = func(dir string) {
		if seen[dir] {
			return
		}
		seen[dir] = true
		for _, p := range outside[dir] {
			linked[p] = true
		}
		for _, p := range mod[dir] {
			visit(p)
		}
	}
	visit("cmd/heatconf")
	if len(seen) < 15 || !linked["github.com/spf13/cobra"] {
		t.Fatalf("the walk from cmd/heatconf reached %d packages: is it rooted at the module?", len(seen))
	}
	for _, heavy := range []string{"github.com/go-playground/validator/v10", "gopkg.in/yaml.v3", "go.yaml.in/yaml/v3",
		"github.com/prometheus/client_golang/prometheus"} {
		if linked[heavy] {
			t.Errorf("the binary imports %s: its package initialisation would run at every start", heavy)
		}
	}
}
