package render

import (
	"fmt"
	"sort"
	"strings"
	"testing"
	"testing/fstest"
	"text/template/parse"
)

// commentLine reports whether the output line so far is a comment in one of
// the targets: `#` (heat.conf, shell), `;` (heat.conf) or `--` (SQL).
func commentLine(line string) bool {
	l := strings.TrimLeft(line, " \t")
	return strings.HasPrefix(l, "#") || strings.HasPrefix(l, ";") || strings.HasPrefix(l, "--")
}

// escapedForComment reports whether the action's value goes through
// comment last: the only escaper whose output is one line by contract.
func escapedForComment(a *parse.ActionNode) bool {
	cmds := a.Pipe.Cmds
	if len(cmds) == 0 {
		return false
	}
	id, ok := cmds[len(cmds)-1].Args[0].(*parse.IdentifierNode)
	return ok && id.Ident == "comment"
}

// unescapedComments lists the actions of r's templates that print into a
// comment line without going through comment.
func unescapedComments(r *Renderer) []string {
	var bad []string
	for _, t := range r.tmpl.Templates() {
		walkActions(t, func(a action) {
			if commentLine(a.line) && !escapedForComment(a.node) {
				loc, _ := t.ErrorContext(a.node)
				bad = append(bad, fmt.Sprintf("%s: %s in the comment line %q", loc, a.node, a.line))
			}
		})
	}
	sort.Strings(bad)
	return bad
}

// TestCommentActionsAreEscaped: every value a template prints into a
// comment line goes through comment, so that no value can end the comment
// and start a command, a heat.conf section or an SQL statement.
func TestCommentActionsAreEscaped(t *testing.T) {
	r, err := New()
	if err != nil {
		t.Fatal(err)
	}
	if bad := unescapedComments(r); len(bad) > 0 {
		t.Errorf("unescaped values in comment lines (write {{comment ...}}):\n%s", strings.Join(bad, "\n"))
	}
}

// TestCommentCheckFindsUnescapedActions: the check above finds what it is
// there for, in every place a template can put it.
func TestCommentCheckFindsUnescapedActions(t *testing.T) {
	tests := []struct {
		tmpl string
		bad  int
	}{
		{"# from {{.SiteName}}\n", 1},
		{"# from {{comment .SiteName}}\n", 0},
		{"# from {{.SiteName | comment}}\n", 0},
		{"# from {{comment .SiteName | printf \"%s\"}}\n", 1},
		{"-- from {{.SiteName}}\nSELECT 1;\n", 1},
		{"  ; {{.SiteName}}\n", 1},
		{"x = {{ini .SiteName}} # {{.SiteName}}\n", 0}, // not a comment line: ini's business
		{"# a{{if .Host}} host {{.Host.Name}}{{end}}\n", 1},
		{"# a{{with .Host}} host {{.Name}}{{else}}{{.SiteName}}{{end}}\n", 2},
		{"{{range .Site.Database.AllowedHosts}}\n# {{.}}\n{{end}}", 1},
		{"{{- $db := .Site.Database}}\n# {{$db.User}} {{comment $db.Name}}\n", 1},
		{"# {{- /* -}} eats the newline */ -}}\n{{.SiteName}}\n", 1},
		{"#\n{{.SiteName}}\n", 0},
	}
	for _, tt := range tests {
		r, err := NewFS(fstest.MapFS{"t.tmpl": {Data: []byte(tt.tmpl)}})
		if err != nil {
			t.Fatal(err)
		}
		if got := unescapedComments(r); len(got) != tt.bad {
			t.Errorf("%q: found %d, want %d: %q", tt.tmpl, len(got), tt.bad, got)
		}
	}
}
