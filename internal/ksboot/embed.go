// Package ksboot holds the Keystone bootstrap program: a Python 3 program
// that reads a JSON plan on standard input and creates or corrects, through
// Keystone's v3 API, everything Heat needs (service user and roles, the
// orchestration and cloudformation services and endpoints, the stack domain
// and its admin, the stack owner grants); with --dry-run it only prints what
// it would change. render embeds its text in bootstrap-keystone.sh, which
// runs it as python3 /dev/fd/3 (the program on that descriptor, not on the
// command line); the program itself is tested here against a stub Keystone.
package ksboot

import _ "embed"

// Name is the program's file name, for messages and Python tracebacks.
const Name = "keystone_bootstrap.py"

// Program is the text of keystone_bootstrap.py.
//
//go:embed keystone_bootstrap.py
var Program string
