#!/bin/bash
# Runs every heatconf test, the real-stack end-to-end test included.
#
#   scripts/test.sh [go test flags...] [packages...]
#       e.g. scripts/test.sh -run TestGolden ./render/
#   Without packages: every package, then every fuzz target for a fixed
#   number of executions (scripts/fuzz.sh; HEATCONF_FUZZ_EXECS=N runs N
#   each instead of each target's own count, about 10 s), then the release
#   build (scripts/release-check.sh: goreleaser release --snapshot, and the
#   archives' binaries run; installing goreleaser takes about 6 minutes the
#   first time).
#
# As root on Debian 12 it first installs what the tests compare against:
# Debian's oslo.config, oslo.messaging and SQLAlchemy (differential tests) and a
# real Keystone, Heat, MariaDB, RabbitMQ and memcached (end-to-end test). It runs
# `apt-get update` once, then installs only what is missing. Without root it
# runs the tests with what is there; tests whose components are missing skip,
# except under CI=true, where they fail.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"

packages=(python3-oslo.config python3-oslo.messaging python3-sqlalchemy python3-pymysql python3-keystoneauth1 bash prometheus pre-commit groff-base python3-alembic curl)
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
	echo "== installing test dependencies (apt-get update once)" >&2
	DEBIAN_FRONTEND=noninteractive apt-get update -qq
	HEATCONF_APT_UPDATED=1 bash testdata/e2e/stack.sh install
	missing=()
	for p in "${packages[@]}"; do
		[[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null) == *"install ok installed"* ]] || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
elif [ "${CI:-}" = true ]; then
	echo "test.sh: CI=true needs root and apt-get to install the test dependencies" >&2
	exit 3
fi

echo "== gofmt, go vet" >&2
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
	echo "gofmt would change: $unformatted" >&2
	exit 1
fi
go vet ./...

# gotest ARGS...: go test, its output streaming as ever and kept, so that when
# it fails the very end of the output names the failing tests with their
# messages (scripts/go-test-summary.sh): a long log may be seen only by its tail.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
gotest() {
	local status=0
	go test "$@" 2>&1 | tee "$log" || status=$?
	if [ "$status" != 0 ]; then
		scripts/go-test-summary.sh "$log" >&2 || true
		echo "== go test exited $status" >&2
	fi
	return "$status"
}

echo "== go test" >&2
# packages named: just those; only flags (or nothing): every package, then
# every fuzz target for a fixed number of executions from the committed seed
# corpora
for a in "$@"; do
	case $a in
	./* | github.com/*)
		gotest -count=1 -timeout 60m "$@"
		exit
		;;
	esac
done
gotest -count=1 -timeout 60m "$@" ./...
scripts/fuzz.sh
scripts/release-check.sh
