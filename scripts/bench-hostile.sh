#!/bin/bash
# Measures heatconf on the hostile-input set: each input that
# cmd/heatconf's TestHostileInputs makes (100,000 sections, 30,000 unknown
# options, $ chains and fans, a million-line heat.conf, tens of thousands
# of site overrides, --schema near and far over its cap, 20 KB dotted keys
# and deep nesting in .heatconf.toml and a site file), run RUNS times as a
# whole process under GNU time. The target is 2 s and 256 MB peak resident
# set each, on 2 cores.
#
#   scripts/bench-hostile.sh [RUNS]     RUNS defaults to 5
#
# Prints, and writes to bench-results/hostile.md, a markdown table: the
# median wall and CPU seconds and the largest peak RSS of the runs, with the
# machine (nproc, CPU model) and the command.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
runs=${1:-5}
if ! [[ $runs =~ ^[1-9][0-9]*$ ]]; then
	echo "bench-hostile.sh: RUNS must be a positive number, got \"$runs\"" >&2
	exit 2
fi
if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends time >/dev/null
	else
		echo "bench-hostile.sh: install GNU time (apt-get install time)" >&2
		exit 3
	fi
fi
work=$(mktemp -d /var/tmp/heatconf-bench-hostile.XXXXXX)
trap 'rm -rf "$work"' EXIT
results=${BENCH_RESULTS:-bench-results}
mkdir -p "$results"

# The inputs, made (and checked once) by the test.
HEATCONF_HOSTILE_KEEP=$work go test -count=1 -run '^TestHostileInputs$' ./cmd/heatconf/ >"$work/test.log" 2>&1 ||
	{ cat "$work/test.log" >&2; exit 1; }

median() { sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

{
	echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
	echo "Command: scripts/bench-hostile.sh $runs (GNU time, $runs runs each; medians of wall and CPU, largest peak RSS)"
	echo
	echo "| input | exit | wall (s) | CPU (s) | peak RSS (MB) |"
	echo "|---|---|---|---|---|"
	i=0
	while IFS=$'\t' read -r -a row; do
		name=${row[0]}
		cmd=("${row[@]:1}")
		dir=$work/$(printf '%02d' "$i")
		: >"$dir/times"
		for _ in $(seq "$runs"); do
			status=0
			(cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o "$dir/time.1" "${cmd[@]}" >/dev/null 2>&1) || status=$?
			cat "$dir/time.1" >>"$dir/times"
		done
		wall=$(grep -v '^Command' "$dir/times" | awk '{print $1}' | median)
		cpu=$(grep -v '^Command' "$dir/times" | awk '{print $2 + $3}' | median)
		rss=$(grep -v '^Command' "$dir/times" | awk '{print $4}' | sort -g | tail -1)
		printf '| %s | %s | %.2f | %.2f | %d |\n' "$name" "$status" "$wall" "$cpu" $((rss / 1024))
		i=$((i + 1))
	done <"$work/commands.tsv"
} | tee "$results/hostile.md"
