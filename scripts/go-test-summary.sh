#!/bin/bash
# Prints a short summary of the failures in the output of `go test` (with or
# without -v, one package or many, fuzzing included), for the end of a long
# log of which only the tail may be seen:
#
#   scripts/go-test-summary.sh LOG [MAX_LINES]
#
# For every failing package its FAIL line, and under it every `--- FAIL:` line
# with the messages of that test: the lines logged by a call of Error, Errorf,
# Fatal or Fatalf (found by their file:line in the repository's Go files), a
# few lines of each, and the last lines the test logged (a Fatalf through a
# helper ends there); then a panic and its first lines, or for a package that
# failed without a failing test (a build error, a crash) its last lines. At
# most MAX_LINES lines (default 150). Prints nothing when nothing failed.
# Portable awk (Debian's default is mawk; AWK=gawk picks another).
set -euo pipefail
log=${1:?usage: go-test-summary.sh LOG [MAX_LINES]}
max=${2:-150}
cd "$(dirname "$0")/.."

# basename:line of every call that fails a test, as go test prints its place
calls=$(mktemp)
trap 'rm -f "$calls"' EXIT
{
	echo "-:0" # never empty: awk tells the two files apart by it
	{ git ls-files --cached --others --exclude-standard '*.go' 2>/dev/null || find . -name '*.go'; } |
		xargs -r grep -nE '\.(Errorf|Fatalf|Fatal|Fail|FailNow)\(|\.Error\([^)]' 2>/dev/null |
		awk -F: '{ n = split($1, p, "/"); print p[n] ":" $2 }' || true
} >"$calls"

${AWK:-awk} -v max="$max" '
# the failure calls: file.go:NN
FNR == NR { call[$0] = 1; next }

function reset() {
	for (k in nlines) delete nlines[k]
	for (k in text) delete text[k]
	for (k in isfail) delete isfail[k]
	for (k in failline) delete failline[k]
	nfailed = 0; npanic = 0; panicking = 0; nblock = 0; cur = ""
}
function out(s) { summary[++nsum] = s }
# the place (file.go:NN) a log line starts with, or ""
function place(s) {
	if (match(s, /^ +[A-Za-z0-9_.+-]+\.go:[0-9]+: /)) {
		s = substr(s, RSTART, RLENGTH - 2)
		sub(/^ +/, "", s)
		return s
	}
	return ""
}
function emit(pkgline,    i, j, n, name, keep, k, last, hasSub, m, cont) {
	out(pkgline)
	for (i = 1; i <= nfailed; i++) {
		name = failed[i]
		out(failline[name])
		n = nlines[name] + 0
		hasSub = 0
		for (j = 1; j <= nfailed; j++)
			if (index(failed[j], name "/") == 1) hasSub = 1
		for (k in keep) delete keep[k]
		m = 0
		for (j = 1; j <= n && m < 12; j++) {
			if (!(place(text[name, j]) in call)) continue
			m++
			keep[j] = 1
			# the lines of a message that spans lines: indented deeper, no place
			for (cont = j + 1; cont <= n && cont <= j + 6 && place(text[name, cont]) == "" && text[name, cont] !~ /^ *(===|---) /; cont++)
				keep[cont] = 1
		}
		if (!hasSub)
			for (j = (n > 8 ? n - 7 : 1); j <= n; j++) keep[j] = 1
		last = 0
		for (j = 1; j <= n; j++) {
			if (!(j in keep)) continue
			if (last && j > last + 1) out("        [...]")
			out(text[name, j])
			last = j
		}
	}
	for (i = 1; i <= npanic; i++) out(panicbuf[i])
	if (nfailed == 0 && npanic == 0)
		for (i = (nblock > 15 ? nblock - 14 : 1); i <= nblock; i++) out(block[i])
}

FNR == 1 { reset() }

# the end of a package: ok, FAIL or ? with a tab after the word
/^(ok  |FAIL|\?   )\t[^\t ]/ {
	if ($0 ~ /^FAIL/) emit($0)
	reset()
	next
}
{ block[++nblock] = $0; if (nblock > 15) { for (i = 1; i < nblock; i++) block[i] = block[i + 1]; nblock = 15 } }
/^panic: |^fatal error: / { panicking = 1; cur = "" }
panicking { if (npanic < 15) panicbuf[++npanic] = $0; next }
/^=== (RUN|CONT|NAME|PAUSE)/ {
	cur = $0
	sub(/^=== [A-Z]+ */, "", cur)
	next
}
/^ *--- FAIL: / {
	name = $0
	sub(/^ *--- FAIL: /, "", name)
	sub(/ \(.*$/, "", name)
	if (!(name in isfail)) {
		isfail[name] = 1
		failed[++nfailed] = name
		line = $0
		sub(/^ +/, "", line)
		failline[name] = line
	}
	cur = name
	next
}
/^ *--- (PASS|SKIP): / { if ($0 ~ /^---/) cur = ""; next }
/^(FAIL|PASS|exit status [0-9]+)$/ { next }
cur != "" { nlines[cur]++; text[cur, nlines[cur]] = $0 }

END {
	if (nsum == 0) exit
	print "== go test failed: these tests (" nsum " lines; the whole output is above)"
	for (i = 1; i <= nsum && i <= max; i++) print summary[i]
	if (nsum > max) print "== ... " nsum - max " more lines of the summary cut"
	print "== end of the go test failures"
}
' "$calls" "$log"
