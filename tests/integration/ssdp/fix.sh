#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fix --service ssdp under a real booted systemd with Debian's
# minissdpd.service serving a LAN link and a public one (Debian's "eth0"
# on a hoster's machine), an internet gateway registered over its socket
# as miniupnpd registers one, a LAN peer and a host on the public link
# (on-link: minissdpd answers it, as a scanner in the hoster's segment).
# Nothing announces through it: fix stops, disables and masks the unit;
# miniupnpd enabled: fix restricts to the LAN on its own, the peer still
# answered. Undo restores each; the raw M-SEARCH judges.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"
. "$TOP_SRCDIR/tests/lib/ssdp.sh"

systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
pg() { inside "$SYSTEMD_SANDBOX_PORTGUARD" "$@"; }
unit_state() { echo "$(inside systemctl show -P ActiveState minissdpd.service) $(inside systemctl show -P UnitFileState minissdpd.service)"; }
lan_answers() { ssdp_msearch "$lan" 10.76.19.1 | cut -d' ' -f1; }
wan_answers() { ssdp_msearch "$wan" 203.0.113.10 | cut -d' ' -f1; }
# minissdpd forgets its services when it stops: miniupnpd registers again.
started_and_registered() {
	for _ in $(seq 100); do
		inside test -S /run/minissdpd.sock && break
		sleep 0.1
	done
	ssdp_register_gateway "$SYSTEMD_SANDBOX_PID" 10.76.19.1 || return 1
	[ "$(lan_answers)" -eq 2 ]
}
inside ip link set lo up
sandbox_netns lan
sandbox_netns wan
systemd_sandbox_link "$lan" 10.76.19.1/24 10.76.19.2/24
systemd_sandbox_link "$wan" 203.0.113.10/24 203.0.113.66/24
lan_if=$(inside ip -o addr show to 10.76.19.1 | awk '{ print $2 }')
wan_if=$(inside ip -o addr show to 203.0.113.10 | awk '{ print $2 }')
inside sh -c "sed 's/^MiniSSDPd_INTERFACE_ADDRESS=.*/MiniSSDPd_INTERFACE_ADDRESS=\"$lan_if $wan_if\"/' \
	/usr/share/minissdpd/minissdpd.default >/etc/default/minissdpd"
# The host's packages may have enabled them; nothing announces until a test says so.
inside systemctl disable miniupnpd.service minidlna.service >/dev/null 2>&1
inside systemctl enable minissdpd.service >/dev/null 2>&1
inside systemctl start minissdpd.service || fail "minissdpd does not start: $(inside systemctl status minissdpd.service)"
started_and_registered || fail "the LAN peer gets no answer from minissdpd"
[ "$(wan_answers)" -eq 2 ] || fail "the public link gets no answer from minissdpd"
before=$(unit_state)

echo "# nothing announces through minissdpd: fix stops, disables and masks it"
json=$(pg fix --service ssdp --json); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $json"
jq -e '.plan.action == "stop" and .verified and .after.exposed == false and (.after.listeners | length) == 0' <<<"$json" >/dev/null ||
	fail "fix did not stop minissdpd: $json"
[ "$(inside systemctl is-enabled minissdpd.service)" = masked ] || fail "minissdpd.service is not masked"
[ "$(wan_answers)" -eq 0 ] || fail "minissdpd still answers the public link after the stop"
expect_exit 0 ip netns exec "$wan" "$PORTGUARD" probe --service ssdp 203.0.113.10 --timeout 1 --quiet
inside sh -c 'grep -q "Open SSDP service" /var/lib/portguard/reports/*.txt' || fail "the report has no SSDP subject"
expect_exit 2 pg undo --quiet
[ "$(unit_state)" = "$before" ] || fail "undo did not restore the unit: $(unit_state), before: $before"
started_and_registered || fail "minissdpd does not answer the LAN again after undo"
[ "$(wan_answers)" -eq 2 ] || fail "minissdpd does not answer the public link again after undo"

echo "# miniupnpd enabled: fix restricts by itself, to the LAN's network"
inside systemctl enable miniupnpd.service >/dev/null 2>&1
json=$(pg fix --service ssdp --json); code=$?
[ "$code" -eq 2 ] || fail "fix with miniupnpd enabled exited $code, expected 2: $json"
jq -e '.plan.action == "restrict" and .verified and .plan.trusted == ["10.76.19.0/24"] and
	(.consumers | any(.kind == "ssdp-announcer"))' <<<"$json" >/dev/null || fail "fix did not restrict to the LAN: $json"
inside nft list table inet portguard | contains ssdp_trusted4 || fail "no ssdp_trusted4 set: $(inside nft list table inet portguard)"
[ "$(unit_state)" = "$before" ] || fail "restrict changed the unit: $(unit_state)"
[ "$(lan_answers)" -eq 2 ] || fail "the trusted LAN peer is no longer answered"
[ "$(wan_answers)" -eq 0 ] || fail "the public link is still answered"
expect_exit 0 ip netns exec "$wan" "$PORTGUARD" probe --service ssdp 203.0.113.10 --timeout 1 --quiet
expect_exit 2 ip netns exec "$lan" "$PORTGUARD" probe --service ssdp 10.76.19.1 --timeout 2 --quiet
expect_exit 2 pg undo --quiet
inside nft list table inet portguard >/dev/null 2>&1 && fail "undo left the table"
[ "$(wan_answers)" -eq 2 ] || fail "the public link is not answered after undo"
finish
