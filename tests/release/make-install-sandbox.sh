#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A source install on a booted systemd with rpcbind: `make install` with
# the default prefix, then fix (restrict, then stop) starts the agent
# from /usr/local/sbin, which repairs a flush and an unmask; undo ends
# it; `make uninstall` leaves nothing of portguard's installed, running
# or enabled. Run by tests/release.sh with TOP_SRCDIR and SOURCE_TREE, a
# tree configured with the default prefix and built in place
# (./configure && make), as a user builds a tarball.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
if [ ! -f "$SOURCE_TREE/Makefile" ] || [ ! -x "$SOURCE_TREE/portguard" ]; then
	echo "no built tree at $SOURCE_TREE" >&2
	exit 99
fi
# The sandbox sees the tree's parent where it puts the build tree; make
# install runs in a copy inside, so the overlay takes every write.
TOP_BUILDDIR=${SOURCE_TREE%/*} PORTGUARD=/usr/local/sbin/portguard
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox-peer.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"

systemd_sandbox_boot
# As root's login shell has it: /usr/local/sbin first.
inside() { systemd_sandbox_run env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
tree=/usr/src/portguard
log=$(mktemp)
trap 'systemd_sandbox_shutdown; sandbox_cleanup; rm -f "$log"' EXIT
# What of portguard's is installed or enabled anywhere systemd or a
# source install puts it.
installed() {
	{ inside find /usr/local -name '*portguard*' -o -name nftables.service.d
	  inside find /etc/systemd /lib/systemd/system /usr/lib/systemd/system -name '*portguard*'; } 2>/dev/null | sort
}
agent_active() { [ "$(inside systemctl is-active portguard.service)" = active ]; }
table_back() { inside nft list table inet portguard; }
closed_to_peer() { table_back >/dev/null 2>&1 && ! peer_reaches "$peer" "$host"; }
rpcbind_masked() { [ "$(inside systemctl is-enabled rpcbind.socket)" = masked ] && ! inside ss -H -tuln 'sport = :111' | contains .; }
# fixed_and_guarded OUTPUT: fix said it is guarded and warned of nothing.
fixed_and_guarded() {
	if contains "^portguard: warning" <<<"$1" || ! contains "^Guarded: portguard.service" <<<"$1"; then
		fail "fix warned, or does not say the agent guards the fix: $(grep -E '^(portguard|Done|Guarded)' <<<"$1")"
	fi
	systemd_sandbox_wait_active portguard.service active ||
		fail "portguard.service is not active: $(inside systemctl status portguard.service 2>&1 | tail -n 5)"
}
undo_all() {
	for _ in 1 2 3 4 5 6 7 8; do
		inside portguard undo 2>&1 | contains "^Nothing to undo" && return 0
	done
	fail "undo did not reach 'Nothing to undo'"
}

[ -z "$(installed)" ] || { echo "this host already has portguard files: $(installed)" >&2; exit 99; }
echo "# make install (prefix /usr/local): binary, units, neither enabled nor started"
inside cp -a "$SYSTEMD_SANDBOX_BUILDDIR/${SOURCE_TREE##*/}" "$tree" || exit 99
inside make -C "$tree" install >"$log" 2>&1 || fail "make install failed: $(tail -n 20 "$log")"
inside test -x /usr/local/sbin/portguard || fail "no /usr/local/sbin/portguard"
for unit in portguard.service portguard-restore.service nftables.service.d/portguard.conf; do
	inside test -f "/usr/local/lib/systemd/system/$unit" || fail "make install did not put $unit in /usr/local/lib/systemd/system"
done
for unit in portguard.service portguard-restore.service; do
	[ "$(inside systemctl is-enabled "$unit")" = disabled ] || fail "$unit is not installed, or enabled by make install"
	[ "$(inside systemctl is-active "$unit")" = inactive ] || fail "$unit was started by make install"
done
inside systemctl show -P ExecStart portguard.service | contains "path=/usr/local/sbin/portguard " ||
	fail "portguard.service does not run /usr/local/sbin/portguard: $(inside systemctl show -P ExecStart portguard.service)"

echo "# restrict: fix starts the agent, which puts the table back after a flush"
systemd_sandbox_exposed_host
host=$exposed_address
out=$(inside portguard fix --trusted 10.77.0.0/24 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $out"
fixed_and_guarded "$out"
closed_to_peer || fail "the peer reaches rpcbind after fix"
inside nft flush ruleset
wait_until 20 closed_to_peer || fail "the agent did not put the table back after the flush"
undo_all
agent_active && fail "portguard.service still runs after undo"
table_back >/dev/null 2>&1 && fail "undo left the table"
peer_reaches "$peer" "$host" || fail "undo did not open port 111 again"

echo "# stop: fix starts the agent, which stops rpcbind again after an unmask"
inside systemctl disable --now pg-consumer.service >/dev/null 2>&1
out=$(inside portguard fix 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $out"
contains "^Done: rpcbind is stopped" <<<"$out" || fail "fix did not stop rpcbind: $out"
fixed_and_guarded "$out"
inside systemctl unmask rpcbind.socket rpcbind.service >/dev/null 2>&1
inside systemctl start rpcbind.socket || fail "rpcbind.socket does not start again"
wait_until 20 rpcbind_masked || fail "the agent did not stop and mask rpcbind again: $(inside systemctl is-enabled rpcbind.socket)"
undo_all
agent_active && fail "portguard.service still runs after undo"
[ "$(inside systemctl is-enabled rpcbind.socket)" = enabled ] || fail "undo did not give rpcbind.socket back"

echo "# make uninstall: nothing of portguard's installed, running or enabled"
inside make -C "$tree" uninstall >"$log" 2>&1 || fail "make uninstall failed: $(tail -n 20 "$log")"
inside systemctl daemon-reload
[ -z "$(installed)" ] || fail "make uninstall left: $(installed)"
[ -z "$(inside systemctl list-unit-files --no-legend 'portguard*')" ] ||
	fail "systemd still has portguard's unit files: $(inside systemctl list-unit-files --no-legend 'portguard*')"
for unit in portguard.service portguard-restore.service; do
	[ "$(inside systemctl is-active "$unit")" = active ] && fail "$unit is still active"
done
inside pgrep -x portguard >/dev/null && fail "a portguard process still runs: $(inside pgrep -ax portguard)"
table_back >/dev/null 2>&1 && fail "table inet portguard is still loaded"
finish
