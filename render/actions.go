package render

import (
	"reflect"
	"strings"
	"text/template"
	"text/template/parse"
)

// The templates are data as much as code: walking their parse trees tells,
// for every action, which output line it writes into and which site key
// the values it prints come from. Tests use the first to make sure every
// interpolation into a comment goes through an escaper; render uses the
// second to name the site key when an escaper refuses a value.

// action is one {{...}} that prints, as the walk finds it.
type action struct {
	node *parse.ActionNode
	// line is the text of its output line before it, as far as the
	// template fixes it (other actions on the line count as "X").
	line string
	// key is the site key of what the action's last command is given,
	// or "" when that is not a site value.
	key string
	// section is the last INI section header ("[name]") the template's
	// text wrote before the action, without brackets.
	section string
}

// scope is what "." or a variable stands for: its type and site key.
type scope struct {
	typ reflect.Type
	key string
}

type walker struct {
	vars    map[string]scope
	visit   func(action)
	section string // the last "[name]" line of the text walked
}

// walkActions calls visit for every printing action of t, in template order.
func walkActions(t *template.Template, visit func(action)) {
	if t.Tree == nil || t.Tree.Root == nil {
		return
	}
	root := scope{typ: reflect.TypeFor[View]()}
	w := &walker{vars: map[string]scope{"$": root}, visit: visit}
	line := ""
	w.list(t.Tree.Root, root, &line)
}

func (w *walker) list(l *parse.ListNode, dot scope, line *string) {
	if l == nil {
		return
	}
	for _, n := range l.Nodes {
		w.node(n, dot, line)
	}
}

func (w *walker) node(n parse.Node, dot scope, line *string) {
	switch n := n.(type) {
	case *parse.TextNode:
		text := *line + string(n.Text)
		for _, l := range strings.Split(text, "\n") {
			if strings.HasPrefix(l, "[") && strings.HasSuffix(l, "]") && len(l) > 2 {
				w.section = l[1 : len(l)-1]
			}
		}
		*line = lastLine(text)
	case *parse.ActionNode:
		if len(n.Pipe.Decl) > 0 {
			// {{$x := pipeline}} prints nothing
			w.vars[n.Pipe.Decl[0].Ident[0]] = w.pipe(n.Pipe, dot)
			return
		}
		w.visit(action{node: n, line: *line, key: w.pipe(n.Pipe, dot).key, section: w.section})
		*line += "X"
	case *parse.IfNode:
		w.branch(&n.BranchNode, dot, dot, line)
	case *parse.WithNode:
		w.branch(&n.BranchNode, w.pipe(n.Pipe, dot), dot, line)
	case *parse.RangeNode:
		elem := w.pipe(n.Pipe, dot)
		if elem.typ != nil {
			switch t := deref(elem.typ); t.Kind() {
			case reflect.Slice, reflect.Array, reflect.Map:
				elem.typ = t.Elem()
			}
		}
		w.branch(&n.BranchNode, elem, dot, line)
	}
}

// branch walks both arms from the same line; the line after the node is
// the first arm's (the text after {{end}} continues whichever ran).
func (w *walker) branch(b *parse.BranchNode, inner, outer scope, line *string) {
	start := *line
	w.list(b.List, inner, line)
	other := start
	w.list(b.ElseList, outer, &other)
}

// pipe returns the scope of a pipeline's value: that of the argument of
// its last command (`ini .Site.Region` and `.Site.Region | ini` both
// stand for region).
func (w *walker) pipe(p *parse.PipeNode, dot scope) scope {
	if p == nil || len(p.Cmds) == 0 {
		return scope{}
	}
	cmd := p.Cmds[len(p.Cmds)-1]
	args := cmd.Args
	if _, ok := args[0].(*parse.IdentifierNode); ok {
		// a function call: its value comes from its last argument, or
		// from the previous command of the pipeline
		if len(args) > 1 {
			return w.arg(args[len(args)-1], dot)
		}
		if len(p.Cmds) > 1 {
			return w.pipe(&parse.PipeNode{Cmds: p.Cmds[:len(p.Cmds)-1]}, dot)
		}
		return scope{}
	}
	return w.arg(args[0], dot)
}

func (w *walker) arg(n parse.Node, dot scope) scope {
	switch n := n.(type) {
	case *parse.DotNode:
		return dot
	case *parse.FieldNode:
		return fields(dot, n.Ident)
	case *parse.VariableNode:
		return fields(w.vars[n.Ident[0]], n.Ident[1:])
	case *parse.ChainNode:
		if p, ok := n.Node.(*parse.PipeNode); ok {
			return fields(w.pipe(p, dot), n.Field)
		}
	case *parse.PipeNode:
		return w.pipe(n, dot)
	}
	return scope{}
}

// fields follows .A.B.C from sc: View fields name their site key in a
// `key` tag, the site's own fields by their TOML names; methods (a
// Secret's Value) keep the key of what they are called on.
func fields(sc scope, names []string) scope {
	for _, name := range names {
		if sc.typ == nil {
			return scope{}
		}
		t := deref(sc.typ)
		if t.Kind() == reflect.Struct {
			if f, ok := t.FieldByName(name); ok {
				sc.typ = f.Type
				if k, ok := f.Tag.Lookup("key"); ok {
					sc.key = k
				} else if n := strings.Split(f.Tag.Get("toml"), ",")[0]; n != "" && n != "-" {
					sc.key = strings.TrimPrefix(sc.key+"."+n, ".")
				}
				continue
			}
		}
		if m, ok := sc.typ.MethodByName(name); ok && m.Type.NumOut() > 0 {
			sc.typ = m.Type.Out(0)
			continue
		}
		return scope{}
	}
	return sc
}

func deref(t reflect.Type) reflect.Type {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

func lastLine(s string) string {
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// hostKeyPlaceholder stands for the key of the host being rendered in the
// site keys of View.Host.
const hostKeyPlaceholder = "<host>"
