#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The Debian package on a booted systemd with rpcbind: install, fix,
# reinstall and upgrade with port 111 closed to a peer throughout (a
# prober runs during every dpkg call), remove (closed, at boot too, and
# it says how to undo), install again and undo, purge (portguard's files
# gone, rpcbind's units untouched). Run by tests/release.sh with
# PACKAGES (a directory holding portguard_$OLD_VERSION_*.deb and
# portguard_$NEW_VERSION_*.deb), OLD_VERSION, NEW_VERSION and TOP_SRCDIR.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
# The sandbox sees the package directory where it puts the build tree.
TOP_BUILDDIR=$PACKAGES PORTGUARD=/usr/sbin/portguard
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox-peer.sh"

old=$(cd "$PACKAGES" && ls portguard_"$OLD_VERSION"_*.deb) || exit 99
new=$(cd "$PACKAGES" && ls portguard_"$NEW_VERSION"_*.deb) || exit 99
systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
dpkg_inside() { inside env DEBIAN_FRONTEND=noninteractive "$@"; }
# A policy-rc.d on the host (install-deps.sh puts one there while it
# installs) would keep the maintainer scripts from stopping or restarting
# any unit, and so hide what the package does. Removed in the sandbox's
# overlay only.
inside rm -f /usr/sbin/policy-rc.d
# Something needs rpcbind, so fix restricts: the case that depends on
# portguard's units and files staying in place.
systemd_sandbox_exposed_host
host=$exposed_address trusted=10.77.0.0/24

# during OPEN|CLOSED COMMAND...: runs COMMAND while the peer asks port
# 111 ten times a second (tests/helpers/rpc_prober, which does not wait
# for answers); CLOSED fails when one call got an answer, OPEN when half
# of them or more got none. Either fails when the peer asked fewer than 3 times or less
# often than every 0.3 s on average (a third of its rate, for a loaded
# machine): rpcinfo, which waits seconds for an answer that does not
# come, looked only every 3 s. The output goes to $output.
output=$(mktemp)
trap 'systemd_sandbox_shutdown; sandbox_cleanup; rm -f "$output"' EXIT
during() {
	local expected=$1 code start milliseconds counts sent answered; shift
	peer_prober_start "$peer" "$host"
	start=$(date +%s%N)
	"$@" >"$output" 2>&1; code=$?
	milliseconds=$((($(date +%s%N) - start) / 1000000))
	peer_prober_stop counts
	read -r sent answered <<<"$counts"
	[ "$code" -eq 0 ] || fail "'$*' exited $code: $(cat "$output")"
	if [ "$sent" -lt 3 ] || [ "$sent" -lt $((milliseconds / 300)) ]; then
		fail "the peer asked port 111 only $sent times in the $milliseconds ms of '$*'"
	elif [ "$expected" = CLOSED ] && [ "$answered" -ne 0 ]; then
		fail "port 111 answered $answered of the peer's $sent calls during '$*'"
	elif [ "$expected" = OPEN ] && [ $((answered * 2)) -le "$sent" ]; then
		fail "port 111 answered only $answered of the peer's $sent calls during '$*'"
	else
		echo "ok: port 111 $expected during the $milliseconds ms of '$*': $answered of $sent calls answered"
	fi
}
closed_during() { during CLOSED "$@"; }

# closed_now WHAT: the table is loaded, the peer gets nothing, portguard agrees.
closed_now() {
	inside nft list table inet portguard >/dev/null 2>&1 || fail "$1: table inet portguard is gone"
	peer_reaches "$peer" "$host" && fail "$1: the peer reaches rpcbind"
	[ "$(inside systemctl is-enabled portguard-restore.service)" = enabled ] ||
		fail "$1: portguard-restore.service is not enabled"
}

echo "# install: binary, man pages, completion, units neither enabled nor started, conffile"
# The prober that sees port 111 closed below sees it open here.
during OPEN dpkg_inside dpkg -i "$SYSTEMD_SANDBOX_BUILDDIR/$old"
inside test -x /usr/sbin/portguard || fail "no /usr/sbin/portguard"
inside man -w portguard >/dev/null 2>&1 || inside test -e /usr/share/man/man8/portguard.8.gz || fail "no portguard(8)"
inside test -e /usr/share/man/man5/portguard.conf.5.gz || fail "no portguard.conf(5)"
completions=$(inside pkg-config --variable=completionsdir bash-completion)
inside test -e "$completions/portguard" || fail "no bash completion in $completions"
inside dpkg-query -W -f='${Conffiles}\n' portguard | contains /etc/portguard/portguard.conf ||
	fail "/etc/portguard/portguard.conf is not a conffile"
