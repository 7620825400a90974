#!/bin/bash
# Builds the release archives as a tagged release would, without publishing
# anything, and checks what they hold:
#
#   scripts/release-check.sh
#
# It installs goreleaser (GORELEASER_VERSION, with `go install` through the Go
# module proxy, into ~/.cache/heatconf; about 6 minutes the first time), runs
# `goreleaser check` and `goreleaser release --snapshot --clean` (dist/ and
# build/, both ignored by git), then checks: an archive for each of
# linux/darwin x amd64/arm64 named as action.yml downloads it, checksums.txt
# right for every archive, each binary static and built for its platform, each
# archive with LICENSE, README.md, CHANGELOG.md, the man pages and the
# completions, and the linux/amd64 binary of this machine's architecture
# printing the snapshot's version. scripts/test.sh runs it.
#
# Without goreleaser (the install failed) it says so and exits 0 after
# `go test -run TestGoreleaserConfig`, unless CI=true, where it fails.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PATH:/usr/local/go/bin"
GORELEASER_VERSION=${GORELEASER_VERSION:-v2.17.0}

bindir=${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/heatconf/goreleaser-$GORELEASER_VERSION
goreleaser=$bindir/goreleaser
if [ ! -x "$goreleaser" ]; then
	echo "== installing goreleaser $GORELEASER_VERSION into $bindir (go install)" >&2
	mkdir -p "$bindir"
	if ! GOBIN=$bindir CGO_ENABLED=0 go install "github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION" >&2; then
		echo "release-check: go install github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION failed" >&2
		if [ "${CI:-}" = true ]; then
			exit 1
		fi
		echo "release-check: checking .goreleaser.yaml without goreleaser (TestGoreleaserConfig)" >&2
		exec go test -count=1 -run '^TestGoreleaserConfig$' ./cmd/heatconf
	fi
fi
"$goreleaser" --version 2>/dev/null | grep -i '^GitVersion' >&2 || true

echo "== goreleaser check" >&2
"$goreleaser" check >&2
echo "== goreleaser release --snapshot --clean" >&2
"$goreleaser" release --snapshot --clean >&2

fail=0
bad() {
	echo "release-check: $*" >&2
	fail=1
}
version=$(sed -n 's/.*"version":"\([^"]*\)".*/\1/p' dist/metadata.json)
[ -n "$version" ] || bad "no version in dist/metadata.json"
(cd dist && sha256sum -c --strict checksums.txt >&2) || bad "dist/checksums.txt does not match the archives"

for os in linux darwin; do
	for arch in amd64 arm64; do
		# the name action.yml downloads: heatconf_${tag#v}_${os}_${arch}.tar.gz
		archive=dist/heatconf_${version}_${os}_${arch}.tar.gz
		if [ ! -f "$archive" ]; then
			bad "no $archive"
			continue
		fi
		grep -q "  ${archive#dist/}\$" dist/checksums.txt || bad "checksums.txt lacks ${archive#dist/}"
		list=$(tar -tzf "$archive")
		for f in heatconf LICENSE README.md CHANGELOG.md man/man1/heatconf.1 man/man1/heatconf-init.1 completions/heatconf.bash completions/_heatconf completions/heatconf.fish; do
			grep -qx "$f" <<<"$list" || bad "$archive lacks $f"
		done
		# whole outputs into grep, never a pipe grep -q may close early: under pipefail the
		# writer's SIGPIPE would fail the check at random
		grep -q 'heatconf init <dir>' <<<"$(tar -xzOf "$archive" man/man1/heatconf-init.1)" || bad "$archive: heatconf-init.1 lost its <dir>"
		x=$(mktemp -d)
		tar -xzf "$archive" -C "$x" heatconf
		info=$(go version -m "$x/heatconf")
		for want in "GOOS=$os" "GOARCH=$arch" "CGO_ENABLED=0" "-trimpath=true"; do
			grep -q -- "build[[:space:]]*$want\$" <<<"$info" || bad "$archive: the binary was not built with $want"
		done
		if [ "$os" = "$(go env GOHOSTOS)" ] && [ "$arch" = "$(go env GOHOSTARCH)" ]; then
			# goreleaser knows the commit when the clone has a remote (else "none")
			want="heatconf v$version (commit "
			if [ -n "$(git remote)" ]; then
				want+=$(git rev-parse --short=12 HEAD)
			fi
			got=$("$x/heatconf" --version)
			case $got in
			"$want"*) echo "$archive: $got" >&2 ;;
			*) bad "$archive: heatconf --version printed '$got', want $want..." ;;
			esac
			grep -q '^default release: ' <<<"$("$x/heatconf" version)" || bad "$archive: heatconf version lists no releases"
		fi
		rm -rf "$x"
	done
done
if [ "$fail" != 0 ]; then
	exit 1
fi
echo "release-check: 4 archives of heatconf v$version checked (dist/)" >&2
