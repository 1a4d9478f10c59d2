#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Trusted networks written IPv4-mapped (::ffff:10.0.0.0/120) name IPv4
# clients. From --trusted, the config, an exports line and a name the
# hosts file resolves to a mapped address, fix must admit those IPv4
# clients over real packets (an IPv6 set entry never matches them), and
# still drop everybody else.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"

sandbox_netns server
sandbox_netns given	# --trusted
sandbox_netns configured	# portguard.conf
sandbox_netns exported	# an exports network
sandbox_netns named	# an exports host name
sandbox_netns other
sandbox_link "$server" 10.9.5.1/24 "$given" 10.9.5.2/24
sandbox_link "$server" 10.9.6.1/24 "$configured" 10.9.6.2/24
sandbox_link "$server" 10.9.11.1/24 "$exported" 10.9.11.2/24
sandbox_link "$server" 10.9.8.1/24 "$named" 10.9.8.2/24
sandbox_link "$server" 10.9.9.1/24 "$other" 10.9.9.2/24
sandbox_rpcbind rpcbind_pid "$server"
root=$(mktemp -d)
chmod 755 "$root"
trap 'sandbox_cleanup; rm -rf "$root"' EXIT
mkdir -p "$root/etc/portguard" "$root/proc/fs/nfsd"
echo "-2 +3 +4" >"$root/proc/fs/nfsd/versions"
printf '/srv/data ::ffff:10.9.11.0/120(rw) client.mapped.test(rw)\n' >"$root/etc/exports"
printf '127.0.0.1 localhost\n::ffff:10.9.8.2 client.mapped.test\n' >"$root/etc/hosts"
printf 'trusted = ::ffff:10.9.6.0/120\n' >"$root/etc/portguard/portguard.conf"

pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
reaches() { # reaches NS ADDRESS PROTO: the portmapper answers NS over PROTO
	ip netns exec "$1" timeout -s KILL 3 rpcinfo -T "$3" -p "$2" >/dev/null 2>&1
}

echo "# the plan names the IPv4 networks, nothing v4-mapped"
json=$(pg check --json --trusted ::ffff:10.9.5.0/120); code=$?
[ "$code" -eq 2 ] || fail "check exited $code, expected 2"
actual=$(jq -r '.plan.trusted | join(" ")' <<<"$json")
[ "$actual" = "10.9.5.0/24 10.9.6.0/24 10.9.8.2/32 10.9.11.0/24" ] || fail "planned trusted networks: '$actual'"

echo "# fix: each of them reaches rpcbind over IPv4, the other peer does not"
json=$(pg fix --json --trusted ::ffff:10.9.5.0/120); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $json"
jq -e '.verified == true and .plan.action == "restrict"' <<<"$json" >/dev/null || fail "fix JSON: $json"
ip netns exec "$server" nft list set inet portguard trusted6 | contains ffff && fail "a mapped prefix went into trusted6"
for peer in "$given 10.9.5.1" "$configured 10.9.6.1" "$exported 10.9.11.1" "$named 10.9.8.1"; do
	set -- $peer
	reaches "$1" "$2" udp || fail "$1 (trusted) gets no UDP answer from $2"
	reaches "$1" "$2" tcp || fail "$1 (trusted) gets no TCP answer from $2"
done
reaches "$other" 10.9.9.1 udp && fail "the untrusted peer still reaches UDP"
reaches "$other" 10.9.9.1 tcp && fail "the untrusted peer still reaches TCP"
finish
