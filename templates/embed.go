// Package templates holds the text/template files that heatconf renders
// (heat.conf, the database and Keystone bootstrap, the Heat install script).
// They are compiled into the binary; render is the only package that
// executes them. The Keystone bootstrap program that bootstrap-keystone.sh
// carries is code, not a template: it lives in internal/ksboot.
package templates

import "embed"

// FS holds every template (*.tmpl).
//
//go:embed *.tmpl
var FS embed.FS
