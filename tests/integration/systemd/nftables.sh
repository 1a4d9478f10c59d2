#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The restriction under a real booted systemd with Debian's
# nftables.service enabled, whose /etc/nftables.conf begins with `flush
# ruleset`: after fix, a restart, a reload and a stop of nftables.service
# each leave table inet portguard in place and port 111 closed to an
# untrusted peer namespace, open to a trusted one; stopping or
# restarting portguard-restore.service (a package upgrade) keeps it
# closed; only undo opens it, and nftables.service runs on without
# portguard afterwards, even with a packaged drop-in left behind.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/nft.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
pg() { inside "$SYSTEMD_SANDBOX_PORTGUARD" "$@"; }
sandbox_netns trusted
sandbox_netns untrusted
systemd_sandbox_link "$trusted" 10.77.0.1/24 10.77.0.2/24
systemd_sandbox_link "$untrusted" 10.78.0.1/24 10.78.0.2/24
inside ip link set lo up
systemd_sandbox_nftables_service
inside systemctl enable rpcbind.socket rpcbind.service >/dev/null 2>&1
inside systemctl start rpcbind.socket || fail "rpcbind.socket does not start"
systemd_sandbox_consumer_unit pg-consumer.service
inside systemctl enable --now pg-consumer.service >/dev/null 2>&1 || fail "pg-consumer does not start"
dropin=/etc/systemd/system/nftables.service.d/portguard.conf

# closed WHAT: the table is portguard's, the untrusted peer gets no
# answer, the trusted peer does, and nftables.service is still active.
closed() {
	local proto
	[ "$(inside nft list table inet portguard 2>&1 | sed -E 's/counter packets [0-9]+ bytes [0-9]+/counter/')" = "$rules" ] ||
		fail "$1: table inet portguard is not the one fix installed"
	for proto in tcp udp; do
		expect_unreachable "$untrusted" "$proto" 10.78.0.1
		expect_reachable "$trusted" "$proto" 10.77.0.1
	done
	[ "$(inside systemctl is-active nftables.service)" = active ] || fail "$1: nftables.service is not active"
}

# flushed WHAT: nftables.service did flush the ruleset (the marker table
# is gone), so that the table in place is one loaded again.
flushed() {
	inside nft list table inet pg-marker >/dev/null 2>&1 && fail "$1: nftables.service did not flush the ruleset"
	inside nft add table inet pg-marker
}

echo "# before: both peers reach the portmapper"
expect_reachable "$untrusted" udp 10.78.0.1
expect_reachable "$trusted" udp 10.77.0.1

echo "# fix restricts, installs the boot unit after nftables.service and the drop-in"
expect_exit 2 pg fix --quiet --trusted 10.77.0.0/24
rules=$(inside nft list table inet portguard | sed -E 's/counter packets [0-9]+ bytes [0-9]+/counter/')
[ -n "$rules" ] || fail "fix installed no table"
for unit in nftables.service firewalld.service netfilter-persistent.service ufw.service iptables.service; do
	inside systemctl show -P After portguard-restore.service | grep -w "$unit" >/dev/null ||
		fail "portguard-restore.service is not ordered after $unit"
done
inside test -f "$dropin" || fail "fix did not install $dropin"
inside systemctl show -P DropInPaths nftables.service | grep "$dropin" >/dev/null || fail "systemd did not load $dropin"
inside nft add table inet pg-marker
closed "after fix"

echo "# restart, reload, stop and start of nftables.service"
for action in restart reload stop start; do
	inside systemctl "$action" nftables.service || fail "systemctl $action nftables failed"
	[ "$action" = start ] || flushed "$action"
	if [ "$action" = stop ]; then
		[ "$(inside systemctl is-active nftables.service)" = inactive ] || fail "nftables.service did not stop"
		inside nft list table inet filter >/dev/null 2>&1 && fail "stop left nftables.conf's table"
		for proto in tcp udp; do
			expect_unreachable "$untrusted" "$proto" 10.78.0.1
		done
		continue
	fi
	inside nft list table inet filter >/dev/null 2>&1 || fail "$action: nftables.conf's table is not loaded"
	closed "systemctl $action nftables"
done

echo "# stopping the boot unit (an upgrade) keeps the table; restarting it loads it again"
inside systemctl stop portguard-restore.service || fail "stopping portguard-restore failed"
[ "$(inside systemctl is-active portguard-restore.service)" = inactive ] || fail "portguard-restore did not stop"
closed "systemctl stop portguard-restore"
inside systemctl restart portguard-restore.service || fail "restarting portguard-restore failed"
closed "systemctl restart portguard-restore"

echo "# fix again changes nothing"
expect_exit 0 pg fix --quiet --trusted 10.77.0.0/24

echo "# undo: table, drop-in and boot unit gone; nftables.service restarts without portguard"
expect_exit 2 pg undo --quiet
inside nft list table inet portguard >/dev/null 2>&1 && fail "undo left the table"
inside test -e "$dropin" && fail "undo left $dropin"
inside test -e "${dropin%/*}" && fail "undo left the empty ${dropin%/*}"
inside systemctl show -P DropInPaths nftables.service | grep portguard >/dev/null && fail "systemd still uses the drop-in"
inside systemctl restart nftables.service || fail "nftables.service does not restart after undo"
inside nft list table inet portguard >/dev/null 2>&1 && fail "a restart after undo loaded the table"
expect_reachable "$untrusted" udp 10.78.0.1

echo "# a drop-in a package installed, with portguard's file gone: nftables.service starts quietly"
inside mkdir -p /lib/systemd/system/nftables.service.d
inside cp "$SYSTEMD_SANDBOX_SRCDIR/units/nftables.service.d/portguard.conf" /lib/systemd/system/nftables.service.d/
inside systemctl daemon-reload
for action in restart reload stop start; do
	inside systemctl "$action" nftables.service || fail "systemctl $action nftables fails with the packaged drop-in"
done
[ "$(inside systemctl is-active nftables.service)" = active ] || fail "nftables.service is not active with the packaged drop-in"
inside nft list table inet portguard >/dev/null 2>&1 && fail "the packaged drop-in loaded a table from nowhere"
echo "# fix then uses the packaged drop-in, and undo leaves it"
expect_exit 2 pg fix --quiet --trusted 10.77.0.0/24
inside test -e "$dropin" && fail "fix wrote $dropin beside the packaged one"
inside systemctl restart nftables.service
closed "restart with the packaged drop-in"
expect_exit 2 pg undo --quiet
inside test -e /lib/systemd/system/nftables.service.d/portguard.conf || fail "undo removed the packaged drop-in"
finish
