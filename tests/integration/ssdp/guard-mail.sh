#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SSDP restricted without systemd: the real minissdpd in a namespace
# serving a LAN link and a public one (Debian's "eth0" on a hoster's
# machine), an internet gateway registered as miniupnpd does and
# miniupnpd enabled: fix restricts 1900/udp to the LAN it derives (the
# host on the public link gets nothing, the LAN peer its answer), the
# agent puts SSDP's table back after `nft flush ruleset`, undo opens it
# again, and the Shadowserver and CERT-Bund mails are answered with
# SSDP's report.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/ssdp.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"

sandbox_netns server
sandbox_netns lan
sandbox_netns wan
sandbox_link "$server" 10.75.19.1/24 "$lan" 10.75.19.2/24
sandbox_link "$server" 203.0.113.10/24 "$wan" 203.0.113.66/24
lan_if=$(ssdp_interface "$server" 10.75.19.1) wan_if=$(ssdp_interface "$server" 203.0.113.10)
sandbox_empty_root root
mkdir -p "$root/etc/default" "$root/etc/systemd/system/multi-user.target.wants"
printf 'MiniSSDPd_INTERFACE_ADDRESS="%s %s"\nMiniSSDPd_OTHER_OPTIONS=""\n' "$lan_if" "$wan_if" >"$root/etc/default/minissdpd"
ln -s /lib/systemd/system/miniupnpd.service "$root/etc/systemd/system/multi-user.target.wants/miniupnpd.service"
sandbox_minissdpd ssdp_pid "$server" "$lan_if" "$wan_if"
ssdp_register_gateway "$ssdp_pid" 10.75.19.1
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
lan_answered() { [ "$(ssdp_msearch "$lan" 10.75.19.1 | cut -d' ' -f1)" -eq 2 ]; }
wan_answered() { [ "$(ssdp_msearch "$wan" 203.0.113.10 | cut -d' ' -f1)" -eq 2 ]; }
wan_answered || fail "the public link gets no answer before the fix"

echo "# a defaults file that cannot be trusted stops fix with one line, nothing changed"
cp "$root/etc/default/minissdpd" "$root/minissdpd.good"
printf 'MiniSSDPd_INTERFACE_ADDRESS="a b c d e f g h i j k l m n o p q"\n' >"$root/etc/default/minissdpd"
expect_error "/etc/default/minissdpd:1: more than 16 interfaces" pg fix --service ssdp
ip netns exec "$server" nft list tables | contains portguard && fail "a refused fix installed a table"
[ -e "$root/var/lib/portguard/state.json" ] && fail "a refused fix left a record"
wan_answered || fail "a refused fix closed the port"
cp "$root/minissdpd.good" "$root/etc/default/minissdpd"

echo "# fix restricts to the LAN that miniupnpd's peers are on"
json=$(pg fix --service ssdp --json); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $json"
jq -e '.plan.action == "restrict" and .verified and .plan.trusted == ["10.75.19.0/24"] and
	(.consumers | any(.kind == "ssdp-announcer"))' <<<"$json" >/dev/null || fail "fix did not restrict to the LAN: $json"
ip netns exec "$server" nft list table inet portguard | contains "udp dport @ssdp_ports" ||
	fail "no ssdp_ports rule: $(ip netns exec "$server" nft list table inet portguard)"
lan_answered || fail "the LAN peer is no longer answered"
wan_answered && fail "the public link is still answered"
expect_exit 0 ip netns exec "$wan" "$PORTGUARD" probe --service ssdp 203.0.113.10 --timeout 1 --quiet
expect_exit 2 ip netns exec "$lan" "$PORTGUARD" probe --service ssdp 10.75.19.1 --timeout 2 --quiet

echo "# the agent puts SSDP's part of the table back after a flush"
ip netns exec "$server" "$PORTGUARD" watch --root "$root" 2>"$root/watch.log" &
agent=$!
sandbox_pids+=("$agent")
guard_is() { [ "$(guard_field "$root" "$1")" = "$2" ]; }
wait_until 30 guard_is pid "$agent" || fail "the agent did not start: $(cat "$root/watch.log")"
ip netns exec "$server" nft flush ruleset
ssdp_table_back() { ip netns exec "$server" nft list table inet portguard 2>/dev/null | contains "@ssdp_ports"; }
wait_until 30 ssdp_table_back || fail "the agent did not put SSDP's table back: $(cat "$root/watch.log")"
wan_answered && fail "the public link is answered after the repair"
lan_answered || fail "the LAN peer is not answered after the repair"
kill "$agent"; wait "$agent" 2>/dev/null

echo "# undo opens the port again"
expect_exit 2 pg undo --quiet
ip netns exec "$server" nft list tables | contains portguard && fail "undo left the table"
wan_answered || fail "the public link is not answered after undo"

echo "# the mail path: Shadowserver's scan_ssdp and CERT-Bund's SSDP mail, answered with SSDP's report"
for mail in shadowserver-ssdp.eml certbund-ssdp.txt; do
	out=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/$mail" 2>&1); code=$?
	[ "$code" -eq 2 ] || fail "fix with $mail exited $code, expected 2: $out"
	[ "$(jq -r .service "$root/var/lib/portguard/state.json")" = ssdp ] || fail "the fix of $mail is not SSDP's"
	report=$(sed -n 's/^Report: //p' <<<"$out")
	[ -f "$report" ] || fail "no report for $mail: $out"
	words=$(tr -s ' \n' '  ' <"$report")
	for phrase in "Offener SSDP-Dienst" "Open SSDP service" "Der SSDP-Dienst antwortete mit 2 Datagrammen" \
		"The SSDP service answered with 2 datagrams" "Debian/12 UPnP/1.1 MiniUPnPd/2.3.1" \
		"urn:schemas-upnp-org:device:InternetGatewayDevice:1" "A search request (M-SEARCH, ssdp:all) of 94 bytes over UDP was answered with" \
		"trusted network 10.75.19.0/24" "192.0.2.50" "nc -u -w 2 "; do
		contains -F "$phrase" <<<"$words" || fail "the report for $mail lacks '$phrase'"
	done
	contains -F "/tcp" "$report" && fail "the report names TCP for SSDP"
	wan_answered && fail "the public link is answered after the mail's fix"
	expect_exit 2 pg undo --quiet
done
finish
