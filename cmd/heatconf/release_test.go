package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v2"
)

// goreleaserConfig is the part of .goreleaser.yaml that the test checks.
type goreleaserConfig struct {
	Version int      `yaml:"version"`
	Env     []string `yaml:"env"`
	Before  struct {
		Hooks []string `yaml:"hooks"`
	} `yaml:"before"`
	Builds []struct {
		ID      string   `yaml:"id"`
		Main    string   `yaml:"main"`
		Binary  string   `yaml:"binary"`
		Env     []string `yaml:"env"`
		Goos    []string `yaml:"goos"`
		Goarch  []string `yaml:"goarch"`
		Flags   []string `yaml:"flags"`
		Ldflags []string `yaml:"ldflags"`
	} `yaml:"builds"`
	Archives []struct {
		NameTemplate string        `yaml:"name_template"`
		Files        []archiveFile `yaml:"files"`
	} `yaml:"archives"`
	Checksum struct {
		NameTemplate string `yaml:"name_template"`
		Algorithm    string `yaml:"algorithm"`
	} `yaml:"checksum"`
}

// archiveFile is a files entry: a plain glob or {src, dst, ...}.
type archiveFile struct{ Src, Dst string }

func (f *archiveFile) UnmarshalYAML(unmarshal func(any) error) error {
	var glob string
	if err := unmarshal(&glob); err == nil {
		f.Src = glob
		return nil
	}
	var m struct{ Src, Dst string }
	err := unmarshal(&m)
	f.Src, f.Dst = m.Src, m.Dst
	return err
}

// mainStringVars lists the package-level string variables of package main
// (not its tests): what -X main.NAME can set.
func mainStringVars(t *testing.T) []string {
	t.Helper()
	fset := token.NewFileSet()
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range f.Decls {
			g, ok := d.(*ast.GenDecl)
			if !ok || g.Tok != token.VAR {
				continue
			}
			for _, s := range g.Specs {
				vs := s.(*ast.ValueSpec)
				for i, n := range vs.Names {
					isString := false
					if id, ok := vs.Type.(*ast.Ident); ok && id.Name == "string" {
						isString = true
					} else if vs.Type == nil && i < len(vs.Values) {
						lit, ok := vs.Values[i].(*ast.BasicLit)
						isString = ok && lit.Kind == token.STRING
					}
					if isString {
						names = append(names, n.Name)
					}
				}
			}
		}
	}
	return names
}

// TestGoreleaserConfig keeps .goreleaser.yaml true to the repository:
// static builds with -trimpath for linux and darwin on amd64 and arm64,
// ldflags that set variables main has, archive files that exist or that a
// hook makes, and archives named as action.yml downloads them.
// scripts/release-check.sh runs goreleaser itself (scripts/test.sh).
func TestGoreleaserConfig(t *testing.T) {
	b, err := os.ReadFile("../../.goreleaser.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var c goreleaserConfig
	if err := yaml.Unmarshal(b, &c); err != nil {
		t.Fatal(err)
	}
	if c.Version != 2 || len(c.Builds) != 1 || len(c.Archives) != 1 {
		t.Fatalf("want version 2, one build and one archive: %+v", c)
	}
	bld := c.Builds[0]
	if bld.Main != "./cmd/heatconf" || bld.Binary != "heatconf" {
		t.Errorf("main %q binary %q", bld.Main, bld.Binary)
	}
	if !slices.Contains(bld.Env, "CGO_ENABLED=0") || !slices.Contains(c.Env, "CGO_ENABLED=0") {
		t.Errorf("CGO_ENABLED=0 in the build's env %q and the hooks' %q", bld.Env, c.Env)
	}
	if !slices.Contains(bld.Flags, "-trimpath") {
		t.Errorf("flags %q: no -trimpath", bld.Flags)
	}
	if !slices.Equal(bld.Goos, []string{"linux", "darwin"}) || !slices.Equal(bld.Goarch, []string{"amd64", "arm64"}) {
		t.Errorf("goos %q goarch %q", bld.Goos, bld.Goarch)
	}

	// -X main.NAME=... for exactly the variables that version.go reads
	ldflags := strings.Join(bld.Ldflags, " ")
	var set []string
	for _, m := range regexp.MustCompile(`-X[= ]main\.(\w+)=`).FindAllStringSubmatch(ldflags, -1) {
		set = append(set, m[1])
	}
	vars := mainStringVars(t)
	for _, name := range set {
		if !slices.Contains(vars, name) {
			t.Errorf("ldflags set main.%s, which package main does not have (its string variables: %q)", name, vars)
		}
	}
	slices.Sort(set)
	if !slices.Equal(set, []string{"commit", "version"}) {
		t.Errorf("ldflags %q set %q, want main.commit and main.version", ldflags, set)
	}

	// archive files exist in the repository or come from a before hook
	hooks := strings.Join(c.Before.Hooks, "\n")
	var srcs []string
	for _, f := range c.Archives[0].Files {
		srcs = append(srcs, f.Src)
		matches, err := filepath.Glob(filepath.Join("../..", filepath.FromSlash(f.Src)))
		if err != nil {
			t.Fatal(err)
		}
		if len(matches) > 0 {
			continue
		}
		dir := path.Dir(f.Src)
		if !strings.HasPrefix(f.Src, "build/") || !strings.Contains(hooks, dir) {
			t.Errorf("archive file %q: nothing in the repository, and no before hook writes %s", f.Src, dir)
		}
	}
	for _, want := range []string{"LICENSE", "README.md", "CHANGELOG.md", "build/man/*.1", "build/completions/*"} {
		if !slices.Contains(srcs, want) {
			t.Errorf("archives lack %s: %q", want, srcs)
		}
	}
	if fi, err := os.Stat("../../scripts/man.sh"); err != nil || fi.Mode()&0o111 == 0 || !strings.Contains(hooks, "scripts/man.sh build/man ") {
		t.Errorf("the man page hook: %v %v\n%s", fi, err, hooks)
	}
	for _, shell := range []string{"bash", "zsh", "fish"} {
		if !strings.Contains(hooks, "go run ./cmd/heatconf completion "+shell+" > build/completions/") {
			t.Errorf("no hook writes the %s completion", shell)
		}
		if r := run(t, nil, "completion", shell); r.code != 0 || r.out == "" {
			t.Errorf("heatconf completion %s: %d %s", shell, r.code, r.err)
		}
	}
	if c.Checksum.NameTemplate != "checksums.txt" || c.Checksum.Algorithm != "sha256" {
		t.Errorf("checksum %+v (action.yml reads checksums.txt)", c.Checksum)
	}
	// action.yml downloads heatconf_${tag#v}_${os}_${arch}.tar.gz
	if got := c.Archives[0].NameTemplate; got != "{{ .ProjectName }}_{{ .Version }}_{{ .Os }}_{{ .Arch }}" {
		t.Errorf("archives are named %q, not as action.yml downloads them", got)
	}
	action, _ := os.ReadFile("../../action.yml")
	if !strings.Contains(string(action), "archive=heatconf_${want#v}_${os}_${arch}.tar.gz") {
		t.Errorf("action.yml does not download heatconf_VERSION_OS_ARCH.tar.gz")
	}
}