inside grep -q '^#mode = auto' /etc/portguard/portguard.conf || fail "the conffile lacks the commented defaults"
for unit in $(cd "$TOP_SRCDIR/units" && ls ./*.service ./*.service.in); do
	unit=${unit#./} unit=${unit%.in}
	inside test -e "/lib/systemd/system/$unit" || fail "units/$unit is not in the package"
	[ "$(inside systemctl is-enabled "$unit")" = disabled ] || fail "$unit is enabled by the package"
	[ "$(inside systemctl is-active "$unit")" = inactive ] || fail "$unit was started by the package"
done
peer_reaches "$peer" "$host" || fail "installing the package changed port 111"

echo "# fix closes port 111 to the untrusted peer"
out=$(inside portguard fix --trusted "$trusted" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $out"
inside test -e /etc/systemd/system/portguard-restore.service &&
	fail "fix wrote its own boot unit although the package installed one"
inside test -e /etc/systemd/system/nftables.service.d/portguard.conf &&
	fail "fix wrote its own nftables.service drop-in although the package installed one"
# As after a boot: the boot unit has run, so a restart by the package would show.
inside systemctl start portguard-restore.service || fail "portguard-restore.service does not start"
systemd_sandbox_wait_active portguard.service active || fail "fix did not start the agent"
closed_now "after fix"
expect_exit 0 inside portguard check --trusted "$trusted" --quiet

echo "# reinstall and upgrade: the port stays closed throughout"
# A restart deletes the table and loads it again: too quick for the peer
# to see, but it shows in when the unit last started.
started=$(inside systemctl show -P ActiveEnterTimestampMonotonic portguard-restore.service)
closed_during dpkg_inside dpkg -i "$SYSTEMD_SANDBOX_BUILDDIR/$old"
closed_now "after the reinstall"
closed_during dpkg_inside dpkg -i "$SYSTEMD_SANDBOX_BUILDDIR/$new"
closed_now "after the upgrade to $NEW_VERSION"
[ "$(inside dpkg-query -W -f='${Version}' portguard)" = "$NEW_VERSION" ] || fail "the upgrade did not happen"
[ "$(inside systemctl is-active portguard-restore.service)" = active ] || fail "the upgrade stopped the boot unit"
[ "$(inside systemctl show -P ActiveEnterTimestampMonotonic portguard-restore.service)" = "$started" ] ||
	fail "the reinstall or the upgrade restarted the boot unit"
expect_exit 0 inside portguard fix --trusted "$trusted" --quiet

echo "# remove: still closed, at boot too, and it says how to undo"
closed_during dpkg_inside dpkg -r portguard
grep -q "portguard undo" "$output" || fail "the removal does not say how to undo: $(cat "$output")"
inside test -e /usr/sbin/portguard && fail "the removal left the binary"
systemd_sandbox_wait_active portguard.service inactive || fail "the removal left the agent running"
closed_now "after the removal"
inside systemctl daemon-reload
inside nft delete table inet portguard
inside systemctl restart portguard-restore.service || fail "after the removal, the boot unit no longer loads the rules"
closed_now "after the removal, rules loaded as at boot"
# nftables.service flushes the whole ruleset; the kept drop-in loads it again.
inside systemctl restart nftables.service || fail "nftables.service does not restart"
closed_now "after the removal and a firewall restart"

echo "# install again: the package's unit takes over, undo opens the port again"
dpkg_inside dpkg -i "$SYSTEMD_SANDBOX_BUILDDIR/$new" >/dev/null || fail "dpkg -i after the removal failed"
inside test -e /etc/systemd/system/portguard-restore.service && fail "the copy kept at removal is still there"
inside test -e /etc/systemd/system/nftables.service.d/portguard.conf && fail "the drop-in kept at removal is still there"
closed_now "after installing again"
systemd_sandbox_undo_all
peer_reaches "$peer" "$host" || fail "undo did not open port 111 again"

echo "# purge after a stop: portguard's files go, rpcbind's units stay masked"
inside systemctl disable --now pg-consumer.service >/dev/null 2>&1
expect_exit 2 inside portguard fix --quiet
masks=$(systemd_sandbox_units_snapshot rpcbind.socket rpcbind.service)
grep -q "rpcbind.socket -> /dev/null" <<<"$masks" || fail "fix did not mask rpcbind.socket: $masks"
dpkg_inside dpkg -P portguard >/dev/null 2>&1 || fail "dpkg -P failed"
for path in /etc/portguard /var/lib/portguard /usr/sbin/portguard /lib/systemd/system/portguard-restore.service \
	/etc/systemd/system/portguard-restore.service /etc/systemd/system/nftables.service.d/portguard.conf; do
	inside test -e "$path" && fail "purge left $path"
done
[ "$(systemd_sandbox_units_snapshot rpcbind.socket rpcbind.service)" = "$masks" ] || fail "purge changed rpcbind's units"
peer_reaches "$peer" "$host" && fail "purge reopened port 111"
finish
