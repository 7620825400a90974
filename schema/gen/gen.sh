#!/bin/bash
# gen.sh — rebuild heatconf's Heat option data from REAL Debian Heat packages.
#
# Usage (as root, on Debian or a Debian derivative):
#   schema/gen/gen.sh [options] [SUITE...]
#
#   SUITE       bookworm (zed), trixie (2025.1), sid (2026.2), bullseye (victoria);
#               default: all four, in that order.
#   -o DIR      output directory (default: schema/data next to this script)
#   -c DIR      chroot cache (default: $HEATCONF_GEN_CACHE or /var/tmp/heatconf-gen);
#               chroots live in DIR/<suite>/root and are reused on the next run
#   -m URL      Debian mirror (default: http://deb.debian.org/debian)
#   -u          refresh: apt-get update + upgrade inside an existing chroot
#   -r          rebuild: delete the cached chroot(s) and debootstrap again
#   -k          keep going: a failing suite does not stop the others (exit 1 at the end)
#   -h          this help
#
# For each suite it:
#   1. debootstraps a minbase chroot (stamp: DIR/<suite>/.stamp-debootstrap) and installs
#      python3-heat + the oslo / keystone libraries with --no-install-recommends
#      (stamp: DIR/<suite>/.stamp-packages); services are blocked by a policy-rc.d that
#      exits 101; nothing is mounted into the chroot;
#   2. picks the namespaces of THAT Heat release's config-generator.conf (see
#      namespaces_for below) and checks each one against the installed
#      oslo.config.opts entry points;
#   3. runs `oslo-config-generator --format yaml` in the chroot and writes
#      heat-<heat version>-<release>.yaml (unchanged generator output);
#   4. runs `genlib.py types` in the chroot -> heat-<heat version>-<release>.types.yaml
#      (oslo.config type classes and parameters the generator YAML leaves out);
#   5. runs `genlib.py runtime` in the chroot -> heat-<heat version>-<release>.runtime.yaml
#      (options Heat's services register at run time that no namespace lists);
#   6. runs plugins.py in the chroot -> heat-<heat version>-<release>.plugins.yaml;
#   7. records package versions, namespaces, counts and normalisations in versions.json;
#   8. runs `go generate ./schema` (when go is found and -o is the default), which
#      turns the four files of every Heat version into the Go static data embedded
#      in heatconf (schema/internal/staticdata).
#
# Determinism: the generator runs in its own UTS namespace with the hostname set to the
# literal "<hostname>" and pinned to one CPU (the chroot has no /proc or /sys, so
# os.cpu_count() follows the affinity mask). It runs twice with different
# PYTHONHASHSEEDs and the two outputs must be byte-identical; a third "probe" run with
# another hostname and all CPUs lists (in versions.json, "normalised") every value that
# depends on the machine. Running gen.sh twice leaves schema/data byte-identical as long
# as the Debian packages did not change (their versions are in versions.json).
#
# Needs: root, debootstrap (installed with apt-get if missing), util-linux (unshare,
# flock), ~600-800 MB disk per suite in the cache, network access to the Debian mirror only.
# Takes about 70-110 s per suite on an empty cache (idle machine), 6-30 s on a warm one.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
OUT_DIR="$SCRIPT_DIR/../data"
CACHE_DIR=${HEATCONF_GEN_CACHE:-/var/tmp/heatconf-gen}
MIRROR=http://deb.debian.org/debian
REFRESH=0
REBUILD=0
KEEP_GOING=0
DEFAULT_SUITES=(bookworm trixie sid bullseye)

# Packages installed in every chroot. The first four are what Heat needs; the rest are
# the libraries whose namespaces heat's config-generator.conf lists (most are pulled in
# by python3-heat anyway; listing them makes a missing one an apt error, not a silently
# skipped namespace). Packages a suite does not have are skipped.
BASE_PACKAGES=(python3-heat python3-oslo.config python3-keystonemiddleware python3-keystoneauth1)
EXTRA_PACKAGES=(python3-oslo.cache python3-oslo.reports python3-oslo.service python3-osprofiler
  python3-oslo.messaging python3-oslo.middleware python3-oslo.db python3-oslo.log python3-oslo.policy
  python3-oslo.versionedobjects python3-cotyledon python3-yaml)
