// Package templates holds the text/template files that heatconf renders
// (heat.conf, the database and Keystone bootstrap, the Heat install script)
// and the Keystone bootstrap program they embed. They are compiled into the
// binary; render is the only package that executes them.
package templates

import "embed"

// FS holds every template (*.tmpl) and the static files they include.
//
//go:embed *.tmpl *.py
var FS embed.FS
