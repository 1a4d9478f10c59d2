#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Broken host files and config: one line naming file and line, exit 1,
# nothing on stdout, and nothing changed (the rpcbind still answers, no
# nft table appeared).
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
hosts="$TOP_SRCDIR/tests/fixtures/hosts"

sandbox_netns host
sandbox_rpcbind rpcbind_pid "$host"
in_host() { ip netns exec "$host" "$@"; }
before=$(in_host nft list ruleset 2>&1)

expect_error "portguard: $hosts/bad-exports/etc/exports:4: export /srv/data: client '10.0.0.0/33(rw,sync)' is not a network, address, host name, wildcard or @netgroup" \
	in_host "$PORTGUARD" check --root "$hosts/bad-exports"
expect_error "portguard: $hosts/bad-config/etc/portguard/portguard.conf:2: binary data, not a 'key = value' line; is this the right file?" \
	in_host "$PORTGUARD" check --root "$hosts/bad-config"
expect_error "portguard: $hosts/bad-securenets/var/yp/securenets:2: expected 'netmask network'" \
	in_host "$PORTGUARD" check --root "$hosts/bad-securenets" --json

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"; sandbox_cleanup' EXIT
bad_config() { # CONTENT EXPECTED
	printf '%b' "$1" >"$scratch/portguard.conf"
	expect_error "portguard: $scratch/portguard.conf:$2" in_host "$PORTGUARD" check --root "$hosts/plain" --config "$scratch/portguard.conf"
}
bad_config 'trusted = 10.0.0.0/33\n' "1: trusted: '10.0.0.0/33' is not a network like 10.0.0.0/24 or 2001:db8::/48"
bad_config '# x\ntrusted = 10.0.0.0/8, 300.1.1.1/8\n' "2: trusted: '300.1.1.1/8' is not a network"
bad_config 'trusted = fe80::/129\n' "1: trusted: 'fe80::/129' is not a network"
bad_config 'trusted =\n' "1: trusted has no value; correct it and run portguard again"
bad_config 'report_dir = \n' "1: report_dir has no value"
bad_config 'mode = sideways\n' "1: mode 'sideways' is not auto, stop or restrict"
bad_config 'colour = blue\n' "1: unknown key 'colour'; the keys are mode, trusted, report_dir"
head -c 3000 /dev/urandom | tr -d '#\n' >"$scratch/portguard.conf"
expect_error "portguard: $scratch/portguard.conf:1: binary data" \
	in_host "$PORTGUARD" check --root "$hosts/plain" --config "$scratch/portguard.conf"

bad_root() { # FILE CONTENT EXPECTED
	rm -rf "$scratch/root"
	mkdir -p "$scratch/root/$(dirname "$1")"
	printf '%b' "$2" >"$scratch/root/$1"
	expect_error "portguard: $scratch/root/$1:$3" in_host "$PORTGUARD" check --root "$scratch/root"
}
bad_root etc/exports '/srv 300.1.1.1/8(rw)\n' "1: export /srv: client '300.1.1.1/8(rw)' is not a network"
bad_root etc/exports '/srv fe80::/129\n' "1: export /srv: client 'fe80::/129' is not a network"
bad_root etc/exports '/ok *\n/srv host(rw\n' "2: export /srv: client 'host(rw' has '(' without a closing ')' at its end"
bad_root etc/exports 'srv 10.0.0.0/24\n' "1: the export path must be absolute, like /srv/nfs"
bad_root etc/exports '"/srv 10.0.0.0/24\n' "1: unterminated quote or empty export path"
bad_root etc/exports.d/x.exports '/srv 10.0.0.1\n\x01\x02\n' "2: binary data, not an exports(5) line"
bad_root etc/nfs.conf '[nfsd]\nvers3 = perhaps\n' "2: vers3 = 'perhaps' is neither y nor n"

[ "$(in_host nft list ruleset 2>&1)" = "$before" ] || fail "the ruleset changed"
kill -0 "$rpcbind_pid" || fail "rpcbind is gone"
in_host rpcinfo -p 127.0.0.1 >/dev/null || fail "rpcbind does not answer any more"
finish