# What Heat's services import, for the options they register at run time that no
# oslo.config.opts namespace lists ([yaql], the *_cache groups of heat 19, [cache] of
# heat 15, [oslo_concurrency], ...). Modules a release lacks are skipped (and recorded).
# heat.wsgi.* is left out: importing it starts the application; heat.api.*.wsgi and
# heat.api.*.v1 are what it loads.
RUNTIME_MODULES=(heat.cmd.engine heat.cmd.api heat.cmd.api_cfn heat.cmd.all heat.cmd.manage
  heat.engine.service heat.engine.worker heat.api.openstack.wsgi heat.api.cfn.wsgi
  heat.api.openstack.v1 heat.api.cfn.v1)
# Package versions recorded in versions.json.
RECORD_PACKAGES=(python3-heat python3-oslo.config python3-keystonemiddleware python3-keystoneauth1
  python3-oslo.messaging python3-oslo.db python3-oslo.log python3-oslo.cache python3-oslo.middleware
  python3-oslo.policy python3-oslo.reports python3-oslo.service python3-osprofiler
  python3-oslo.versionedobjects python3-cotyledon python3)

usage() { sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; }
log() { printf '[gen %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# suite -> "release codename" (release is the name used in file names)
release_of() {
  case "$1" in
    bullseye) echo "victoria victoria" ;;
    bookworm) echo "zed zed" ;;
    trixie) echo "2025.1 epoxy" ;;
    sid) echo "2026.2 hibiscus" ;;
    *) return 1 ;;
  esac
}

# namespaces_for HEAT_VERSION -> namespace lines of that release's config-generator.conf.
#
# Debian does not install heat's config-generator.conf (dpkg -L heat-common python3-heat
# shows none; heat-common only ships a generated /usr/share/heat-common/heat.conf) and
# the mirror serves no source tarballs, so the lists below are copied from upstream
# openstack/heat at the release tags (read with `git show TAG:FILE` in a mirror of
# openstack/heat, HEAD 526defd06 2026-08-21):
#   15.0.0 (victoria)  config-generator.conf
#   19.0.0 (zed)       config-generator.conf  (oslo.db dropped, oslo.cache + oslo.reports
#                      added; [database] still comes from heat.common.config, which
#                      yields oslo_db's options, and [profiler] likewise)
#   24.0.0 (2025.1)    etc/heat/heat-config-generator.conf (moved by 80845924d, 24.0.0rc1;
#                      + heat.common.cache, heat.engine.hot.functions,
#                      oslo.versionedobjects, osprofiler)
#   25.0.0, 26.0.0, master 526defd06 (2026.2 dev): identical to each other: + cotyledon,
#                      - oslo.service.service / periodic_task / sslutils (heat dropped
#                      eventlet/oslo.service). Used for heat >= 25.
# The brief's Zed list (with oslo.db and osprofiler, without heat.engine.clients /
# notification / resources) does not match the 19.0.0 tag; the tag wins.
# gen.sh first looks for a config-generator.conf inside the chroot (in case a package
# ships one) and only then falls back to this table; versions.json says which was used.
namespaces_for() {
  local major=${1%%.*}
  case "$major" in
    15) cat <<'EOF'
heat.common.config
heat.common.context
heat.common.crypt
heat.engine.clients.os.keystone.heat_keystoneclient
heat.common.wsgi
heat.engine.clients
heat.engine.notification
heat.engine.resources
heat.api.aws.ec2token
keystonemiddleware.auth_token
oslo.messaging
oslo.middleware
oslo.db
oslo.log
oslo.policy
oslo.service.service
oslo.service.periodic_task
oslo.service.sslutils
EOF
      ;;
    16 | 17 | 18 | 19 | 20 | 21 | 22 | 23)
      # 22/23 would need checking against their tags; only 19 is generated here.
      cat <<'EOF'
