#!/bin/bash
# Runs every fuzz target of heatconf for a fixed number of executions each,
# starting from the seed corpora committed under each package's testdata/fuzz/.
#
#   scripts/fuzz.sh [EXECS]
#       EXECS (or HEATCONF_FUZZ_EXECS): one count for every target;
#       default: each target's own count below, about 10 s each on a
#       2-core machine.
#
# A count, not a duration: a run of -fuzztime 10s can end with "context
# deadline exceeded" and no failing input when the machine is busy. The run
# fails only on a failing input: first the seed corpora run as tests, then
# each target fuzzes, and a failing input found is what go test writes to
# testdata/fuzz/<Target>/ -- this script prints it. Commit it with the fix,
# so that it stays a regression test. An error of the fuzzing engine that
# leaves no failing input is reported, and is not a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

# Executions per target: about 10 s each on 2 cores (the seconds that go
# test prints after each target's "ok"); a new target gets default_budget.
declare -A budget=(
	[FuzzParse]=100000
	[FuzzRedact]=100000
	[FuzzUnified]=200000
	[FuzzLint]=20000
	[FuzzRenderEscaping]=10000
	[FuzzLoadYAML]=20000
	[FuzzValidate]=70000
	[FuzzDecode]=130000
	[FuzzAnswers]=60000
	[FuzzConfig]=50000
)
default_budget=20000
all=${1:-${HEATCONF_FUZZ_EXECS:-}}
if [ -n "$all" ] && ! [[ $all =~ ^[1-9][0-9]*$ ]]; then
	echo "fuzz.sh: EXECS must be a positive number of executions, got \"$all\"" >&2
	exit 2
fi

targets=$(grep -rl --include='*_test.go' '^func Fuzz' . | sort | while read -r f; do
	pkg=$(dirname "$f")
	grep -o '^func Fuzz[A-Za-z0-9_]*' "$f" | sed "s|^func |$pkg |"
done)

# The seed corpora, as tests: a build error or a failing seed fails here.
pkgs=$(awk '{print $1}' <<<"$targets" | sort -u)
names=$(awk '{print $2}' <<<"$targets" | paste -sd'|')
echo "== seed corpora of $(wc -l <<<"$targets") fuzz targets" >&2
# The output of each go test is kept so that a failure ends with its summary
# (scripts/go-test-summary.sh): the messages of the failing seed or input.
log=$(mktemp)
summaries=$(mktemp)
trap 'rm -f "$log" "$summaries"' EXIT
status=0
# shellcheck disable=SC2086 # one argument per package
go test -count=1 -run "^(${names})\$" $pkgs 2>&1 | tee "$log" || status=$?
if [ "$status" != 0 ]; then
	scripts/go-test-summary.sh "$log" >&2 || true
	echo "fuzz: FAIL: a seed corpus fails as a test (go test exited $status)" >&2
	exit 1
fi

n=0
found=()
engine=()
while read -r pkg target; do
	[ -n "$target" ] || continue
	execs=${all:-${budget[$target]:-$default_budget}}
	corpus="$pkg/testdata/fuzz/$target"
	before=$(ls -1 "$corpus" 2>/dev/null || true)
	echo "== fuzz $target ($pkg): $execs executions" >&2
	status=0
	go test -run '^$' -fuzz "^${target}\$" -fuzztime "${execs}x" "$pkg" 2>&1 | tee "$log" || status=$?
	after=$(ls -1 "$corpus" 2>/dev/null || true)
	new=$(comm -13 <(sort <<<"$before") <(sort <<<"$after") | sed '/^$/d')
	if [ -n "$new" ]; then
		for f in $new; do
			echo "fuzz: $target found a failing input, $corpus/$f:" >&2
			cat "$corpus/$f" >&2
			found+=("$corpus/$f")
		done
		scripts/go-test-summary.sh "$log" 60 >>"$summaries" || true
	elif [ "$status" != 0 ]; then
		echo "fuzz: $target: go test exited $status without a failing input (an error of the fuzzing engine, not a finding)" >&2
		engine+=("$target")
	fi
	n=$((n + 1))
done <<<"$targets"

if [ ${#engine[@]} -gt 0 ]; then
	echo "fuzz: engine errors without a failing input in: ${engine[*]}" >&2
fi
if [ ${#found[@]} -gt 0 ]; then
	cat "$summaries" >&2
	echo "fuzz: FAIL: ${#found[@]} failing input(s): ${found[*]} (go test -run '<Target>/<file>' <pkg> replays one)" >&2
	exit 1
fi
echo "fuzz: $n targets, no failing input" >&2
