// Package envfile reads and writes environment files as systemd reads them
// for a unit's EnvironmentFile= (the parser of systemd's env-file.c, which
// has read them the same way from systemd 209 to this day): one KEY=VALUE
// a line, "#" and ";" lines are comments, a value may be single- or
// double-quoted, and no variable is expanded.
//
// What Quote writes also means the same to a POSIX shell that sources the
// file (". heat.env"), so the scripts heatconf renders read the very
// values systemd gives the services.
package envfile

import (
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Var is one assignment of an environment file, where its name starts.
type Var struct {
	Name, Value string
	Line, Col   int
}

// ValidName reports whether systemd passes a variable of this name to a
// service: letters, digits and underscores, not starting with a digit
// (env_name_is_valid). Anything else it drops with a warning.
func ValidName(name string) bool {
	if name == "" || name[0] >= '0' && name[0] <= '9' {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_') {
			return false
		}
	}
	return true
}

// needEscape are the characters a backslash escapes inside double quotes,
// for systemd (SHELL_NEED_ESCAPE) and for the shell alike.
const needEscape = "\"\\`$"

// Quote writes value as a double-quoted value that systemd and a POSIX
// shell both read back as value: '"', '\', '`' and '$' get a backslash,
// nothing else changes. A value that cannot stay on one line (newline,
// carriage return), holds NUL or is not UTF-8 is refused: systemd drops
// invalid UTF-8, and a value of several lines is one no reader of heatconf's
// files expects.
func Quote(value string) (string, error) {
	switch {
	case !utf8.ValidString(value):
		return "", errors.New("an environment file value must be valid UTF-8")
	case strings.ContainsAny(value, "\x00\r\n"):
		return "", errors.New("an environment file value cannot hold NUL, a newline or a carriage return")
	}
	var b strings.Builder
	b.Grow(len(value) + 2)
	b.WriteByte('"')
	for i := 0; i < len(value); i++ {
		if strings.IndexByte(needEscape, value[i]) >= 0 {
			b.WriteByte('\\')
		}
		b.WriteByte(value[i])
	}
	b.WriteByte('"')
	return b.String(), nil
}

// Line is NAME=Quote(value), for a valid name.
func Line(name, value string) (string, error) {
	if !ValidName(name) {
		return "", fmt.Errorf("%q is not a variable name systemd passes on (letters, digits and _, not starting with a digit)", name)
	}
	q, err := Quote(value)
	if err != nil {
		return "", err
	}
	return name + "=" + q, nil
}

// Parse reads src as systemd reads an EnvironmentFile=: every assignment
// in order (a name set twice keeps its last value, as the service's
// environment does: see Last). Names systemd would drop (not ValidName)
// and values that are not UTF-8 are errors here, with their line, rather
// than silently missing.
func Parse(src []byte) ([]Var, error) {
	const (
		preKey = iota
		key
		preValue
		value
		valueEscape
		singleQuote
		doubleQuote
		doubleQuoteEscape
		comment
		commentEscape
	)
	var (
		vars         []Var
		k, v         strings.Builder
		keyWS        = -1 // length of the key before trailing white space
		valueWS      = -1 // length of the value before trailing white space
		state        = preKey
		line, keyCol = 1, 0
		col          = 0
		keyLine      = 0
		errs         []string
	)
	isWS := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
	isNL := func(c byte) bool { return c == '\n' || c == '\r' }
	push := func(trimValue bool) {
		name := k.String()
		if keyWS >= 0 {
			name = name[:keyWS]
		}
		val := v.String()
		if trimValue && valueWS >= 0 {
			val = val[:valueWS]
		}
		switch {
		case !ValidName(name):
			errs = append(errs, fmt.Sprintf("line %d: %q is not a variable name systemd passes on (it drops the line)", keyLine, name))
		case !utf8.ValidString(val):
			errs = append(errs, fmt.Sprintf("line %d: the value of %s is not UTF-8 (systemd drops the line)", keyLine, name))
		default:
			vars = append(vars, Var{Name: name, Value: val, Line: keyLine, Col: keyCol})
		}
		k.Reset()
		v.Reset()
		keyWS, valueWS = -1, -1
	}
	for i := 0; i < len(src); i++ {
		c := src[i]
		col++
		switch state {
		case preKey:
			switch {
			case c == '#' || c == ';':
				state = comment
			case !isWS(c):
				state, keyWS = key, -1
				keyLine, keyCol = line, col
				k.WriteByte(c)
			}
		case key:
			switch {
			case isNL(c):
				state = preKey
				k.Reset()
			case c == '=':
				state, valueWS = preValue, -1
			default:
				if !isWS(c) {
					keyWS = -1
				} else if keyWS < 0 {
					keyWS = k.Len()
				}
				k.WriteByte(c)
			}
		case preValue:
			switch {
			case isNL(c):
				state = preKey
				push(false)
			case c == '\'':
				state = singleQuote
			case c == '"':
				state = doubleQuote
			case c == '\\':
				state = valueEscape
			case !isWS(c):
				state = value
				v.WriteByte(c)
			}
		case value:
			switch {
			case isNL(c):
				state = preKey
				push(true)
			case c == '\\':
				state, valueWS = valueEscape, -1
			default:
				if !isWS(c) {
					valueWS = -1
				} else if valueWS < 0 {
					valueWS = v.Len()
				}
				v.WriteByte(c)
			}
		case valueEscape:
			state = value
			if !isNL(c) {
				v.WriteByte(c)
			}
		case singleQuote:
			if c == '\'' {
				state = preValue
			} else {
				v.WriteByte(c)
			}
		case doubleQuote:
			switch c {
			case '"':
				state = preValue
			case '\\':
				state = doubleQuoteEscape
			default:
				v.WriteByte(c)
			}
		case doubleQuoteEscape:
			state = doubleQuote
			switch {
			case strings.IndexByte(needEscape, c) >= 0:
				v.WriteByte(c)
			case c != '\n':
				v.WriteByte('\\')
				v.WriteByte(c)
			}
		case comment:
			switch {
			case c == '\\':
				state = commentEscape
			case isNL(c):
				state = preKey
			}
		case commentEscape:
			// systemd before 254 joined the next line to the comment;
			// later ones end the comment here. heatconf writes no such line.
			if isNL(c) {
				state = preKey
			} else {
				state = comment
			}
		}
		if c == '\n' {
			line++
			col = 0
		}
	}
	switch state {
	case preValue, value, valueEscape, singleQuote, doubleQuote, doubleQuoteEscape:
		push(state == value)
	}
	if len(errs) > 0 {
		return vars, errors.New(strings.Join(errs, "; "))
	}
	return vars, nil
}

// Last returns the value the environment gets for name: that of its last
// assignment.
func Last(vars []Var, name string) (Var, bool) {
	for i := len(vars) - 1; i >= 0; i-- {
		if vars[i].Name == name {
			return vars[i], true
		}
	}
	return Var{}, false
}