heat.common.config
heat.common.context
heat.common.crypt
heat.engine.clients.os.keystone.heat_keystoneclient
heat.common.wsgi
heat.engine.clients
heat.engine.notification
heat.engine.resources
heat.api.aws.ec2token
keystonemiddleware.auth_token
oslo.messaging
oslo.middleware
oslo.cache
oslo.log
oslo.policy
oslo.reports
oslo.service.service
oslo.service.periodic_task
oslo.service.sslutils
EOF
      ;;
    24) cat <<'EOF'
heat.common.cache
heat.common.config
heat.common.context
heat.common.crypt
heat.engine.clients.os.keystone.heat_keystoneclient
heat.engine.hot.functions
heat.common.wsgi
heat.engine.clients
heat.engine.notification
heat.engine.resources
heat.api.aws.ec2token
keystonemiddleware.auth_token
oslo.cache
oslo.messaging
oslo.middleware
oslo.log
oslo.policy
oslo.reports
oslo.service.service
oslo.service.periodic_task
oslo.service.sslutils
oslo.versionedobjects
osprofiler
EOF
      ;;
    *)
      [ "$major" -ge 25 ] 2>/dev/null || return 1
      cat <<'EOF'
cotyledon
heat.common.cache
heat.common.config
heat.common.context
heat.common.crypt
heat.engine.clients.os.keystone.heat_keystoneclient
heat.engine.hot.functions
heat.common.wsgi
heat.engine.clients
heat.engine.notification
heat.engine.resources
heat.api.aws.ec2token
keystonemiddleware.auth_token
oslo.cache
oslo.messaging
oslo.middleware
oslo.log
oslo.policy
oslo.reports
oslo.versionedobjects
osprofiler
EOF
      ;;
  esac
}

# table_source_for HEAT_VERSION -> where namespaces_for's list was copied from.
table_source_for() {
  local major=${1%%.*}
  if [ "$major" -ge 25 ]; then
    echo "upstream openstack/heat etc/heat/heat-config-generator.conf @25.0.0, 26.0.0 and master 526defd06"
  elif [ "$major" -ge 24 ]; then
    echo "upstream openstack/heat etc/heat/heat-config-generator.conf @24.0.0"
  else
    echo "upstream openstack/heat config-generator.conf @$major.0.0"
  fi
}

while getopts ':o:c:m:urkh' opt; do
  case "$opt" in
    o) OUT_DIR=$OPTARG ;;
    c) CACHE_DIR=$OPTARG ;;
    m) MIRROR=$OPTARG ;;
    u) REFRESH=1 ;;
    r) REBUILD=1 ;;
    k) KEEP_GOING=1 ;;
    h) usage; exit 0 ;;
    :) die "option -$OPTARG needs a value (see -h)" ;;
    *) die "unknown option -$OPTARG (see -h)" ;;
  esac
done
shift $((OPTIND - 1))
SUITES=("$@")
[ ${#SUITES[@]} -gt 0 ] || SUITES=("${DEFAULT_SUITES[@]}")
for s in "${SUITES[@]}"; do release_of "$s" >/dev/null || die "unknown suite '$s' (known: ${DEFAULT_SUITES[*]})"; done

[ "$(id -u)" -eq 0 ] || die "must run as root (debootstrap, chroot, unshare)"
for tool in chroot unshare flock; do command -v "$tool" >/dev/null || die "$tool not found"; done
if ! command -v debootstrap >/dev/null; then
  log "installing debootstrap with apt-get"
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends debootstrap >&2
fi
mkdir -p "$OUT_DIR" "$CACHE_DIR"
OUT_DIR=$(cd "$OUT_DIR" && pwd)

# in_chroot ROOT CMD... — run CMD in the chroot with a clean environment.
in_chroot() {
  local root=$1
  shift
  chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive "$@"
}

# in_chroot_pinned ROOT HOSTNAME PIN HASHSEED CMD... — like in_chroot, in a new UTS
# namespace with the given hostname; PIN=1 restricts the process to one CPU.
in_chroot_pinned() {
  local root=$1 host=$2 pin=$3 seed=$4
  shift 4
  unshare --uts chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    PYTHONHASHSEED="$seed" /usr/bin/python3 -c '
import os, socket, sys
socket.sethostname(sys.argv[1])
if sys.argv[2] == "1":
    os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]})
