#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The restriction survives reboots: the booted sandbox, with Debian's
# nftables.service enabled (its /etc/nftables.conf flushes the ruleset
# at boot) and a consumer of rpcbind, is restricted by fix, shut down and
# booted twice from the same disk in fresh namespaces (a new network
# namespace, an empty ruleset, fresh /run). After each boot, before
# anything of portguard but its boot unit has run, rpcbind listens for
# its consumer, the untrusted peer gets no answer and the trusted one
# does. A stand-in for firewalld.service, with its ordering (default
# dependencies, so after basic.target), shows that the boot unit waits
# for it without an ordering cycle. All units come from the default boot
# target (basic.target):
# nftables.service and portguard-restore.service through sysinit.target,
# rpcbind.socket through sockets.target, the consumer through its own
# WantedBy=basic.target, as on a real host.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/nft.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

inside() { systemd_sandbox_run "$@"; }
sandbox_netns trusted
sandbox_netns untrusted
# network: the peers' links into this boot's network namespace.
network() {
	systemd_sandbox_link "$trusted" 10.77.0.1/24 10.77.0.2/24
	systemd_sandbox_link "$untrusted" 10.78.0.1/24 10.78.0.2/24
	inside ip link set lo up
}
# monotonic UNIT PROPERTY: a timestamp of this boot, in microseconds.
monotonic() { inside systemctl show -P "$2" "$1"; }

systemd_sandbox_boot
network
systemd_sandbox_nftables_service
systemd_sandbox_oneshot_unit firewalld.service <<'UNIT'
Description=a stand-in with firewalld.service's ordering
Wants=network-pre.target
Before=network-pre.target
After=dbus.service
UNIT
inside systemctl enable firewalld.service >/dev/null 2>&1
inside systemctl enable rpcbind.socket rpcbind.service >/dev/null 2>&1
systemd_sandbox_consumer_unit pg-consumer.service
inside systemctl enable --now pg-consumer.service >/dev/null 2>&1 || fail "pg-consumer does not start"
expect_reachable "$untrusted" udp 10.78.0.1
expect_exit 2 inside "$SYSTEMD_SANDBOX_PORTGUARD" fix --quiet --trusted 10.77.0.0/24
rules=$(inside nft list table inet portguard | sed -E 's/counter packets [0-9]+ bytes [0-9]+/counter/')
for proto in tcp udp; do
	expect_unreachable "$untrusted" "$proto" 10.78.0.1
done

for boot in 1 2; do
	echo "# reboot $boot"
	systemd_sandbox_reboot
	[ "$(inside nft list ruleset 2>/dev/null | grep -c '^table')" -gt 0 ] || fail "boot $boot: the ruleset is empty"
	inside journalctl -b --no-pager | grep -i "ordering cycle" >/dev/null && fail "boot $boot: an ordering cycle"
	for unit in nftables.service firewalld.service portguard-restore.service rpcbind.socket pg-consumer.service; do
		[ "$(inside systemctl is-active "$unit")" = active ] || fail "boot $boot: $unit is $(inside systemctl is-active "$unit")"
	done
	# The restore unit ran after nftables.service had loaded (and flushed)
	# its ruleset, and before rpcbind.socket listened.
	for unit in nftables.service firewalld.service; do
		[ "$(monotonic portguard-restore.service ExecMainStartTimestampMonotonic)" -ge \
		  "$(monotonic "$unit" ActiveEnterTimestampMonotonic)" ] ||
			fail "boot $boot: portguard-restore.service started before $unit was done"
	done
	[ "$(monotonic rpcbind.socket ActiveEnterTimestampMonotonic)" -ge \
	  "$(monotonic portguard-restore.service ActiveEnterTimestampMonotonic)" ] ||
		fail "boot $boot: rpcbind.socket listened before the table was loaded"
	inside nft list table inet filter >/dev/null 2>&1 || fail "boot $boot: nftables.conf was not loaded"
	[ "$(inside nft list table inet portguard 2>&1 | sed -E 's/counter packets [0-9]+ bytes [0-9]+/counter/')" = "$rules" ] ||
		fail "boot $boot: table inet portguard is not the one fix installed"
	inside ss -H -tln 'sport = :111' | grep . >/dev/null || fail "boot $boot: nothing listens on tcp/111"
	inside ss -H -uln 'sport = :111' | grep . >/dev/null || fail "boot $boot: nothing listens on udp/111"
	network
	for proto in tcp udp; do
		expect_unreachable "$untrusted" "$proto" 10.78.0.1
		expect_reachable "$trusted" "$proto" 10.77.0.1
	done
done
finish
