#!/bin/bash
# Measures heatconf lint side by side with oslo-config-validator, in one run:
#   - the install guide's heat.conf (testdata/lint/guide.conf): whole-process
#     `heatconf lint` vs `oslo-config-validator --opt-data` with the same
#     release's option data (target: at least 100x faster)
#   - the binary's start: whole-process `heatconf lint` of that one file vs
#     a Go program that does nothing, medians and their ratio (target: 3x)
#   - 10,000 heat.conf files in one directory (target: under 2 s on 2 cores)
#   - the Go benchmarks of the lint package
# Uses hyperfine and Debian's python3-oslo.config (installed when run as root).
#
#   scripts/bench-lint.sh        results in bench-results/ (markdown tables)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
need=()
command -v hyperfine >/dev/null || need+=(hyperfine)
[ -x /usr/bin/oslo-config-validator ] || need+=(python3-oslo.config)
if [ ${#need[@]} -gt 0 ]; then
	if [ "$(id -u)" = 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
	else
		echo "bench-lint.sh: install ${need[*]}" >&2
		exit 3
	fi
fi
work=$(mktemp -d /var/tmp/heatconf-bench-lint.XXXXXX)
trap 'rm -rf "$work"' EXIT
results=${BENCH_RESULTS:-bench-results}
mkdir -p "$results"
CGO_ENABLED=0 go build -trimpath -o "$work/heatconf" ./cmd/heatconf

# The machine's floor, to read the figures by: a Go program that does
# nothing, and what one page fault costs here (on a virtual machine without
# nested paging a fault can cost ten times or more what it costs on bare
# metal, and every Go process starts with several hundred).
mkdir -p "$work/floor"
printf 'module floor\n\ngo 1.22\n' >"$work/floor/go.mod"
cat >"$work/floor/main.go" <<'GO'
package main

import (
	"fmt"
	"os"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) < 2 {
		return // the floor: start and exit
	}
	const pages = 16384
	mem, err := syscall.Mmap(-1, 0, pages*4096, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		panic(err)
	}
	start := time.Now()
	for i := 0; i < len(mem); i += 4096 {
		mem[i] = 1
	}
	fmt.Printf("one page fault costs %.2f µs here\n", float64(time.Since(start).Nanoseconds())/1e3/pages)
}
GO
(cd "$work/floor" && CGO_ENABLED=0 go build -trimpath -o "$work/nothing" .)
"$work/nothing" faults | tee "$results/page-fault.txt" >&2

guide=testdata/lint/guide.conf
optdata=schema/data/heat-19.0.0-zed.yaml
echo "== the guide's heat.conf: heatconf lint vs oslo-config-validator (zed option data)" >&2
hyperfine --warmup 3 --runs 30 -N -i --export-markdown "$results/lint-guide.md" \
	-n "heatconf lint --release zed" "$work/heatconf lint --release zed $guide" \
	-n "oslo-config-validator --opt-data" "env PATH=/usr/sbin:/usr/bin:/sbin:/bin /usr/bin/oslo-config-validator --opt-data $optdata --input-file $guide" \
	-n "heatconf version (the binary's start)" "$work/heatconf version" \
	-n "a Go program that does nothing" "$work/nothing"

echo "== the binary's start: heatconf lint of one file vs a Go program that does nothing" >&2
hyperfine --warmup 20 --runs 300 -N -i --export-json "$work/start.json" --export-markdown "$results/lint-start.md" \
	-n "a Go program that does nothing" "$work/nothing" \
	-n "heatconf lint (the guide's heat.conf)" "$work/heatconf lint $guide"
python3 - "$work/start.json" <<'PY' | tee "$results/lint-start-ratio.txt" >&2
import json, sys
floor, lint = json.load(open(sys.argv[1]))["results"]
print("medians: heatconf lint %.2f ms, a Go program that does nothing %.2f ms: lint/floor = %.1fx"
      % (lint["median"] * 1e3, floor["median"] * 1e3, lint["median"] / floor["median"]))
PY

echo "== 10,000 files" >&2
"$work/heatconf" init "$work/site" >/dev/null
"$work/heatconf" render "$work/site/site.toml" --stdout heat.conf --reveal-secrets >"$work/heat.conf" 2>/dev/null
mkdir -p "$work/many"
# a walk lints heat.conf and what .heatconf.toml includes
printf 'include = ["*.conf"]\n' >"$work/many/.heatconf.toml"
for ((i = 0; i < 10000; i++)); do
	cp "$work/heat.conf" "$work/many/heat-$i.conf"
done
cp "$guide" "$work/many/guide.conf"
hyperfine --warmup 1 --runs 10 -N -i --export-markdown "$results/lint-10000.md" \
	-n "heatconf lint (10,001 files)" "$work/heatconf lint --release 2025.1 $work/many"

echo "== go benchmarks (lint package)" >&2
go test ./lint/ -run '^$' -bench . -benchtime 2s -count 1 | tee "$results/go-bench-lint.txt"
echo "results in $results/" >&2