os.execvp(sys.argv[3], sys.argv[3:])
' "$host" "$pin" "$@"
}

# Refuse to touch a chroot that has something mounted in it.
assert_nothing_mounted() {
  local root=$1
  if awk -v r="$root" '$2 == r || index($2, r "/") == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
    die "something is mounted under $root; unmount it first"
  fi
}

ensure_chroot() {
  local suite=$1 dir=$2 root=$2/root
  local want="debootstrap --variant=minbase $suite $MIRROR"
  if [ "$REBUILD" = 1 ] && [ -e "$root" ]; then
    assert_nothing_mounted "$root"
    log "$suite: -r given, deleting $root"
    rm -rf --one-file-system "$root" "$dir/.stamp-debootstrap" "$dir/.stamp-packages"
  fi
  if [ -f "$dir/.stamp-debootstrap" ] && [ "$(cat "$dir/.stamp-debootstrap")" = "$want" ] && [ -x "$root/usr/bin/apt-get" ]; then
    log "$suite: reusing chroot $root"
    return
  fi
  if [ -e "$root" ]; then
    assert_nothing_mounted "$root"
    log "$suite: removing incomplete chroot $root"
    rm -rf --one-file-system "$root"
  fi
  rm -f "$dir/.stamp-debootstrap" "$dir/.stamp-packages"
  log "$suite: $want (log: $dir/debootstrap.log)"
  if ! debootstrap --variant=minbase "$suite" "$root" "$MIRROR" >"$dir/debootstrap.log" 2>&1; then
    tail -n 20 "$dir/debootstrap.log" >&2
    die "$suite: debootstrap failed"
  fi
  echo "$want" >"$dir/.stamp-debootstrap"
}

ensure_packages() {
  local suite=$1 dir=$2 root=$2/root
  # Services must never start in the chroot.
  printf '#!/bin/sh\nexit 101\n' >"$root/usr/sbin/policy-rc.d"
  chmod 755 "$root/usr/sbin/policy-rc.d"
  echo "deb $MIRROR $suite main" >"$root/etc/apt/sources.list"
  local want
  want="${BASE_PACKAGES[*]} ${EXTRA_PACKAGES[*]} $MIRROR"
  if [ "$REFRESH" = 0 ] && [ -f "$dir/.stamp-packages" ] && [ "$(cat "$dir/.stamp-packages")" = "$want" ]; then
    log "$suite: packages already installed (use -u to refresh)"
    return
  fi
  log "$suite: apt-get update/install (log: $dir/apt.log)"
  in_chroot "$root" apt-get update -q >"$dir/apt.log" 2>&1 ||
    { tail -n 20 "$dir/apt.log" >&2; die "$suite: apt-get update failed"; }
  if [ "$REFRESH" = 1 ]; then
    in_chroot "$root" apt-get -y -q --no-install-recommends upgrade >>"$dir/apt.log" 2>&1 ||
      { tail -n 20 "$dir/apt.log" >&2; die "$suite: apt-get upgrade failed"; }
  fi
  local pkgs=("${BASE_PACKAGES[@]}") p
  for p in "${EXTRA_PACKAGES[@]}"; do
    if in_chroot "$root" apt-cache show "$p" >/dev/null 2>&1; then pkgs+=("$p"); else log "$suite: $p not in $suite, skipped"; fi
  done
  in_chroot "$root" apt-get install -y -q --no-install-recommends "${pkgs[@]}" >>"$dir/apt.log" 2>&1 ||
    { tail -n 20 "$dir/apt.log" >&2; die "$suite: apt-get install failed"; }
  in_chroot "$root" apt-get clean
  echo "$want" >"$dir/.stamp-packages"
}

