package conf

import (
	"strings"
)

// oslo.config's environment source (oslo_config/sources/_environment.py,
// in every oslo.config since 6.7.0, Stein: older than any Heat heatconf
// knows) gives an option the value of the variable
//
//	OS_<GROUP>__<OPTION>
//
// with the registered group name (DEFAULT for the default group) and the
// option's name as the code reads it (its dest: "-" already "_"), both
// upper-cased. ConfigOpts._do_get reads it after the command line and
// before every configuration file, and substitutes "$" references in it
// as in a file's values. So a heat.conf without a secret, and the secrets
// in the services' environment, configure Heat as one file would.

// EnvPrefix starts every variable of oslo.config's environment source.
const EnvPrefix = "OS_"

// EnvName is the variable oslo.config's environment source reads for
// option in group ("" is DEFAULT): OS_KEYSTONE_AUTHTOKEN__PASSWORD.
func EnvName(group, option string) string {
	if group == "" {
		group = Default
	}
	return EnvPrefix + strings.ToUpper(group) + "__" + strings.ToUpper(strings.ReplaceAll(option, "-", "_"))
}

// EnvOption is the group and option that the variable name stands for, as
// heatconf names them (DEFAULT, every other group and every option lower
// case, as Heat registers them), or ok false for a variable that is not
// of the form OS_<GROUP>__<OPTION>.
func EnvOption(name string) (group, option string, ok bool) {
	rest, ok := strings.CutPrefix(name, EnvPrefix)
	if !ok {
		return "", "", false
	}
	g, o, ok := strings.Cut(rest, "__")
	if !ok || g == "" || o == "" {
		return "", "", false
	}
	if g != Default {
		g = strings.ToLower(g)
	}
	return g, strings.ToLower(o), true
}

// EnvVar is one variable of an environment file, where its name starts.
type EnvVar struct {
	Name, Value string
	Line, Col   int
}

// Environment is the File that the oslo.config variables among vars amount
// to: for each OS_<GROUP>__<OPTION>, an entry of that group and option with
// the variable's value, at the variable's place in the environment file
// name (whose text is src). Merged after the configuration files
// (Merge(files..., env)), it wins over them, as the environment does in
// oslo.config. Other variables are left out. The File is for reading:
// its lines are not INI, so nothing may be written back through it.
func Environment(name string, src []byte, vars []EnvVar) *File {
	f := &File{Name: name, Src: src, index: map[string]*groupIndex{}, Lines: splitLines(src), env: true}
	for i := range f.Lines {
		f.Lines[i].Kind = LineComment
	}
	for _, v := range vars {
		group, option, ok := EnvOption(v.Name)
		if !ok {
			continue
		}
		line := max(v.Line, 1)
		off := 0
		if line <= len(f.Lines) {
			off = f.Lines[line-1].Pos.Offset + max(v.Col, 1) - 1
		}
		sec := &Section{File: f, Name: group, Group: NormalizeGroup(group), Pos: f.pos(off, len(v.Name))}
		e := &Entry{
			Section:   sec,
			Key:       option,
			KeyPos:    f.pos(off, len(v.Name)),
			Value:     v.Value,
			ValuePos:  f.pos(off+len(v.Name)+1, 0),
			FirstLine: line,
			LastLine:  line,
		}
		sec.Entries = []*Entry{e}
		f.Sections = append(f.Sections, sec)
		f.group(sec.Group).add(e)
	}
	return f
}

// IsEnvironment reports whether f was made by Environment: its entries are
// variables of an environment file, which no fixer may rewrite as INI lines.
func (f *File) IsEnvironment() bool { return f.env }
