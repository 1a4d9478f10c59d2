#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# memcached's fix kept by the agent: the real memcached in a namespace
# (outside systemd, so fix restricts) with UDP on, a client connected
# from the application server, a stranger. After fix the client still
# gets stats over TCP and UDP, the stranger gets neither; `nft flush
# ruleset` and portguard watch puts memcached's part of the table back;
# undo opens it again.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/memcached.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"

sandbox_netns server
sandbox_netns app
sandbox_netns stranger
sandbox_link "$server" 10.77.1.1/24 "$app" 10.77.1.2/24
sandbox_link "$server" 10.77.2.1/24 "$stranger" 10.77.2.2/24
sandbox_empty_root root
sandbox_memcached memcached_pid "$server" -l 0.0.0.0 -U 11211
memcached_client "$app" 10.77.1.1 client_pid
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
guard_is() { [ "$(guard_field "$root" "$1")" = "$2" ]; }
part_back() { ip netns exec "$server" nft list table inet portguard 2>/dev/null | contains "dport @memcached_ports counter"; }
# udp_stats NS ADDRESS: "answered" when a UDP stats request (frame header
# and "stats\r\n") gets a datagram back.
udp_stats() {
	ip netns exec "$1" python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1)
s.sendto(bytes([0, 1, 0, 0, 0, 1, 0, 0]) + b"stats\r\n", (sys.argv[1], 11211))
try:
    s.recvfrom(2048)
    print("answered")
except socket.timeout:
    print("silent")
' "$2"
}

[ "$(udp_stats "$stranger" 10.77.2.1)" = answered ] || fail "the stranger got no UDP stats before the fix"

echo "# fix: restricted to the connected client"
out=$(pg fix --service memcached 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $out"
table=$(ip netns exec "$server" nft list table inet portguard)
contains "elements = { 10.77.1.2 }" <<<"$table" || fail "the client is not trusted: $table"
contains "tcp dport @memcached_ports counter" <<<"$table" || fail "memcached's TCP port is not restricted: $table"
memcached_stats "$app" 10.77.1.1 | contains "STAT version" || fail "the client lost stats over TCP"
[ "$(udp_stats "$app" 10.77.1.1)" = answered ] || fail "the client lost stats over UDP"
[ "$(udp_stats "$stranger" 10.77.2.1)" = silent ] || fail "the stranger still gets UDP stats"
memcached_stats "$stranger" 10.77.2.1 >/dev/null 2>&1 && fail "the stranger still gets TCP stats"

echo "# the agent puts memcached's part back after a flush"
ip netns exec "$server" "$PORTGUARD" watch --root "$root" 2>"$root/watch.log" &
agent=$!
sandbox_pids+=("$agent")
wait_until 30 guard_is pid "$agent" || fail "the agent did not start: $(cat "$root/watch.log")"
ip netns exec "$server" nft flush ruleset
wait_until 30 part_back || fail "the agent did not put memcached's table back: $(cat "$root/watch.log")"
[ "$(udp_stats "$stranger" 10.77.2.1)" = silent ] || fail "the stranger gets UDP stats after the repair"
kill "$agent"; wait "$agent" 2>/dev/null

echo "# undo: open as before"
expect_exit 2 pg undo --quiet
[ "$(udp_stats "$stranger" 10.77.2.1)" = answered ] || fail "the stranger gets nothing after undo"
finish
