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
	avahi-daemon
)

# tests/release.sh also builds and checks the Debian package and runs the
# Ansible role.
if [ "${1:-}" = --release ]; then
	packages+=(debhelper dpkg-dev fakeroot lintian bash-completion ansible-core ansible-lint python3-apt)
fi

missing=()
for package in "${packages[@]}"; do
	dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' ||
		missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: missing packages ${missing[*]}; run this script as root" >&2
	exit 1
fi

# rpcbind is installed for the tests, which run it in namespaces only.
# The host must not start listening on port 111 because of us: deny
# service starts during the install, and undo the boot-time enabling
# that the package's maintainer script does when it is newly installed.
rpcbind_was_installed=no
dpkg-query -W -f='${Status}' rpcbind 2>/dev/null | grep -q 'install ok installed' && rpcbind_was_installed=yes
# So is avahi-daemon (5353/udp), without its Recommends: libnss-mdns
# would rewrite the host's /etc/nsswitch.conf.
avahi_was_installed=no
dpkg-query -W -f='${Status}' avahi-daemon 2>/dev/null | grep -q 'install ok installed' && avahi_was_installed=yes
policy=/usr/sbin/policy-rc.d
own_policy=no
if [ ! -e "$policy" ]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	own_policy=yes
fi
trap '[ "$own_policy" = yes ] && rm -f "$policy"' EXIT

export DEBIAN_FRONTEND=noninteractive
if [ -z "$(find /var/lib/apt/lists -maxdepth 1 -name '*Packages*' -mmin -1440 2>/dev/null | head -n 1)" ]; then
	apt-get update -q
fi
apt-get install -y -q --no-install-recommends "${missing[@]}"

if [ "$rpcbind_was_installed" = no ] && dpkg-query -W -f='${Status}' rpcbind 2>/dev/null | grep -q 'install ok installed'; then
	if [ -d /run/systemd/system ]; then
		systemctl disable --now rpcbind.socket rpcbind.service >/dev/null 2>&1 || true
	else
		rm -f /etc/systemd/system/sockets.target.wants/rpcbind.socket \
			/etc/systemd/system/multi-user.target.wants/rpcbind.service
	fi
	echo "install-deps: rpcbind installed for the tests only; it is disabled on this host"
fi
if [ "$avahi_was_installed" = no ] && dpkg-query -W -f='${Status}' avahi-daemon 2>/dev/null | grep -q 'install ok installed'; then
	if [ -d /run/systemd/system ]; then
		systemctl disable --now avahi-daemon.socket avahi-daemon.service >/dev/null 2>&1 || true
	else
		rm -f /etc/systemd/system/sockets.target.wants/avahi-daemon.socket \
			/etc/systemd/system/multi-user.target.wants/avahi-daemon.service \
			/etc/systemd/system/dbus-org.freedesktop.Avahi.service
	fi
	echo "install-deps: avahi-daemon installed for the tests only; it is disabled on this host"
fi
