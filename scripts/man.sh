#!/bin/bash
# Writes heatconf's man pages, one per command (heatconf.1, heatconf-lint.1,
# heatconf-schema-show.1, ...), made from the command tree with cobra/doc.
#
#   scripts/man.sh DIR [VERSION]
#
# The pages are made by the test that checks them (TestManPages in
# cmd/heatconf), so the heatconf binary carries no man page generator. Their
# date is SOURCE_DATE_EPOCH's when set, else today.
set -euo pipefail
if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: scripts/man.sh DIR [VERSION]" >&2
	exit 2
fi
mkdir -p "$1"
dir=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
go test -count=1 -run '^TestManPages$' ./cmd/heatconf -args -man-dir "$dir" -man-version "${2:-}" >/dev/null
echo "man pages written to $dir: $(cd "$dir" && ls ./*.1 | wc -l)" >&2
