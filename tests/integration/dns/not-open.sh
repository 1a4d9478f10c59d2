#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Resolvers that are not open, run and judged from off the link: a
# scanner behind a router (as an internet scanner is) and a host of the
# server's own LAN. dnsmasq with local-service answers the LAN and
# drops the off-link scanner's query; BIND with "recursion no;" refuses
# it. check says neither is exposed (exit 0) and fix changes nothing: no
# table, no record.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/dns.sh"
. "$TOP_SRCDIR/tests/lib/dnsmasq.sh"
. "$TOP_SRCDIR/tests/lib/bind9.sh"

sandbox_netns server
sandbox_netns lan
sandbox_link "$server" 192.0.2.56/24 "$lan" 192.0.2.77/24
sandbox_off_link "$server" 203.0.113.56 198.51.100.9
sandbox_empty_root dir
sandbox_empty_root root
mkdir -p "$root/etc/bind"
# the route works: a TCP port nothing listens on answers with a reset
reached=$(ip netns exec "$scanner" python3 -c '
import socket
s = socket.socket()
s.settimeout(2)
try:
	s.connect(("203.0.113.56", 9))
except ConnectionRefusedError:
	print("refused")
except OSError as error:
	print(error)')
[ "$reached" = refused ] || fail "the scanner does not reach the server: $reached"

# not_exposed DAEMON: check and fix in the server say DAEMON's port 53
# is not exposed; fix leaves no table and no record.
not_exposed() {
	local out code
	out=$(ip netns exec "$server" "$PORTGUARD" check --service dns --root "$root" 2>&1); code=$?
	[ "$code" -eq 0 ] || fail "check of $1 exited $code, expected 0 (not exposed): $out"
	contains "$1" <<<"$out" || fail "check does not name $1: $out"
	out=$(ip netns exec "$server" "$PORTGUARD" fix --service dns --root "$root" 2>&1); code=$?
	[ "$code" -eq 0 ] || fail "fix of $1 exited $code, expected 0 (nothing to do): $out"
	ip netns exec "$server" nft list table inet portguard >/dev/null 2>&1 && fail "fix of $1 made a table"
	[ -e "$root/var/lib/portguard/state.json" ] && fail "fix of $1 wrote a record"
	return 0
}

echo "# dnsmasq with local-service: the LAN gets recursion, the off-link scanner nothing"
sandbox_dnsmasq pid "$server" "$dir" "local-service"
cp "$dir/dnsmasq.conf" "$root/etc/dnsmasq.conf"
said=$(dig_recurse "$lan" 192.0.2.56) || fail "the LAN's dig gets no recursion: $said"
said=$(dig_recurse "$scanner" 203.0.113.56) && fail "the off-link scanner's dig gets recursion: $said"
contains -F "timed out" <<<"$said" || fail "dnsmasq answered the off-link scanner: $said"
[ "$(resolver_verdict "$scanner" 203.0.113.56)" = closed ] || fail "probe from off the link is not closed"
not_exposed dnsmasq
kill "$pid"; wait "$pid" 2>/dev/null
for _ in $(seq 50); do
	ip netns exec "$server" ss -Hlun 'sport = :53' | contains . || break
	sleep 0.1
done

echo "# BIND with recursion no: the off-link scanner's recursive query is refused"
sandbox_named pid "$server" "$dir" $'\trecursion no;'
cp "$dir/named.conf" "$root/etc/bind/named.conf"
rm -f "$root/etc/dnsmasq.conf"
said=$(dig_recurse "$scanner" 203.0.113.56) && fail "the off-link scanner's dig gets recursion: $said"
contains -F "status: REFUSED" <<<"$said" || fail "named did not refuse the off-link scanner: $said"
[ "$(resolver_verdict "$scanner" 203.0.113.56)" = closed ] || fail "probe from off the link is not closed"
not_exposed named
finish
