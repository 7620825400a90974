#!/usr/bin/env bash
# stack.sh - a throwaway Keystone + Heat (Debian 12 packages, Zed) on 127.0.0.1 for heatconf's
# end-to-end test (e2e/e2e_test.go). Run as root.
#
# Usage: stack.sh COMMAND
#   install           install Debian's packages; quick no-op when they are there; apt-get update at
#                     most once per boot (never with HEATCONF_APT_UPDATED=1)
#   start             wipe the state dir a previous run left, then start MariaDB 127.0.0.1:3306,
#                     epmd 127.0.0.1:4369 + RabbitMQ 127.0.0.1:5672 (dist 25672), memcached
#                     127.0.0.1:11211 and Keystone (uwsgi) 127.0.0.1:5000 with users admin and demo
#   start-heat CONF [ENVFILE]
#                     heat-engine, heat-api (:8004) and heat-api-cfn (:8000), each with
#                     --config-file CONF, as user heat; waits until the engine reports "up".
#                     With ENVFILE (a secret-free render's heat.env, systemd's EnvironmentFile=
#                     syntax), its variables are in the daemons' environment, as systemd's
#                     drop-in gives them
#   stop-heat         stop the Heat daemons this script started
#   stop-one NAME     stop one daemon this script started (e.g. heat-engine, keystone), by its
#                     recorded PID; the probe's e2e breaks the stack with it
#   keystone-cache on|off
#                     restart Keystone with its cache ([cache] enabled) on or off (the probe's bench)
#   stop              stop everything this script started (safe to call twice)
#   env               print the admin's OS_* exports:  eval "$(stack.sh env)"
#   status            list the recorded daemons and whether they run
#
# Environment:
#   HEATCONF_E2E_STATE       state dir (default /var/tmp/heatconf-e2e): data, logs/, pids/<name>.pid
#   E2E_ADMIN_PASSWORD       Keystone admin password (start, start-heat, env)
#   E2E_DEMO_PASSWORD        password of user demo in project demo (start)
#   E2E_RABBIT_PASSWORD      password of RabbitMQ user openstack on vhost / (start)
#   HEATCONF_E2E_WATCH_PID   (start) a guard stops the whole stack once this process has gone,
#                            so nothing survives a test binary that panicked or was killed
#   HEATCONF_APT_UPDATED=1   (install) skip apt-get update
#   HEATCONF_E2E_KEYSTONE_WORKERS  (start, keystone-cache) Keystone's worker model:
#                            guide (default): 5 processes of 1 thread, as Keystone's own
#                            httpd/wsgi-keystone.conf and the install guide's Apache run it
#                            (WSGIDaemonProcess keystone-public processes=5 threads=1);
#                            debian: 8 processes of 32 threads, as Debian's keystone-uwsgi.ini
#
# Every daemon runs in its own process group (setsid); $STATE/pids/<name>.pid holds
# "PID STARTTIME" (STARTTIME from /proc/PID/stat), and stop signals only those groups, after
# checking the start time, so a recycled PID is never hit. Nothing listens beyond loopback.
set -euo pipefail

# Debian's tools, not pyenv's python3 or anything else earlier in the caller's PATH.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export LC_ALL=C.UTF-8

STATE=${HEATCONF_E2E_STATE:-/var/tmp/heatconf-e2e}
LOGS=$STATE/logs
PIDS=$STATE/pids
STATE_MARK=$STATE/.heatconf-e2e-state
KEYSTONE_URL=http://127.0.0.1:5000/v3
PORTS=(3306 4369 5672 25672 11211 5000 8004 8000)
# start order; stop goes the other way round
DAEMONS=(mariadb epmd rabbitmq memcached keystone heat-engine heat-api heat-api-cfn)
HEAT_DAEMONS=(heat-engine heat-api heat-api-cfn)
PACKAGES=(keystone heat-api heat-api-cfn heat-engine heat-common python3-openstackclient
  python3-heatclient python3-openstacksdk rabbitmq-server mariadb-server mariadb-client
  python3-pymysql uwsgi-core uwsgi-plugin-python3 memcached)

RABBIT_LIB=/usr/lib/rabbitmq/bin

