#!/bin/bash
# Installs the heat.conf beside this script, rendered by heatconf from site.toml.
#
#   install-heat.sh [--install-packages] [--dest PATH] [--no-restart]
#
#   --install-packages  apt-get install heat-api heat-api-cfn heat-engine python3-heatclient first
#   --dest PATH         where heat.conf goes (default /etc/heat/heat.conf)
#   --no-restart        do not restart heat-api, heat-api-cfn and heat-engine
#
# heat.conf is placed atomically, owned root:heat with mode 0640, then the
# database schema is brought up to date with heat-manage db_sync as the heat user.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=/etc/heat/heat.conf
packages=0
restart=1
while [ $# -gt 0 ]; do
	case $1 in
	--install-packages) packages=1 ;;
	--dest) [ $# -ge 2 ] || { echo "install-heat.sh: --dest needs a path" >&2; exit 2; }; dest=$2; shift ;;
	--dest=*) dest=${1#--dest=} ;;
	--no-restart) restart=0 ;;
	-h|--help) sed -n '2,12p' "$0"; exit 0 ;;
	*) echo "install-heat.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
	esac
	shift
done
if [ "$(id -u)" != 0 ]; then
	echo "install-heat.sh: run as root" >&2
	exit 2
fi
if [ "$packages" = 1 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y heat-api heat-api-cfn heat-engine python3-heatclient
fi
if ! getent group heat >/dev/null; then
	echo "install-heat.sh: there is no heat group: install the heat packages first (--install-packages)" >&2
	exit 3
fi
dir=$(dirname "$dest")
if [ ! -d "$dir" ]; then
	install -d -o heat -g heat -m 0750 "$dir"
fi
tmp=$(mktemp "$dest.heatconf.XXXXXX")
trap 'rm -f "$tmp"' EXIT
cat "$here/heat.conf" >"$tmp"
chown root:heat "$tmp"
chmod 0640 "$tmp"
mv -f "$tmp" "$dest"
trap - EXIT
echo "installed $dest (root:heat 0640)"
runuser -u heat -- heat-manage --config-file "$dest" db_sync
echo "database schema is up to date"
if [ "$restart" = 1 ]; then
	for svc in heat-api heat-api-cfn heat-engine; do
		if [ -d /run/systemd/system ]; then
			systemctl restart "$svc"
		else
			service "$svc" restart
		fi
		echo "restarted $svc"
	done
fi
