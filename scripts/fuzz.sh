#!/bin/bash
# Runs every fuzz target of heatconf for a short, fixed time each, starting
# from the seed corpora committed under each package's testdata/fuzz/.
#
#   scripts/fuzz.sh [SECONDS]      default 10 seconds per target
#
# A failing input is written to testdata/fuzz/<Target>/ by go test: commit
# it with the fix, so that it stays a regression test.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
secs=${1:-10}
targets=$(grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r f; do
	pkg=$(dirname "$f")
	grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed "s|^func |$pkg |"
done)
n=0
while read -r pkg target; do
	[ -n "$target" ] || continue
	echo "== fuzz $target ($pkg) for ${secs}s" >&2
	go test -run '^$' -fuzz "^${target}\$" -fuzztime "${secs}s" "$pkg"
	n=$((n + 1))
done <<<"$targets"
echo "fuzz: $n targets, ${secs}s each, no failure" >&2
