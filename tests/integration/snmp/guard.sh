#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SNMP's fix kept by the agent: the real snmpd in a namespace (outside
# systemd, so fix restricts), a monitoring station its snmpd.conf names,
# a stranger. After fix the station still gets sysDescr and the stranger
# not; `nft flush ruleset` and portguard watch puts SNMP's part of the
# table back; undo opens it again.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/snmpd.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"

sandbox_netns server
sandbox_netns station
sandbox_netns stranger
sandbox_link "$server" 10.76.1.1/24 "$station" 10.76.1.2/24
sandbox_link "$server" 10.76.2.1/24 "$stranger" 10.76.2.2/24
sandbox_empty_root work
sandbox_empty_root root
mkdir -p "$root/etc/snmp"
snmp_config "$root/etc/snmp/snmpd.conf" 'udp:161' 'rocommunity public 10.76.1.0/24'
sed -i '/^rocommunity6\? public default/d' "$root/etc/snmp/snmpd.conf"
cp "$root/etc/snmp/snmpd.conf" "$work/snmpd.conf"
sandbox_snmpd snmpd_pid "$server" "$work/snmpd.conf" "$work"
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
guard_is() { [ "$(guard_field "$root" "$1")" = "$2" ]; }
snmp_part_back() { ip netns exec "$server" nft list table inet portguard 2>/dev/null | contains "udp dport @snmp_ports counter"; }

snmp_sysdescr "$stranger" 10.76.2.1 >/dev/null || fail "the stranger got no sysDescr before the fix"

echo "# fix: restricted to the station's network from snmpd.conf"
out=$(pg fix --service snmp 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $out"
ip netns exec "$server" nft list table inet portguard | contains "elements = { 10.76.1.0/24 }" ||
	fail "the station's network is not trusted: $(ip netns exec "$server" nft list table inet portguard)"
snmp_sysdescr "$station" 10.76.1.1 | contains Linux || fail "the station lost sysDescr"
snmp_sysdescr "$stranger" 10.76.2.1 >/dev/null && fail "the stranger still gets sysDescr"

echo "# the agent puts SNMP's part back after a flush"
ip netns exec "$server" "$PORTGUARD" watch --root "$root" 2>"$work/watch.log" &
agent=$!
sandbox_pids+=("$agent")
wait_until 30 guard_is pid "$agent" || fail "the agent did not start: $(cat "$work/watch.log")"
ip netns exec "$server" nft flush ruleset
wait_until 30 snmp_part_back || fail "the agent did not put SNMP's table back: $(cat "$work/watch.log")"
snmp_sysdescr "$stranger" 10.76.2.1 >/dev/null && fail "the stranger gets sysDescr after the repair"
snmp_sysdescr "$station" 10.76.1.1 | contains Linux || fail "the station lost sysDescr after the repair"
kill "$agent"; wait "$agent" 2>/dev/null

echo "# undo: open as before"
expect_exit 2 pg undo --quiet
snmp_sysdescr "$stranger" 10.76.2.1 >/dev/null || fail "the stranger gets nothing after undo"
finish
