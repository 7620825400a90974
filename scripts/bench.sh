#!/bin/bash
# Measures heatconf render, side by side in one run:
#   - whole-process `heatconf render` of the example site (target: median <= 30 ms)
#   - sites with 10, 100 and 1,000 hosts (target: 1,000 hosts <= 1 s, linear in hosts)
#   - the Go benchmarks of the render package (in-process, no start-up or writing)
# Uses hyperfine (Debian package; installed when run as root).
#
#   scripts/bench.sh            results in bench-results/ (markdown tables)
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
if ! command -v hyperfine >/dev/null; then
	if [ "$(id -u)" = 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq hyperfine >/dev/null
	else
		echo "bench.sh: install hyperfine (apt-get install hyperfine)" >&2
		exit 3
	fi
fi
work=$(mktemp -d /var/tmp/heatconf-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
results=${BENCH_RESULTS:-bench-results}
mkdir -p "$results"

CGO_ENABLED=0 go build -trimpath -o "$work/heatconf" ./cmd/heatconf
"$work/heatconf" init "$work/example" >/dev/null

# sites with N hosts: the example plus [hosts.*] tables
for n in 10 100 1000; do
	mkdir -p "$work/hosts$n"
	cp -a "$work/example/secrets" "$work/hosts$n/"
	{
		cat "$work/example/site.toml"
		for ((i = 0; i < n; i++)); do
			printf '[hosts.ctl%04d]\nbind_host = "10.%d.%d.%d"\n' "$i" $((1 + i / 65536)) $((i / 256 % 256)) $((i % 256))
		done
	} >"$work/hosts$n/site.toml"
done

echo "== whole process: heatconf render (fresh output directory each run)" >&2
hyperfine --warmup 5 --runs 50 -N --export-markdown "$results/render.md" \
	--prepare "rm -rf $work/out" \
	-n "example site" "$work/heatconf render $work/example/site.toml --output $work/out" \
	-n "10 hosts" "$work/heatconf render $work/hosts10/site.toml --output $work/out" \
	-n "100 hosts" "$work/heatconf render $work/hosts100/site.toml --output $work/out"
# 1,000 hosts is 1,000 directories and 2,000 files: on a slow disk the file
# system's own cost of creating them dominates, so measure that floor too
# (python3 creating the same directories and files), a fresh output on tmpfs,
# and a re-render into an existing output directory.
shm=$(mktemp -d /dev/shm/heatconf-bench.XXXXXX)
trap 'rm -rf "$work" "$shm"' EXIT
cat >"$work/floor.py" <<'PY'
import os, sys
out = sys.argv[1]
os.mkdir(out)
for i in range(1000):
    d = os.path.join(out, "ctl%04d" % i)
    os.mkdir(d)
    for name in ("heat.conf", "install-heat.sh"):
        with open(os.path.join(d, name), "w") as f:
            f.write("x" * 2500)
PY
hyperfine --warmup 1 --runs 10 -N --export-markdown "$results/render-1000.md" \
	--prepare "rm -rf $work/out $work/floor $shm/out" \
	-n "1,000 hosts, fresh output on disk" "$work/heatconf render $work/hosts1000/site.toml --output $work/out" \
	-n "floor: python3 creates 1,000 dirs + 2,000 files on disk" "python3 $work/floor.py $work/floor" \
	-n "1,000 hosts, fresh output on tmpfs" "$work/heatconf render $work/hosts1000/site.toml --output $shm/out"
"$work/heatconf" render "$work/hosts1000/site.toml" --output "$work/out" >/dev/null 2>&1
hyperfine --warmup 1 --runs 10 -N --export-markdown "$results/render-1000-again.md" \
	-n "1,000 hosts, re-render into an up-to-date output on disk" "$work/heatconf render $work/hosts1000/site.toml --output $work/out"
hyperfine --warmup 5 --runs 30 -N --export-markdown "$results/check.md" \
	-n "example site, --check of an up-to-date output" "$work/heatconf render $work/example/site.toml --output $work/example/out --check" \
	--prepare "$work/heatconf render $work/example/site.toml --output $work/example/out"

echo "== go benchmarks (render package)" >&2
go test ./render/ -run '^$' -bench . -benchtime 2s -count 1 | tee "$results/go-bench.txt"
echo "results in $results/" >&2
