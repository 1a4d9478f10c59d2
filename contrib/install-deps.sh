#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Installs what building, testing and the sandbox demo need on Debian 12.
# Safe to run again: it installs only what is missing.
set -euo pipefail

packages=(
	build-essential autoconf automake libtool pkg-config
	libmnl-dev libnftnl-dev libsystemd-dev libjansson-dev libcmocka-dev
	iproute2 nftables rpcbind rpcsvc-proto systemd dbus util-linux procps time jq strace
	clang libclang-rt-14-dev
	libcap2-bin python3 hyperfine
	avahi-daemon snmpd snmp memcached xinetd python3-ntp libbsd0 libssl3 libcap2 tzdata
	samba smbclient minissdpd miniupnpd
	samba-ad-provision samba-dsdb-modules samba-vfs-modules
	tftpd-hpa tftp-hpa dnsmasq-base
	wsdd
	unbound bind9 bind9-dnsutils
	python3-prometheus-client
)

# tests/release.sh also builds and checks the Debian package and runs the
# Ansible role and the fleet play (ansible-playbook over SSH to sshd in
# booted sandboxes).
if [ "${1:-}" = --release ]; then
	packages+=(debhelper dpkg-dev fakeroot lintian bash-completion ansible-core ansible-lint python3-apt
		openssh-server openssh-client)
fi

# The daemons are installed for the tests, which run them in network
# namespaces only. The host must not start serving because of us: the
# install runs with service starts denied, and the units a package's
# maintainer script enables are disabled again when we installed it.
daemon_units=(
	"rpcbind rpcbind.socket rpcbind.service"
	"avahi-daemon avahi-daemon.socket avahi-daemon.service dbus-org.freedesktop.Avahi.service"
	"snmpd snmpd.service"
	"memcached memcached.service"
	"samba nmbd.service smbd.service samba-ad-dc.service"
	"minissdpd minissdpd.service"
	"miniupnpd miniupnpd.service"
	"xinetd xinetd.service"
	"tftpd-hpa tftpd-hpa.service"
	"wsdd wsdd.service"
	"unbound unbound.service"
	"bind9 named.service bind9.service"
	"openssh-server ssh.service ssh.socket"
)

# ntpsec is unpacked, not installed: the package conflicts with every
# other time daemon (systemd-timesyncd, chrony) and would replace the
# host's own. tests/lib/ntpd.sh finds ntpd and ntpq here.
ntpsec_dir=/opt/portguard-test-tools/ntpsec

missing=()
for package in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$package")
done
need_ntpsec=no
command -v ntpd >/dev/null || [ -x "$ntpsec_dir/usr/sbin/ntpd" ] || need_ntpsec=yes
[ ${#missing[@]} -eq 0 ] && [ "$need_ntpsec" = no ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing ${missing[*]:-}$([ "$need_ntpsec" = no ] || echo " ntpsec (to unpack)"); run this script as root" >&2
	exit 1
fi

installed_before=()
for entry in "${daemon_units[@]}"; do
	read -r package _ <<<"$entry"
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' && installed_before+=("$package")
done
policy=/usr/sbin/policy-rc.d
own_policy=no
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	own_policy=yes
fi
scratch=$(mktemp -d)
trap '[ "$own_policy" = yes ] && rm -f "$policy"; rm -rf "$scratch"' EXIT

export DEBIAN_FRONTEND=noninteractive
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n 1)" ]; then
	apt-get update -q
fi
# avahi-daemon without its Recommends: libnss-mdns would rewrite the
# host's /etc/nsswitch.conf.
[ ${#missing[@]} -eq 0 ] || apt-get install -y -q --no-install-recommends "${missing[@]}"

for entry in "${daemon_units[@]}"; do
	read -r package units <<<"$entry"
	[[ " ${installed_before[*]} " == *" $package "* ]] && continue
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || continue
	if [ -d /run/systemd/system ]; then
		# shellcheck disable=SC2086
		systemctl disable --now $units >/dev/null 2>&1 || true
	else
		# The enabling links only: a unit file of the admin's stays.
		# A SysV script's are its rc links (xinetd and tftpd-hpa have no
		# unit of their own; samba's scripts are nmbd, smbd, samba-ad-dc).
		for unit in $units; do
			script=/etc/init.d/${unit%.*}
			[ ! -x "$script" ] || update-rc.d "${unit%.*}" disable >/dev/null 2>&1 || true
			rm -f "/etc/systemd/system/sockets.target.wants/$unit" "/etc/systemd/system/multi-user.target.wants/$unit"
			[ ! -L "/etc/systemd/system/$unit" ] || rm -f "/etc/systemd/system/$unit"
		done
	fi
	echo "install-deps: $package installed for the tests only; it is disabled on this host"
done

if [ "$need_ntpsec" = yes ]; then
	# apt fetches as its own user, _apt, which must be able to write there.
	chown _apt "$scratch" 2>/dev/null || true
	(cd "$scratch" && apt-get download -q ntpsec >/dev/null)
	mkdir -p "$ntpsec_dir"
	dpkg-deb -x "$scratch"/ntpsec_*.deb "$ntpsec_dir"
	echo "install-deps: ntpsec unpacked in $ntpsec_dir for the tests (not installed: the host keeps its time daemon)"
fi
