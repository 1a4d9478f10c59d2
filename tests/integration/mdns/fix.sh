#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fix --service mdns under a real booted systemd with Debian's
# avahi-daemon (socket and service unit, D-Bus), a LAN peer on a private
# network and a host on the public link (on-link: avahi answers it, as a
# scanner in the hoster's segment): nothing needs avahi, so fix stops,
# disables and masks both units; --mode restrict --trusted the LAN keeps
# the peer answered and closes the public link; a published service
# makes fix restrict on its own, the LAN derived. Undo restores each.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"
. "$TOP_SRCDIR/tests/lib/avahi.sh"

systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
pg() { inside "$SYSTEMD_SANDBOX_PORTGUARD" "$@"; }
units() {
	local unit
	for unit in avahi-daemon.socket avahi-daemon.service; do
		echo "$unit $(inside systemctl show -P ActiveState "$unit") $(inside systemctl show -P UnitFileState "$unit")"
	done
}
# Until NS gets an answer from ADDRESS (avahi starts, announces itself).
answered_soon() {
	for _ in $(seq 60); do
		[ "$(mdns_ask "$1" "$2")" != none ] && return 0
		sleep 0.5
	done
	return 1
}
inside ip link set lo up
sandbox_netns lan
sandbox_netns wan
systemd_sandbox_link "$lan" 10.74.18.1/24 10.74.18.2/24
systemd_sandbox_link "$wan" 203.0.113.10/24 203.0.113.66/24
# Debian publishes nothing by default and then has nothing to answer the
# scanners' question with; the workstation is what scan_mdns reports.
inside sed -i 's/^publish-workstation=.*/publish-workstation=yes/' /etc/avahi/avahi-daemon.conf
inside systemctl enable avahi-daemon.socket avahi-daemon.service >/dev/null 2>&1
inside systemctl start avahi-daemon.service || fail "avahi-daemon does not start"
answered_soon "$lan" 10.74.18.1 || fail "the LAN peer gets no answer from avahi"
answered_soon "$wan" 203.0.113.10 || fail "the public link gets no answer from avahi"
before=$(units)

echo "# nothing needs avahi: fix stops, disables and masks both units"
json=$(pg fix --service mdns --json); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $json"
jq -e '.plan.action == "stop" and .verified and .after.exposed == false and (.after.listeners | length) == 0' <<<"$json" >/dev/null ||
	fail "fix did not stop avahi: $json"
[ "$(inside systemctl is-enabled avahi-daemon.socket)" = masked ] || fail "avahi-daemon.socket is not masked"
[ "$(inside systemctl is-enabled avahi-daemon.service)" = masked ] || fail "avahi-daemon.service is not masked"
[ "$(mdns_ask "$wan" 203.0.113.10)" = none ] || fail "avahi still answers after the stop"
expect_exit 0 ip netns exec "$wan" "$PORTGUARD" probe --service mdns 203.0.113.10 --timeout 1 --quiet
inside sh -c 'grep -q "Open mDNS service" /var/lib/portguard/reports/*.txt' || fail "the report has no mDNS subject"
expect_exit 2 pg undo --quiet
[ "$(units)" = "$before" ] || fail "undo did not restore the units: $(units)"
answered_soon "$wan" 203.0.113.10 || fail "avahi does not answer again after undo"

echo "# --mode restrict --trusted the LAN: the peer answered, the public link not"
json=$(pg fix --service mdns --mode restrict --trusted 10.74.18.0/24 --json); code=$?
[ "$code" -eq 2 ] || fail "fix --mode restrict exited $code, expected 2: $json"
jq -e '.plan.action == "restrict" and .verified and .plan.trusted == ["10.74.18.0/24"]' <<<"$json" >/dev/null ||
	fail "fix did not restrict: $json"
inside nft list table inet portguard | contains mdns_trusted4 || fail "no mdns_trusted4 set: $(inside nft list table inet portguard)"
[ "$(units)" = "$before" ] || fail "restrict changed the units: $(units)"
[ "$(mdns_ask "$lan" 10.74.18.1)" != none ] || fail "the trusted LAN peer is no longer answered"
[ "$(mdns_ask "$wan" 203.0.113.10)" = none ] || fail "the public link is still answered"
expect_exit 0 ip netns exec "$wan" "$PORTGUARD" probe --service mdns 203.0.113.10 --timeout 1 --quiet
expect_exit 2 ip netns exec "$lan" "$PORTGUARD" probe --service mdns 10.74.18.1 --timeout 2 --quiet
expect_exit 2 pg undo --quiet
inside nft list table inet portguard >/dev/null 2>&1 && fail "undo left the table"
[ "$(mdns_ask "$wan" 203.0.113.10)" != none ] || fail "the public link is not answered after undo"

echo "# a published service: fix restricts by itself, to the LAN's network"
inside cp /usr/share/doc/avahi-daemon/examples/ssh.service /etc/avahi/services/
inside systemctl reload avahi-daemon.service
json=$(pg fix --service mdns --json); code=$?
[ "$code" -eq 2 ] || fail "fix with a published service exited $code, expected 2: $json"
jq -e '.plan.action == "restrict" and .verified and .plan.trusted == ["10.74.18.0/24"] and
	(.consumers | any(.kind == "mdns-published"))' <<<"$json" >/dev/null || fail "fix did not restrict to the LAN: $json"
[ "$(mdns_ask "$lan" 10.74.18.1)" != none ] || fail "the LAN peer is no longer answered"
[ "$(mdns_ask "$wan" 203.0.113.10)" = none ] || fail "the public link is still answered"
expect_exit 2 pg undo --quiet
[ "$(units)" = "$before" ] || fail "undo changed the units: $(units)"
finish
