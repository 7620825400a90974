#!/bin/bash
# fromsource.sh — Heat option data from upstream SOURCE: Heat at a tag, and the OpenStack
# libraries at the versions openstack/requirements' upper-constraints.txt pins for that
# series, each taken from its git mirror; third-party modules from Debian's python3-*.
#
# Usage (as root: unshare --uts, like gen.sh):
#   schema/gen/fromsource/fromsource.sh lock [KEY...]     re-resolve releases.lock from releases.in
#   schema/gen/fromsource/fromsource.sh build [-k] [KEY...]  generate schema/data/heat-<ver>-<release>.src.*
#   schema/gen/fromsource/fromsource.sh compare [-n] [--write]  cross-check against gen.sh's Debian data
#               (-n: do not rebuild the cross-check builds in $HEATCONF_SRC/crosscheck)
#   schema/gen/fromsource/fromsource.sh variants [-n] [KEY...]  the run-time capture of the Debian
#               variant (cross-check builds of crosscheck.lock; -n: do not rebuild them)
#   schema/gen/fromsource/fromsource.sh points [--write]   every point release against its series' first
#   schema/gen/fromsource/fromsource.sh compact-check      today's Go converter reads every .src release
#   schema/gen/fromsource/fromsource.sh -h
#
#   KEY   a row of releases.in (2020.2 ... 2026.2, 2025.1-24.1.1, ...); default: all rows
#   -k    build: keep going past a failing release (exit 1 at the end)
#
# Environment: HEATCONF_MIRRORS (default /work/.mirror) holds the git mirrors
# (<owner>+<name>/repo) that `fetch github:<owner>/<name>` brings; HEATCONF_SRC (default
# /var/tmp/heatconf-src) caches the extracted sources (src/), the private site
# directories (site/<KEY>) and the work files (work/<KEY>).
#
# build, per release: fslib.py site extracts every source of the lock (git archive of the
# locked commit), writes a <name>-<version>.dist-info (METADATA, entry_points.txt from
# setup.cfg / pyproject.toml) next to symlinks of its packages in site/<KEY>, adds
# symlinks to the Debian modules of the third-party closure and the shims
# (sitecustomize.py). Then, with /usr/bin/python3 -S (so Debian's dist-packages is never
# seen) through run.py, the same steps as gen.sh with the same checks: entry points of
# the namespaces of THAT Heat tag's config-generator.conf; oslo-config-generator
# --format yaml (genlib.py generate: the generator's main(), with bug 1928582's fix
# registered when the generator lacks it) twice with different PYTHONHASHSEEDs under the
# hostname "<hostname>" on one CPU, byte-identical; a probe run (other hostname, all
# CPUs) -> "normalised"; genlib.py types, genlib.py runtime (gen.sh's RUNTIME_MODULES,
# read from gen.sh) and plugins.py, each twice, byte-identical. Writes
# heat-<ver>-<release>.src.yaml/.src.types.yaml/.src.runtime.yaml/.src.plugins.yaml and the
# release's record in schema/data/sources.json.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
GEN_DIR=$(cd "$HERE/.." && pwd)
DATA_DIR=$(cd "$GEN_DIR/../data" && pwd)
OUT_DIR=$DATA_DIR
export HEATCONF_SRC=${HEATCONF_SRC:-/var/tmp/heatconf-src}
export HEATCONF_MIRRORS=${HEATCONF_MIRRORS:-/work/.mirror}
PY=/usr/bin/python3
LOCK=$HERE/releases.lock

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }
log() { printf '[fromsource %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# gen.sh's list of modules Heat's services import (one source of truth).
eval "$(sed -n '/^RUNTIME_MODULES=(/,/)$/p' "$GEN_DIR/gen.sh")"
[ ${#RUNTIME_MODULES[@]} -gt 5 ] || die "cannot read RUNTIME_MODULES from gen.sh"

keys_of() { "$PY" -c 'import json,sys; print("\n".join(r["key"] for r in json.load(open(sys.argv[1]))["releases"]))' "$LOCK"; }
field() { "$PY" -c 'import json,sys
r=[r for r in json.load(open(sys.argv[1]))["releases"] if r["key"]==sys.argv[2]][0]
for k in sys.argv[3].split("."): r=r[k]
print(r)' "$LOCK" "$1" "$2"; }

# pyrun SITE HOST PIN SEED SCRIPT ARGS... — a Python step on the private site, in a new
# UTS namespace, with a clean environment.
pyrun() {
  local site=$1 host=$2 pin=$3 seed=$4
  shift 4
  local home
  home=$(mktemp -d "$HEATCONF_SRC/work/home.XXXXXX")
  unshare --uts /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME="$home" XDG_CACHE_HOME="$home/.cache" \
    PYTHONHASHSEED="$seed" PYTHONDONTWRITEBYTECODE=1 "$PY" -S "$HERE/run.py" "$site" "$host" "$pin" "$@"
  local rc=$?
  rm -rf "$home"
  return $rc
}

# The programs capture.py starts (those a Heat version lacks are skipped).
CAPTURE_SERVICES=(heat-engine heat-api heat-api-cfn heat-wsgi-api heat-wsgi-api-cfn)

# pycap SITE SEED SCRIPT ARGS... — pyrun for capture.py, also in a network namespace of
# its own (only a loopback that is down: nothing can be contacted).
pycap() {
  local site=$1 seed=$2
  shift 2
  local home
  home=$(mktemp -d "$HEATCONF_SRC/work/home.XXXXXX")
  unshare --uts --net /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME="$home" XDG_CACHE_HOME="$home/.cache" \
    PYTHONHASHSEED="$seed" PYTHONDONTWRITEBYTECODE=1 "$PY" -S "$HERE/run.py" "$site" '<hostname>' 1 "$@"
  local rc=$?
  rm -rf "$home"
  return $rc
}

# pygen SITE HOST PIN SEED OUT ARGS... — the generator, like pyrun, writing --output-file
# /tmp/x.yaml as gen.sh does (the path is part of the YAML's generator_options) in a
# private tmpfs /tmp of its own mount namespace, then copied to OUT.
pygen() {
  local site=$1 host=$2 pin=$3 seed=$4 out=$5
  shift 5
  local home
  home=$(mktemp -d "$HEATCONF_SRC/work/home.XXXXXX")
  unshare --uts --mount --propagation private /bin/sh -c '
    mount -t tmpfs -o mode=1777,size=64m heatconf-gen /tmp || exit 1
    out=$1; shift
    "$@" --output-file /tmp/x.yaml && cp /tmp/x.yaml "$out"' sh "$out" \
    /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME="$home" XDG_CACHE_HOME="$home/.cache" \
    PYTHONHASHSEED="$seed" PYTHONDONTWRITEBYTECODE=1 "$PY" -S "$HERE/run.py" "$site" "$host" "$pin" "$@"
  local rc=$?
  rm -rf "$home"
  return $rc
}

build_one() {
  local key=$1 t0=$SECONDS
  local release codename heat_version
  release=$(field "$key" release)
  codename=$(field "$key" codename)
  heat_version=$(field "$key" heat.version)
  local site=$HEATCONF_SRC/site/$key work=$HEATCONF_SRC/work/$key
  mkdir -p "$HEATCONF_SRC/work"
  rm -rf "$work"
  mkdir -p "$work"
  log "$key: heat $heat_version, requirements $(field "$key" requirements.ref): building the site"
  "$PY" "$HERE/fslib.py" site "$LOCK" "$key" "$site" "$HERE/shims.py"
  local -a ns
  mapfile -t ns < <("$PY" "$HERE/fslib.py" namespaces "$LOCK" "$key")
  [ ${#ns[@]} -gt 5 ] || die "$key: no namespaces read"
  local genlib=$GEN_DIR/genlib.py plugins=$GEN_DIR/plugins.py

  if ! pyrun "$site" '<hostname>' 1 0 "$genlib" entrypoints "${ns[@]}" >"$work/entrypoints.json" 2>"$work/entrypoints.log"; then
    cat "$work/entrypoints.json" "$work/entrypoints.log" >&2
    die "$key: namespaces without an oslo.config.opts entry point"
  fi
  local gen_cmd=oslo-config-generator
  local has_fix
  has_fix=$(pyrun "$site" '<hostname>' 1 0 -c 'import oslo_config.generator as g; print(hasattr(g, "i18n_representer"))') ||
    die "$key: cannot import oslo_config.generator"
  if [ "$has_fix" != True ]; then
    gen_cmd="oslo-config-generator main() via genlib.py generate (oslo.config lacks the bug 1928582 fix e5fc313; its i18n representer registered at run time)"
  fi
  local -a gen_args=("$HERE/oslo-config-generator" --format yaml)
  [ "$gen_cmd" = oslo-config-generator ] || gen_args=("$genlib" generate --format yaml)
  local n
  for n in "${ns[@]}"; do gen_args+=(--namespace "$n"); done
  pygen "$site" '<hostname>' 1 1 "$work/canonical-1.yaml" "${gen_args[@]}" 2>"$work/generator.log" ||
    { tail -n 30 "$work/generator.log" >&2; die "$key: oslo-config-generator failed"; }
  pygen "$site" '<hostname>' 1 2 "$work/canonical-2.yaml" "${gen_args[@]}" 2>>"$work/generator.log"
  cmp -s "$work/canonical-1.yaml" "$work/canonical-2.yaml" ||
    die "$key: two generator runs differ (diff $work/canonical-{1,2}.yaml)"
  pygen "$site" heatconf-probe.invalid 0 3 "$work/probe.yaml" "${gen_args[@]}" 2>/dev/null
  pyrun "$site" '<hostname>' 1 0 "$genlib" envdiff "$work/canonical-1.yaml" "$work/probe.yaml" >"$work/envdiff.json"
  pyrun "$site" '<hostname>' 1 0 "$genlib" summary "$work/canonical-1.yaml" >"$work/summary.json"

  local s
  for s in 1 2; do
    pyrun "$site" '<hostname>' 1 $s "$genlib" types "$work/types-$s.yaml" "${ns[@]}" 2>>"$work/generator.log" ||
      { tail -n 30 "$work/generator.log" >&2; die "$key: genlib.py types failed"; }
    pyrun "$site" '<hostname>' 1 $s "$genlib" runtime "$work/runtime-$s.yaml" "${ns[@]}" -- "${RUNTIME_MODULES[@]}" 2>>"$work/generator.log" ||
      { tail -n 30 "$work/generator.log" >&2; die "$key: genlib.py runtime failed"; }
    pyrun "$site" '<hostname>' 1 $s "$plugins" "$work/plugins-$s.yaml" 2>>"$work/generator.log" ||
      { tail -n 30 "$work/generator.log" >&2; die "$key: plugins.py failed"; }
  done
  local f
  for f in types runtime plugins; do
    cmp -s "$work/$f-1.yaml" "$work/$f-2.yaml" || die "$key: two $f runs differ (diff $work/$f-{1,2}.yaml)"
  done

  # The run-time capture: every program of Heat started up to where it would serve
  # (capture.py service), each twice, byte-identical, then compared with the
  # namespaces' options (capture.py merge), also twice.
  local capture=$GEN_DIR/capture.py svc rc
  local -a caps=()
  for svc in "${CAPTURE_SERVICES[@]}"; do
    for s in 1 2; do
      rc=0
      pycap "$site" $s "$capture" service "$svc" "$work/capture-$svc-$s.yaml" >>"$work/capture.log" 2>&1 || rc=$?
      [ $rc = 3 ] && break # not a program of this Heat
      [ $rc = 0 ] || { tail -n 30 "$work/capture.log" >&2; die "$key: capture.py service $svc failed"; }
    done
    [ $rc = 3 ] && continue
    cmp -s "$work/capture-$svc-1.yaml" "$work/capture-$svc-2.yaml" ||
      die "$key: two captures of $svc differ (diff $work/capture-$svc-{1,2}.yaml)"
    caps+=("$work/capture-$svc-1.yaml")
  done
  [ ${#caps[@]} -ge 3 ] || die "$key: fewer than three programs captured (${caps[*]})"
  for s in 1 2; do
    pyrun "$site" '<hostname>' 1 $s "$capture" merge "$work/capture-$s.yaml" "${ns[@]}" -- "${caps[@]}" 2>>"$work/capture.log" ||
      { tail -n 30 "$work/capture.log" >&2; die "$key: capture.py merge failed"; }
  done
  cmp -s "$work/capture-1.yaml" "$work/capture-2.yaml" || die "$key: two capture merges differ (diff $work/capture-{1,2}.yaml)"

  local base="heat-$heat_version-$release.src"
  cp "$work/canonical-1.yaml" "$OUT_DIR/.$base.yaml.tmp" && mv "$OUT_DIR/.$base.yaml.tmp" "$OUT_DIR/$base.yaml"
  for f in types runtime plugins capture; do
    cp "$work/$f-1.yaml" "$OUT_DIR/.$base.$f.yaml.tmp" && mv "$OUT_DIR/.$base.$f.yaml.tmp" "$OUT_DIR/$base.$f.yaml"
  done
  printf '%s\n' "${ns[@]}" >"$work/namespaces.txt"
  "$PY" "$HERE/fssources.py" record "$LOCK" "$key" "$work" "$site/site.json" "$base" "$gen_cmd" "$OUT_DIR/sources.json"
  local groups options
  groups=$(sed -n 's/.*"groups": \([0-9]*\).*/\1/p' "$work/summary.json")
  options=$(sed -n 's/.*"options": \([0-9]*\).*/\1/p' "$work/summary.json")
  log "$key: wrote $base.{yaml,types.yaml,runtime.yaml,plugins.yaml,capture.yaml} ($groups groups, $options options) in $((SECONDS - t0)) s"
  if grep -q '^  failed: \[\]' "$work/runtime-1.yaml"; then :; else
    log "$key: runtime imports that failed (recorded in the .runtime.yaml):"
    sed -n '/^  failed:/,/^  imported:/p' "$work/runtime-1.yaml" | sed 's/^/    /' | head -n 20 >&2
  fi
}

cmd=${1:-}
[ -n "$cmd" ] || { usage; exit 2; }
shift
case "$cmd" in
  -h | --help | help) usage; exit 0 ;;
  lock)
    "$PY" "$HERE/fslib.py" lock "$HERE/releases.in" "$LOCK" "$@"
    "$PY" "$HERE/fslib.py" lock "$HERE/crosscheck.in" "$HERE/crosscheck.lock"
    ;;
  build)
    keep=0
    if [ "${1:-}" = -k ]; then keep=1; shift; fi
    [ "$(id -u)" -eq 0 ] || die "must run as root (unshare --uts sets the hostname, as in gen.sh)"
    keys=("$@")
    [ ${#keys[@]} -gt 0 ] || mapfile -t keys < <(keys_of)
    failed=()
    for k in "${keys[@]}"; do
      if [ "$keep" = 1 ]; then
        (build_one "$k") &
        wait $! || { log "$k: FAILED"; failed+=("$k"); }
      else
        build_one "$k"
      fi
    done
    [ ${#failed[@]} -eq 0 ] || die "failed: ${failed[*]}"
    ;;
  compare)
    nobuild=
    if [ "${1:-}" = -n ]; then nobuild=1; shift; fi
    # 1. the committed data (upper-constraints libraries) against gen.sh's Debian data
    st=0
    "$PY" "$HERE/fscompare.py" "$DATA_DIR" "$DATA_DIR" "$@" victoria=2020.2 zed=2022.2 2025.1=2025.1 2026.2=2026.2 || st=1
    # 2. the same Heat built with the library versions Debian had (crosscheck.lock), in
    #    $HEATCONF_SRC/crosscheck: what is left is Debian's patches and what the mirrors lack
    if [ -z "$nobuild" ]; then
      [ "$(id -u)" -eq 0 ] || die "must run as root (unshare --uts sets the hostname, as in gen.sh)"
      LOCK=$HERE/crosscheck.lock
      OUT_DIR=$HEATCONF_SRC/crosscheck
      mkdir -p "$OUT_DIR"
      for k in $(keys_of); do build_one "$k"; done
    fi
    "$PY" "$HERE/fscompare.py" "$DATA_DIR" "$HEATCONF_SRC/crosscheck" "$@" \
      victoria=debian-bullseye zed=debian-bookworm 2025.1=debian-trixie 2026.2=debian-sid || st=1
    exit $st
    ;;
  variants)
    # The run-time capture of the Debian variant's data (gen.sh's files in schema/data):
    # the cross-check builds (the same Heat with the library versions Debian had,
    # crosscheck.lock) in $HEATCONF_SRC/crosscheck, whose capture.yaml is copied next to
    # the Debian release's files as heat-<ver>-<release>.capture.yaml (-n: do not rebuild)
    nobuild=
    if [ "${1:-}" = -n ]; then nobuild=1; shift; fi
    LOCK=$HERE/crosscheck.lock
    OUT_DIR=$HEATCONF_SRC/crosscheck
    mkdir -p "$OUT_DIR"
    if [ -z "$nobuild" ]; then
      [ "$(id -u)" -eq 0 ] || die "must run as root (unshare --uts sets the hostname, as in gen.sh)"
      keys=("$@")
      [ ${#keys[@]} -gt 0 ] || mapfile -t keys < <(keys_of)
      for k in "${keys[@]}"; do build_one "$k"; done
    fi
    "$PY" "$HERE/fssources.py" variants "$LOCK" "$OUT_DIR" "$DATA_DIR"
    ;;
  points)
    # every point release (points.in) against its series' first release in schema/data
    [ "$(id -u)" -eq 0 ] || die "must run as root (unshare --uts sets the hostname, as in gen.sh)"
    "$PY" "$HERE/fslib.py" lock "$HERE/points.in" "$HERE/points.lock" 2>/dev/null
    LOCK=$HERE/points.lock
    OUT_DIR=$HEATCONF_SRC/points
    mkdir -p "$OUT_DIR"
    for k in $(keys_of); do build_one "$k"; done
    "$PY" "$HERE/fscompare.py" --points "$DATA_DIR" "$OUT_DIR" "$@"
    ;;
  compact-check)
    # today's Go converter (schema/gen/compact, with its check that its formatting of
    # every default equals oslo's) must read every .src release: run it on a copy with a
    # versions.json made from sources.json; schema/data is not touched
    GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/fromsource-compact.XXXXXX")
    mkdir -p "$tmp/data" "$tmp/staticdata"
    cp "$DATA_DIR"/*.src.* "$tmp/data/"
    "$PY" -c 'import json, sys
s = json.load(open(sys.argv[1]))
out = {"releases": {k: {"data": r["data"], "types": r["types"], "runtime": r["runtime"], "plugins": r["plugins"],
                        "compact": r["data"][:-len(".yaml")] + ".json", "heat_version": r["heat_version"], "packages": {}}
                    for k, r in s["releases"].items()}}
json.dump(out, open(sys.argv[2], "w"))' "$DATA_DIR/sources.json" "$tmp/data/versions.json"
    st=0
    (cd "$GEN_DIR/../.." && "$GO" run ./schema/gen/compact -data "$tmp/data" -go "$tmp/staticdata") 2>"$tmp/log" || st=1
    grep -c '^compact: wrote .*\.src\.json' "$tmp/log" | sed 's/^/releases converted: /' >&2
    [ $st = 0 ] || cat "$tmp/log" >&2
    rm -rf "$tmp"
    exit $st
    ;;
  *) usage; exit 2 ;;
esac