log() { printf '%s stack.sh: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# tail_log FILE...: the end of each log, for a failure message
tail_log() {
  local f
  for f in "$@"; do
    [[ -s $f ]] || continue
    printf -- '----- last lines of %s -----\n' "$f" >&2
    tail -n 40 "$f" >&2
  done
}

need_root() { [[ $(id -u) -eq 0 ]] || die "run as root"; }
need_env() {
  local v
  for v in "$@"; do [[ -n ${!v:-} ]] || die "environment variable $v is not set"; done
}

# ---------------------------------------------------------------------------------------------
# processes

# proc_table: "PID PPID PGRP STARTTIME" for every process (builtins only: no fork per process)
proc_table() {
  local st s pid
  local -a f
  for st in /proc/[0-9]*/stat; do
    { read -r s <"$st"; } 2>/dev/null || continue
    pid=${st#/proc/}
    s=${s##*) }
    read -r -a f <<<"$s"
    [[ ${f[0]} != Z ]] || continue
    printf '%s %s %s %s\n' "${pid%/stat}" "${f[1]}" "${f[2]}" "${f[19]}"
  done
}

# starttime PID: field 22 of /proc/PID/stat (clock ticks after boot), empty if PID is gone
# or a zombie (zombies are skipped everywhere: they run nothing and wait for init to reap them)
starttime() {
  local s
  { read -r s <"/proc/$1/stat"; } 2>/dev/null || return 0
  s=${s##*) }
  local -a f
  read -r -a f <<<"$s"
  [[ ${f[0]} != Z ]] || return 0
  printf '%s' "${f[19]}"
}

# family PGID: "PID STARTTIME" of the members of process group PGID and of all their
# descendants (Erlang's erl_child_setup, for one, makes a session of its own)
family() {
  proc_table | awk -v g="$1" '
    { pid[NR] = $1; ppid[NR] = $2; st[NR] = $4; if ($3 == g) { in_[$1] = 1 } }
    END {
      do {
        more = 0
        for (i = 1; i <= NR; i++) if (!(pid[i] in in_) && (ppid[i] in in_)) { in_[pid[i]] = 1; more = 1 }
      } while (more)
      for (i = 1; i <= NR; i++) if (pid[i] in in_) print pid[i], st[i]
    }'
}

# living "PID STARTTIME"...: those of the given processes that still run
living() {
  local p pid st
  for p in "$@"; do
    read -r pid st <<<"$p"
    [[ $(starttime "$pid") == "$st" ]] && printf '%s\n' "$p"
  done
  return 0
}

# ours NAME: prints the PGID of daemon NAME when its process group still has members that are ours
ours() {
  local pf=$PIDS/$1.pid pid st now
  [[ -r $pf ]] || return 1
  read -r pid st <"$pf" || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  now=$(starttime "$pid")
  if [[ -n $now ]]; then
    # the leader lives: ours only if it is the process we started
    [[ $now == "$st" ]] || return 1
  else
    # the leader is gone; while its group has members the PID cannot be reused, so they are ours
    [[ -n $(family "$pid") ]] || return 1
  fi
  printf '%s' "$pid"
}

# launch NAME CMD...: start CMD in its own session, output to $LOGS/NAME.log, record its PID
launch() {
  local name=$1
  shift
  setsid "$@" </dev/null >>"$LOGS/$name.log" 2>&1 &
  local pid=$!
  local st
  st=$(starttime "$pid")
  [[ -n $st ]] || { tail_log "$LOGS/$name.log"; die "$name exited at once"; }
  printf '%s %s\n' "$pid" "$st" >"$PIDS/$name.pid"
  log "started $name (pid $pid)"
}

# stop_one NAME: TERM to its process group, wait for the group and every descendant to go,
# KILL what is left after 30 s
stop_one() {
  local name=$1 pgid i p pid st
  pgid=$(ours "$name") || { rm -f "$PIDS/$name.pid"; return 0; }
  [[ $pgid -ne $$ ]] || return 0 # the guard does not stop itself
  log "stopping $name (process group $pgid)"
  local -a procs left
  mapfile -t procs < <(family "$pgid")
  kill -TERM -- "-$pgid" 2>/dev/null || true
  for ((i = 0; i < 300; i++)); do
    mapfile -t left < <(living "${procs[@]}")
    ((${#left[@]} == 0)) && break
    sleep 0.1
  done
  if ((${#left[@]} > 0)); then
    log "$name did not stop within 30 s: KILL"
    kill -KILL -- "-$pgid" 2>/dev/null || true
    for p in "${left[@]}"; do
      read -r pid st <<<"$p"
      [[ $(starttime "$pid") == "$st" ]] && kill -KILL "$pid" 2>/dev/null
    done
    for ((i = 0; i < 50; i++)); do
      mapfile -t left < <(living "${procs[@]}")
      ((${#left[@]} == 0)) && break
      sleep 0.1
    done
    ((${#left[@]} == 0)) || die "$name: processes ${left[*]} survive KILL"
  fi
  rm -f "$PIDS/$name.pid"
}

# alive_or_die NAME LOG...: fail with the log tail when daemon NAME has gone
alive_or_die() {
  local name=$1
  shift
  ours "$name" >/dev/null || { tail_log "$@"; die "$name died"; }
}

# wait_for NAME SECONDS LOGS... -- CHECK...: run CHECK until it succeeds, NAME dies or time is up
wait_for() {
  local name=$1 secs=$2 start=$SECONDS
  shift 2
  local -a logs=()
  while [[ $1 != -- ]]; do
    logs+=("$1")
    shift
  done
  shift
  until "$@" >/dev/null 2>&1; do
    alive_or_die "$name" "${logs[@]}"
    if ((SECONDS - start >= secs)); then
      tail_log "${logs[@]}"
      die "$name not ready after ${secs} s"
    fi
    sleep 0.5
  done
  log "$name ready after $((SECONDS - start)) s"
}

tcp_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
http_answers() { [[ $(curl -s -o /dev/null -m 5 -w '%{http_code}' "$1") =~ ^[2345] ]]; }

check_ports_free() {
  local p busy
  for p in "$@"; do
    busy=$(ss -Hltnp "sport = :$p" 2>/dev/null || true)
    [[ -z $busy ]] || die "port $p is already in use: $busy"
  done
}

# ---------------------------------------------------------------------------------------------
# install

apt_updated_this_boot() {
  [[ ${HEATCONF_APT_UPDATED:-} == 1 ]] && return 0
  local boot lists
  boot=$(awk '/^btime/ {print $2}' /proc/stat)
  lists=$(stat -c %Y /var/lib/apt/lists 2>/dev/null || echo 0)
  ((lists >= boot)) && return 0
  [[ -r /var/tmp/heatconf-apt-updated && $(cat /var/tmp/heatconf-apt-updated) == "$(cat /proc/sys/kernel/random/boot_id)" ]]
}

cmd_install() {
  need_root
  command -v apt-get >/dev/null || die "apt-get not found"
  local p missing=()
  for p in "${PACKAGES[@]}"; do
    [[ $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true) == "install ok installed" ]] || missing+=("$p")
  done
  if ((${#missing[@]} == 0)); then
    log "packages already installed"
    return 0
  fi
  log "installing: ${missing[*]}"

  # keep maintainer scripts from starting services
  local created_policy=0
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
    chmod 0755 /usr/sbin/policy-rc.d
    created_policy=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi

  local q
  for q in 'dbconfig-common dbconfig-common/dbconfig-install' 'keystone keystone/configure_db' \
    'keystone keystone/dbconfig-install' 'keystone keystone/create-admin-tenant' \
    'keystone keystone/register-endpoint' 'heat-common heat/configure_db' \
    'heat-common heat-common/dbconfig-install' 'heat-common heat/configure_rabbit' \
    'heat-common heat/configure_ksat' 'heat-common heat/configure_with_debconf' \
    'heat-api heat/configure_api-endpoint' 'heat-api-cfn heat-api-cfn/configure_api-endpoint'; do
    printf '%s boolean false\n' "$q"
  done | debconf-set-selections

  export DEBIAN_FRONTEND=noninteractive
  if apt_updated_this_boot; then
    log "apt-get update already ran in this boot: skipped"
  else
    log "apt-get update"
    apt-get update -q >"${TMPDIR:-/tmp}/heatconf-apt-update.log" 2>&1 ||
      { tail_log "${TMPDIR:-/tmp}/heatconf-apt-update.log"; die "apt-get update failed"; }
    cat /proc/sys/kernel/random/boot_id >/var/tmp/heatconf-apt-updated
  fi
  local out=${TMPDIR:-/tmp}/heatconf-apt-install.log
  apt-get install -y -q --no-install-recommends \
    -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    "${PACKAGES[@]}" >"$out" 2>&1 || { tail_log "$out"; die "apt-get install failed"; }
  if ((created_policy)); then
    rm -f /usr/sbin/policy-rc.d
    trap - EXIT
  fi
  log "packages installed"
}

# ---------------------------------------------------------------------------------------------
# start

fresh_state() {
  local n p pids=()
  if [[ -d $STATE ]]; then
    if [[ ! -e $STATE_MARK ]] && [[ -n $(ls -A "$STATE") ]]; then
      die "$STATE exists and was not made by stack.sh: refusing to wipe it"
    fi
    for n in "${DAEMONS[@]}" guard; do
      p=$(ours "$n") && pids+=("$n=$p")
    done
    ((${#pids[@]} == 0)) || die "a previous stack still runs (${pids[*]}): run '$0 stop' first"
    rm -rf "$STATE"
  fi
  check_ports_free "${PORTS[@]}"
  install -d -m 0755 "$STATE" "$LOGS" "$PIDS"
  : >"$STATE_MARK"
  # where install-heat.sh --dest puts heat.conf: the heat daemons must be able to reach it
  install -d -m 0750 -o root -g heat "$STATE/heat"
}

random_hex() { head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n'; }

start_mariadb() {
  local d=$STATE/mysql
  install -d -m 0750 -o mysql -g mysql "$d"
  mariadb-install-db --no-defaults --user=mysql --datadir="$d/data" \
    --auth-root-authentication-method=socket --skip-test-db >"$LOGS/mariadb-install-db.log" 2>&1 ||
    { tail_log "$LOGS/mariadb-install-db.log"; die "mariadb-install-db failed"; }
  launch mariadb mariadbd --no-defaults --user=mysql --datadir="$d/data" \
    --socket="$d/mysqld.sock" --pid-file="$d/mysqld.pid" \
    --bind-address=127.0.0.1 --port=3306 --skip-name-resolve \
    --character-set-server=utf8mb4 --collation-server=utf8mb4_general_ci
  ln -s mysql/mysqld.sock "$STATE/mysqld.sock"
  wait_for mariadb 60 "$LOGS/mariadb.log" -- \
    mariadb-admin --no-defaults --socket="$STATE/mysqld.sock" -u root ping
}

start_rabbitmq() {
  local d=$STATE/rabbitmq
  install -d -m 0700 "$d" "$d/home" "$d/mnesia" "$d/log"
  local dist='-kernel inet_dist_use_interface {127,0,0,1}'
  cat >"$d/rabbitmq-env.conf" <<EOF
NODENAME=rabbit@localhost
NODE_IP_ADDRESS=127.0.0.1
NODE_PORT=5672
DIST_PORT=25672
MNESIA_BASE=$d/mnesia
LOG_BASE=$d/log
CONFIG_FILE=$d/rabbitmq
ENABLED_PLUGINS_FILE=$d/enabled_plugins
SERVER_ADDITIONAL_ERL_ARGS="$dist"
CTL_ERL_ARGS="$dist"
EOF
  cat >"$d/rabbitmq.conf" <<'EOF'
listeners.tcp.default = 127.0.0.1:5672
loopback_users.guest = true
log.console = true
log.file = false
EOF
  echo '[].' >"$d/enabled_plugins"

  launch epmd epmd -address 127.0.0.1 -port 4369
  wait_for epmd 15 "$LOGS/epmd.log" -- tcp_open 4369

  launch rabbitmq env HOME="$d/home" RABBITMQ_CONF_ENV_FILE="$d/rabbitmq-env.conf" \
    ERL_EPMD_ADDRESS=127.0.0.1 "$RABBIT_LIB/rabbitmq-server"
  wait_for rabbitmq 120 "$LOGS/rabbitmq.log" -- rabbitmqctl_ -q await_startup
  printf '%s' "$E2E_RABBIT_PASSWORD" | rabbitmqctl_ -q add_user openstack >>"$LOGS/rabbitmqctl.log" 2>&1 ||
    { tail_log "$LOGS/rabbitmqctl.log"; die "rabbitmqctl add_user failed"; }
  rabbitmqctl_ -q set_permissions -p / openstack '.*' '.*' '.*' >>"$LOGS/rabbitmqctl.log" 2>&1 ||
    { tail_log "$LOGS/rabbitmqctl.log"; die "rabbitmqctl set_permissions failed"; }
}

rabbitmqctl_() {
  local d=$STATE/rabbitmq
  HOME="$d/home" RABBITMQ_CONF_ENV_FILE="$d/rabbitmq-env.conf" ERL_EPMD_ADDRESS=127.0.0.1 \
    "$RABBIT_LIB/rabbitmqctl" -n rabbit@localhost "$@"
}

start_memcached() {
  local user=nobody
  getent passwd memcache >/dev/null && user=memcache
  launch memcached memcached -l 127.0.0.1 -p 11211 -U 0 -u "$user" -m 64
  wait_for memcached 15 "$LOGS/memcached.log" -- tcp_open 11211
}

start_keystone() {
  local d=$STATE/keystone pw
  install -d -m 0700 "$d" "$d/fernet-keys" "$d/credential-keys"
  pw=$(random_hex)
  mariadb --no-defaults --socket="$STATE/mysqld.sock" -u root >>"$LOGS/keystone-db.log" 2>&1 <<EOF ||
CREATE DATABASE IF NOT EXISTS keystone;
CREATE USER IF NOT EXISTS 'keystone'@'127.0.0.1' IDENTIFIED BY '$pw';
GRANT ALL PRIVILEGES ON keystone.* TO 'keystone'@'127.0.0.1';
EOF
    { tail_log "$LOGS/keystone-db.log"; die "creating the keystone database failed"; }
  umask 077
  cat >"$d/keystone.conf" <<EOF
[DEFAULT]
use_stderr = true
[database]
connection = mysql+pymysql://keystone:$pw@127.0.0.1:3306/keystone
[token]
provider = fernet
[fernet_tokens]
key_repository = $d/fernet-keys
[fernet_receipts]
key_repository = $d/fernet-keys
[credential]
key_repository = $d/credential-keys
[identity]
password_hash_rounds = 4
[cache]
enabled = true
backend = dogpile.cache.memcached
memcache_servers = 127.0.0.1:11211
EOF
  umask 022
  local km=(keystone-manage --config-file "$d/keystone.conf")
  {
    "${km[@]}" db_sync &&
      "${km[@]}" fernet_setup --keystone-user root --keystone-group root &&
      "${km[@]}" credential_setup --keystone-user root --keystone-group root &&
      OS_BOOTSTRAP_PASSWORD=$E2E_ADMIN_PASSWORD "${km[@]}" bootstrap \
        --bootstrap-username admin --bootstrap-project-name admin --bootstrap-role-name admin \
        --bootstrap-service-name keystone --bootstrap-region-id RegionOne \
        --bootstrap-admin-url "$KEYSTONE_URL" --bootstrap-internal-url "$KEYSTONE_URL" \
        --bootstrap-public-url "$KEYSTONE_URL"
  } >>"$LOGS/keystone-manage.log" 2>&1 || { tail_log "$LOGS/keystone-manage.log"; die "keystone-manage failed"; }

  launch_keystone

  # the guide's demo project and user (it grants heat_stack_owner to demo on demo)
  admin_env
  openstack >>"$LOGS/keystone-demo.log" 2>&1 <<EOF
project create --or-show --domain default --description demo demo
user create --or-show --domain default --password $E2E_DEMO_PASSWORD demo
role add --project demo --user demo member
EOF
  local roles
  roles=$(openstack role assignment list --user demo --user-domain Default --project demo \
    --project-domain Default --names -f value -c Role 2>>"$LOGS/keystone-demo.log") || true
  grep -qx member <<<"$roles" || { tail_log "$LOGS/keystone-demo.log"; die "creating demo/demo failed"; }
  log "demo project and user ready"
}

# launch_keystone: Keystone under uwsgi on 127.0.0.1:5000. Its access log (in keystone.log) has
# each request's start and time in microseconds and its user agent, for the probe's e2e.
launch_keystone() {
  local d=$STATE/keystone workers
  case ${HEATCONF_E2E_KEYSTONE_WORKERS:-guide} in
  guide) workers=(--processes 5 --threads 1) ;;
  debian) workers=(--processes 8 --threads 32) ;;
  *) die "HEATCONF_E2E_KEYSTONE_WORKERS: guide or debian, not '$HEATCONF_E2E_KEYSTONE_WORKERS'" ;;
  esac
  # --thunder-lock: one process accepts at a time, as Apache's accept mutex and Debian's ini have it
  launch keystone uwsgi --plugin python3 --master --die-on-term --no-orphans --enable-threads \
    --lazy-apps "${workers[@]}" --thunder-lock --http-socket 127.0.0.1:5000 \
    --add-header 'Connection: close' --wsgi-file /usr/bin/keystone-wsgi-public \
    --log-format '%(addr) [%(ctime)] %(method) %(uri) => generated %(rsize) bytes in %(msecs) msecs (%(proto) %(status)) start_us=%(tmicros) took_us=%(micros) agent="%(uagent)"' \
    --env OS_KEYSTONE_CONFIG_DIR="$d" --env OS_KEYSTONE_CONFIG_FILES=keystone.conf
  wait_for keystone 90 "$LOGS/keystone.log" -- http_answers "$KEYSTONE_URL"
}

# cmd_keystone_cache on|off: Keystone's cache (tokens, and what else it caches in memcached) on
# or off, by restarting Keystone with [cache] enabled set so
cmd_keystone_cache() {
  need_root
  local want=${1:-} conf=$STATE/keystone/keystone.conf
  case $want in
  on) want=true ;;
  off) want=false ;;
  *) die "usage: $0 keystone-cache on|off" ;;
  esac
  [[ -e $conf ]] || die "no Keystone in $STATE: run '$0 start' first"
  sed -i "/^\[cache\]/,/^\[/ s/^enabled = .*/enabled = $want/" "$conf"
  stop_one keystone
  # a uwsgi worker the master respawned while it stopped may hold the socket a moment longer
  local i
  for ((i = 0; i < 300; i++)); do
    tcp_open 5000 || break
    sleep 0.1
  done
  tcp_open 5000 && die "port 5000 is still in use after Keystone stopped"
  launch_keystone
  log "keystone: [cache] enabled = $want"
}

# admin_env: the admin's OS_* in this shell's environment
admin_env() {
  need_env E2E_ADMIN_PASSWORD
  export OS_AUTH_URL=$KEYSTONE_URL OS_USERNAME=admin OS_PASSWORD=$E2E_ADMIN_PASSWORD \
    OS_PROJECT_NAME=admin OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default \
    OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=RegionOne OS_INTERFACE=public
  unset OS_CLOUD OS_TOKEN OS_PROJECT_ID OS_USER_ID OS_DOMAIN_NAME OS_DOMAIN_ID OS_SYSTEM_SCOPE
}

start_guard() {
  local watch=${HEATCONF_E2E_WATCH_PID:-}
  [[ -n $watch ]] || return 0
  [[ $watch =~ ^[0-9]+$ ]] || die "HEATCONF_E2E_WATCH_PID is not a PID: $watch"
  local st
  st=$(starttime "$watch")
  [[ -n $st ]] || die "HEATCONF_E2E_WATCH_PID $watch does not run"
  launch guard bash "$0" guard "$watch" "$st"
}

cmd_start() {
  need_root
  need_env E2E_ADMIN_PASSWORD E2E_DEMO_PASSWORD E2E_RABBIT_PASSWORD
  fresh_state
  # a failed start leaves nothing running
  trap 'rc=$?; if ((rc != 0)); then log "start failed: stopping what started"; stop_all || true; fi' EXIT
  start_guard
  start_mariadb
  start_rabbitmq
  start_memcached
  start_keystone
  trap - EXIT
  log "stack up: MariaDB 3306, RabbitMQ 5672, memcached 11211, Keystone $KEYSTONE_URL (state in $STATE)"
}

cmd_start_heat() {
  need_root
  local conf=${1:-} envfile=${2:-}
  [[ -n $conf ]] || die "usage: $0 start-heat CONF [ENVFILE]"
  [[ -r $conf ]] || die "cannot read $conf"
  [[ -z $envfile || -r $envfile ]] || die "cannot read $envfile"
  [[ -e $STATE_MARK ]] || die "no stack in $STATE: run '$0 start' first"
  admin_env
  check_ports_free 8004 8000
  local n
  for n in "${HEAT_DAEMONS[@]}"; do
    ours "$n" >/dev/null && die "$n already runs: run '$0 stop-heat' first"
  done
  trap 'rc=$?; if ((rc != 0)); then log "start-heat failed: stopping heat"; stop_heat || true; fi' EXIT
  local asheat=(setpriv --reuid=heat --regid=heat --init-groups env HOME=/var/lib/heat)
  if [[ -n $envfile ]]; then
    # the daemons' environment only: read in a subshell of each launch
    log "heat daemons get the variables of $envfile in their environment"
  fi
  for n in "${HEAT_DAEMONS[@]}"; do
    if [[ -n $envfile ]]; then
      (set -a && . "$envfile" && set +a && launch "$n" "${asheat[@]}" "$n" --config-file "$conf")
    else
      launch "$n" "${asheat[@]}" "$n" --config-file "$conf"
    fi
  done
  local all=("$LOGS/heat-engine.log" "$LOGS/heat-api.log" "$LOGS/heat-api-cfn.log")
  wait_for heat-api 60 "${all[@]}" -- http_answers http://127.0.0.1:8004/
  wait_for heat-api-cfn 60 "${all[@]}" -- http_answers http://127.0.0.1:8000/
  wait_for heat-engine 120 "${all[@]}" -- engine_up
  trap - EXIT
}

engine_up() {
  grep -q '^heat-engine up$' <<<"$(openstack orchestration service list -f value -c Binary -c Status)"
}

# ---------------------------------------------------------------------------------------------
# stop

stop_heat() {
  local i
  for ((i = ${#HEAT_DAEMONS[@]} - 1; i >= 0; i--)); do stop_one "${HEAT_DAEMONS[i]}"; done
}

stop_all() {
  local i
  for ((i = ${#DAEMONS[@]} - 1; i >= 0; i--)); do stop_one "${DAEMONS[i]}"; done
  stop_one guard
}

cmd_stop() {
  need_root
  [[ -d $PIDS ]] || { log "nothing to stop"; return 0; }
  stop_all
  log "stopped"
}

# guard PID STARTTIME: wait for the watched process to go, then stop the stack
cmd_guard() {
  local pid=$1 st=$2
  while [[ $(starttime "$pid") == "$st" ]]; do sleep 1; done
  log "guard: process $pid has gone: stopping the stack"
  stop_all
  rm -f "$PIDS/guard.pid"
}

cmd_env() {
  need_env E2E_ADMIN_PASSWORD
  local kv
  for kv in OS_AUTH_URL=$KEYSTONE_URL OS_USERNAME=admin OS_PASSWORD=$E2E_ADMIN_PASSWORD \
    OS_PROJECT_NAME=admin OS_USER_DOMAIN_NAME=Default OS_PROJECT_DOMAIN_NAME=Default \
    OS_IDENTITY_API_VERSION=3 OS_REGION_NAME=RegionOne OS_INTERFACE=public; do
    printf 'export %s=%q\n' "${kv%%=*}" "${kv#*=}"
  done
}

cmd_status() {
  local n p
  for n in "${DAEMONS[@]}" guard; do
    if p=$(ours "$n"); then echo "$n running (process group $p)"; else echo "$n stopped"; fi
  done
}

case ${1:-} in
install) cmd_install ;;
start) cmd_start ;;
start-heat) cmd_start_heat "${2:-}" "${3:-}" ;;
stop-heat) need_root && stop_heat ;;
stop-one)
  need_root
  [[ " ${DAEMONS[*]} " == *" ${2:-} "* ]] || die "usage: $0 stop-one {${DAEMONS[*]}}"
  stop_one "$2"
  ;;
keystone-cache) cmd_keystone_cache "${2:-}" ;;
stop) cmd_stop ;;
env) cmd_env ;;
status) cmd_status ;;
guard) cmd_guard "$2" "$3" ;;
*)
  sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//' >&2
  exit 2
  ;;
esac