# find_generator_conf ROOT -> path (inside the chroot) of a packaged heat
# config-generator.conf, if any package ships one.
find_generator_conf() {
  local root=$1 pkg f
  for pkg in python3-heat heat-common; do
    in_chroot "$root" dpkg-query -W "$pkg" >/dev/null 2>&1 || continue
    while IFS= read -r f; do
      case "$f" in
        */config-generator.conf | */heat-config-generator.conf) [ -f "$root$f" ] && { echo "$f"; return; } ;;
      esac
    done < <(in_chroot "$root" dpkg -L "$pkg" 2>/dev/null)
  done
  return 0
}

gen_suite() {
  local suite=$1 t0=$SECONDS
  local release codename
  read -r release codename < <(release_of "$suite")
  local dir=$CACHE_DIR/$suite root=$CACHE_DIR/$suite/root
  mkdir -p "$dir"
  exec 9>"$dir/.lock"
  flock -n 9 || die "$suite: another gen.sh holds $dir/.lock"

  ensure_chroot "$suite" "$dir"
  ensure_packages "$suite" "$dir"

  local work=/tmp/heatconf-gen
  rm -rf "$root$work"
  mkdir -p "$root$work"
  cp "$SCRIPT_DIR/plugins.py" "$SCRIPT_DIR/genlib.py" "$root$work/"

  local heat_version
  heat_version=$(in_chroot "$root" python3 -c 'import importlib.metadata as m; print(m.version("openstack-heat"))')
  [ -n "$heat_version" ] || die "$suite: cannot read openstack-heat's version"
  log "$suite: heat $heat_version -> release $release ($codename)"

  # Namespaces: a packaged config-generator.conf wins, else the upstream table.
  local conf ns_source namespaces
  conf=$(find_generator_conf "$root")
  if [ -n "$conf" ]; then
    ns_source="packaged $conf"
    namespaces=$(sed -n 's/^[[:space:]]*namespace[[:space:]]*=[[:space:]]*\([^[:space:]]*\).*/\1/p' "$root$conf")
  else
    ns_source="$(table_source_for "$heat_version") (table in gen.sh; Debian ships no config-generator.conf)"
    namespaces=$(namespaces_for "$heat_version") || die "$suite: no namespace list for heat $heat_version; add one to namespaces_for"
  fi
  local -a ns_array
  mapfile -t ns_array <<<"$namespaces"
  local ep_json
  if ! ep_json=$(in_chroot "$root" python3 "$work/genlib.py" entrypoints "${ns_array[@]}"); then
    die "$suite: namespaces without an installed oslo.config.opts entry point: $ep_json (add the package providing them to EXTRA_PACKAGES)"
  fi
  echo "$ep_json" >"$root$work/entrypoints.json"

  # oslo.config < 8.7.1 cannot write YAML for heat's translatable help texts
  # (bug 1928582); genlib.py generate applies upstream's fix e5fc313 at run time.
  local -a gen_args=(oslo-config-generator --format yaml)
  local gen_cmd="oslo-config-generator"
  if [ "$(in_chroot "$root" python3 -c 'import oslo_config.generator as g; print(hasattr(g, "i18n_representer"))')" != True ]; then
    gen_args=(python3 "$work/genlib.py" generate --format yaml)
    gen_cmd="oslo-config-generator main() via genlib.py generate (oslo.config lacks the bug 1928582 fix e5fc313; its i18n representer registered at run time)"
    log "$suite: oslo.config lacks the YAML i18n fix (bug 1928582); using genlib.py generate"
  fi
  local n
  for n in "${ns_array[@]}"; do gen_args+=(--namespace "$n"); done
  gen_args+=(--output-file /tmp/x.yaml)

  # Two canonical runs (placeholder hostname, one CPU, different hash seeds) must agree.
  in_chroot_pinned "$root" '<hostname>' 1 1 "${gen_args[@]}" 2>"$dir/generator.log" ||
    { cat "$dir/generator.log" >&2; die "$suite: oslo-config-generator failed"; }
  mv "$root/tmp/x.yaml" "$root$work/canonical-1.yaml"
  in_chroot_pinned "$root" '<hostname>' 1 2 "${gen_args[@]}" 2>>"$dir/generator.log"
  mv "$root/tmp/x.yaml" "$root$work/canonical-2.yaml"
  cmp -s "$root$work/canonical-1.yaml" "$root$work/canonical-2.yaml" ||
    die "$suite: two generator runs differ (diff $root$work/canonical-{1,2}.yaml)"
  if grep -q -v -e '^$' "$dir/generator.log"; then
    log "$suite: generator printed (see $dir/generator.log):"
    sed 's/^/    /' "$dir/generator.log" | head -n 20 >&2
  fi
  # Probe run: another hostname, all CPUs -> which values depend on the machine.
  in_chroot_pinned "$root" heatconf-probe.invalid 0 3 "${gen_args[@]}" 2>/dev/null
  mv "$root/tmp/x.yaml" "$root$work/probe.yaml"
  in_chroot "$root" python3 "$work/genlib.py" envdiff "$work/canonical-1.yaml" "$work/probe.yaml" >"$root$work/envdiff.json"
  in_chroot "$root" python3 "$work/genlib.py" summary "$work/canonical-1.yaml" >"$root$work/summary.json"

  # Type parameters the generator YAML leaves out (same namespaces, same placeholder
  # hostname, one CPU), run twice like the generator.
  local -a types_args=(python3 "$work/genlib.py" types)
  in_chroot_pinned "$root" '<hostname>' 1 1 "${types_args[@]}" "$work/types-1.yaml" "${ns_array[@]}" 2>>"$dir/generator.log" ||
    { tail -n 20 "$dir/generator.log" >&2; die "$suite: genlib.py types failed"; }
  in_chroot_pinned "$root" '<hostname>' 1 2 "${types_args[@]}" "$work/types-2.yaml" "${ns_array[@]}" 2>>"$dir/generator.log"
  cmp -s "$root$work/types-1.yaml" "$root$work/types-2.yaml" ||
    die "$suite: two genlib.py types runs differ (diff $root$work/types-{1,2}.yaml)"

  # Options registered at run time that the namespaces do not list, run twice too.
  local -a runtime_args=(python3 "$work/genlib.py" runtime)
  in_chroot_pinned "$root" '<hostname>' 1 1 "${runtime_args[@]}" "$work/runtime-1.yaml" "${ns_array[@]}" -- "${RUNTIME_MODULES[@]}" 2>>"$dir/generator.log" ||
    { tail -n 20 "$dir/generator.log" >&2; die "$suite: genlib.py runtime failed"; }
  in_chroot_pinned "$root" '<hostname>' 1 2 "${runtime_args[@]}" "$work/runtime-2.yaml" "${ns_array[@]}" -- "${RUNTIME_MODULES[@]}" 2>>"$dir/generator.log"
  cmp -s "$root$work/runtime-1.yaml" "$root$work/runtime-2.yaml" ||
    die "$suite: two genlib.py runtime runs differ (diff $root$work/runtime-{1,2}.yaml)"

  # keystoneauth / keystonemiddleware dump, also run twice.
  in_chroot "$root" env PYTHONHASHSEED=1 python3 "$work/plugins.py" "$work/plugins-1.yaml"
  in_chroot "$root" env PYTHONHASHSEED=2 python3 "$work/plugins.py" "$work/plugins-2.yaml"
  cmp -s "$root$work/plugins-1.yaml" "$root$work/plugins-2.yaml" ||
    die "$suite: two plugins.py runs differ (diff $root$work/plugins-{1,2}.yaml)"

  local base="heat-$heat_version-$release"
  local f
  for f in "$OUT_DIR"/heat-*-"$release".yaml "$OUT_DIR"/heat-*-"$release".plugins.yaml \
    "$OUT_DIR"/heat-*-"$release".types.yaml "$OUT_DIR"/heat-*-"$release".runtime.yaml \
    "$OUT_DIR"/heat-*-"$release".json; do
    [ -e "$f" ] || continue
    case "$(basename "$f")" in "$base.yaml" | "$base.plugins.yaml" | "$base.types.yaml" | "$base.runtime.yaml") ;; *) log "$suite: removing stale $f"; rm -f "$f" ;; esac
  done
  cp "$root$work/canonical-1.yaml" "$OUT_DIR/.$base.yaml.tmp" && mv "$OUT_DIR/.$base.yaml.tmp" "$OUT_DIR/$base.yaml"
  cp "$root$work/plugins-1.yaml" "$OUT_DIR/.$base.plugins.yaml.tmp" && mv "$OUT_DIR/.$base.plugins.yaml.tmp" "$OUT_DIR/$base.plugins.yaml"
  cp "$root$work/types-1.yaml" "$OUT_DIR/.$base.types.yaml.tmp" && mv "$OUT_DIR/.$base.types.yaml.tmp" "$OUT_DIR/$base.types.yaml"
  cp "$root$work/runtime-1.yaml" "$OUT_DIR/.$base.runtime.yaml.tmp" && mv "$OUT_DIR/.$base.runtime.yaml.tmp" "$OUT_DIR/$base.runtime.yaml"

  local pkgs_csv
  pkgs_csv=$(IFS=,; echo "${RECORD_PACKAGES[*]}")
  in_chroot "$root" python3 "$work/genlib.py" entry "$work/entry.json" \
    "release=$release" "codename=$codename" "debian_suite=$suite" "mirror=$MIRROR" \
    "heat_version=$heat_version" "data=$base.yaml" "plugins=$base.plugins.yaml" "types=$base.types.yaml" "runtime=$base.runtime.yaml" "generator=$gen_cmd" \
    "namespaces=list:$(IFS=,; echo "${ns_array[*]}")" "namespaces_source=$ns_source" \
    "entry_points=@$work/entrypoints.json" "summary=@$work/summary.json" \
    "normalised=@$work/envdiff.json" "packages=pkgs:$pkgs_csv"
  if [ -f "$OUT_DIR/versions.json" ]; then cp "$OUT_DIR/versions.json" "$root$work/versions.json"; fi
  in_chroot "$root" python3 "$work/genlib.py" merge "$work/versions.json" "$release" "$work/entry.json"
  cp "$root$work/versions.json" "$OUT_DIR/.versions.json.tmp" && mv "$OUT_DIR/.versions.json.tmp" "$OUT_DIR/versions.json"

  local groups options
  groups=$(sed -n 's/.*"groups": \([0-9]*\).*/\1/p' "$root$work/summary.json")
  options=$(sed -n 's/.*"options": \([0-9]*\).*/\1/p' "$root$work/summary.json")
  log "$suite: wrote $base.yaml ($groups groups, $options options), $base.types.yaml, $base.runtime.yaml and $base.plugins.yaml in $((SECONDS - t0)) s"
  exec 9>&-
}

failed=()
for suite in "${SUITES[@]}"; do
  if [ "$KEEP_GOING" = 1 ]; then
    # A background subshell keeps `set -e` in force (it is ignored inside `( ) ||`).
    (gen_suite "$suite") &
    if ! wait $!; then log "$suite: FAILED"; failed+=("$suite"); fi
  else
    gen_suite "$suite"
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  die "failed suites: ${failed[*]}"
fi
log "done: ${SUITES[*]} -> $OUT_DIR"

# The Go static data heatconf embeds (schema/internal/staticdata) is made from the
# files above by a Go program: `go generate ./schema` (schema/gen/compact).
GO=${GO:-$(command -v go || echo /usr/local/go/bin/go)}
if [ "$OUT_DIR" = "$(cd "$SCRIPT_DIR/../data" && pwd)" ] && [ -x "$GO" ]; then
  log "compact data: $GO generate ./schema"
  (cd "$SCRIPT_DIR/../.." && "$GO" generate ./schema) || die "go generate ./schema failed"
else
  log "now run: go generate ./schema   (converts $OUT_DIR into the embedded compact data)"
fi
