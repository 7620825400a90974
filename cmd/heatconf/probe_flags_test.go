package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/heatconf/heatconf/internal/env"
)

var (
	// flagRE is a flag name in a message: --check-timeout, --os-cloud
	// (or a family of them: --os-*)
	flagRE = regexp.MustCompile(`--[a-z][a-z0-9-]*[a-z0-9](-\*)?`)
	// otherCommandRE is an openstack or heat-manage command in a hint,
	// whose flags are that command's
	otherCommandRE = regexp.MustCompile(`(openstack|heat-manage|keystone-manage) [^;)"]*`)
)

// TestProbeMessagesNameFlagsThatExist: every flag a probe message, hint
// or usage error names (outside the openstack commands hints give) is a
// flag of `heatconf probe --help`, not a hidden old name.
func TestProbeMessagesNameFlagsThatExist(t *testing.T) {
	cmd := newProbeCmd(Streams{}, env.None, nil)
	files, err := filepath.Glob("../../probe/*.go")
	if err != nil {
		t.Fatal(err)
	}
	own, err := filepath.Glob("probe*.go")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, own...)
	fset := token.NewFileSet()
	seen := 0
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return true
			}
			for _, flag := range flagRE.FindAllString(otherCommandRE.ReplaceAllString(s, ""), -1) {
				seen++
				if prefix, ok := strings.CutSuffix(flag, "*"); ok {
					found := false
					cmd.Flags().VisitAll(func(f *pflag.Flag) { found = found || strings.HasPrefix("--"+f.Name, prefix) })
					if !found {
						t.Errorf("%s: %q names %s, and no flag of `heatconf probe` begins so", fset.Position(lit.Pos()), s, flag)
					}
					continue
				}
				fl := cmd.Flags().Lookup(strings.TrimPrefix(flag, "--"))
				switch {
				case fl == nil:
					t.Errorf("%s: %q names %s, which `heatconf probe` does not have", fset.Position(lit.Pos()), s, flag)
				case fl.Hidden:
					t.Errorf("%s: %q names %s, a hidden old name: name the current flag", fset.Position(lit.Pos()), s, flag)
				}
			}
			return true
		})
	}
	if seen < 20 {
		t.Errorf("only %d flag names found in the probe's messages: is the scan broken?", seen)
	}
}
