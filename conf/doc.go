// Package conf reads heat.conf exactly as oslo.config does. It is the one
// reader of OpenStack configuration files in heatconf: lint, render's
// self-check and probe all go through it.
//
// # What "exactly" means
//
// Parse ports oslo_config/iniparser.BaseParser and cfg.ConfigParser
// (oslo.config 9.0.0, the Debian bookworm package; the parser has not
// changed in years) and the way Python opens the file:
//
//   - The file is decoded as strict UTF-8; an invalid byte fails the whole
//     file, as Python's UnicodeDecodeError does. A byte-order mark is not
//     skipped: oslo.config rejects such a file, and so does Parse.
//   - "\n", "\r\n" and a lone "\r" end a line (universal newlines); every
//     line is right-stripped of Python whitespace (which includes U+001C to
//     U+001F, U+0085, U+00A0, U+3000 ...).
//   - A comment is a line whose first byte is '#' or ';'. "key = v # c" has
//     the value "v # c".
//   - A line starting with a space or tab continues the value above,
//     left-stripped and joined with "\n", even when it looks like a comment,
//     a header or an assignment. A blank line, a comment line or a header
//     ends a value; an indented line with no value to continue is an error.
//   - Key and value are split at the first '=' or ':' and stripped; keys may
//     contain spaces and are case-sensitive. One pair of surrounding quotes
//     is removed when the first and last characters are the same quote.
//     There are no escapes and no backslash continuation.
//   - "[name]" must end with ']' after right-stripping ("[DEFAULT] # c" is
//     an error); the name is everything between the first and last bracket,
//     not stripped. DEFAULT (exactly) is the default group; any other name is
//     lower-cased with Python's str.lower for lookup, so "[Database]" is
//     group "database" and "[default]" is not DEFAULT.
//   - Repeated keys keep every value (a single-valued option takes the
//     last, a multi-valued one all); repeated sections merge.
//   - Parsing stops at the first error, with oslo.config's message (see
//     the Msg constants) on the line oslo.config reports.
//
// Values are stored as oslo.config stores them, before substitution:
// Unescape, Expand and Escape implement its "$name", "${group.name}", "$$"
// and "\$" rules, and FormatValue writes a value back so that oslo.config
// reads it unchanged.
//
// The differential tests (oslo_test.go) run the installed oslo.config over
// the corpus in testdata/conf and over generated files and require the
// same groups, keys, values and errors.
//
// # Rules other packages share
//
// The oslo.config rules that lint, schema, render and probe apply to
// values and names have their one home here: ParseBool (types.Boolean),
// NormalizeGroup and SameGroup (group names), and ParseURL, ParseHosts,
// ParseHost and URLUnquote, which read the credentials and hosts of a
// transport_url or database connection with byte offsets (implemented in
// internal/netloc, which internal/secret shares).
//
// # gopkg.in/ini.v1
//
// heatconf's design names gopkg.in/ini.v1 as its INI library. On plain
// files — "[section]" headers, one-line "key = value" assignments, comment
// lines starting in column 1, "\n" or "\r\n" line breaks, no
// byte-order mark — ini.v1 loaded with IgnoreInlineComment,
// AllowPythonMultilineValues, IgnoreContinuation, PreserveSurroundedQuote
// and AllowShadows, followed by oslo.config's quote rule, gives exactly
// oslo.config's sections, keys and values (the guide's heat.conf is such a
// file). It is not faithful elsewhere, whatever the options: it accepts
// files oslo.config rejects (byte-order mark, keys before any section,
// "[S] # c", an indented first line), keeps the indentation of continuation
// lines, treats quoted keys, `backticks` and """triple quotes""" specially,
// does not end lines at a lone "\r", strips Go's whitespace rather than
// Python's, keeps "[Database]" and "[database]" apart, and its Bool and
// String methods accept other booleans (y, t) and interpolate %(name)s.
// iniv1_test.go pins each difference and the list of corpus files on
// which the two agree. Since telling a plain file from a tricky one takes a
// parse of its own, conf does not use ini.v1 even as a fast path.
package conf
