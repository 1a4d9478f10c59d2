#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# SSDP with the real Debian minissdpd in a namespace that has a LAN link
# (private network) and a public one, an internet gateway registered
# over its socket as miniupnpd registers one. check finds its socket as
# ss does and reads what M-SEARCH leaks; a host on the public link
# (on-link, as a hoster's neighbour or a scanner in the segment) gets
# the answer, an off-link scanner never does (minissdpd drops it as "not
# from a LAN"), and `minissdpd -i <lan>`, the owner's own fix, makes it
# not exposed.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/ssdp.sh"

sandbox_netns server
sandbox_netns lan
sandbox_netns wan
sandbox_link "$server" 10.73.19.1/24 "$lan" 10.73.19.2/24
sandbox_link "$server" 203.0.113.10/24 "$wan" 203.0.113.66/24,198.51.100.7/32
lan_if=$(ssdp_interface "$server" 10.73.19.1) wan_if=$(ssdp_interface "$server" 203.0.113.10)
scanner_if=$(ssdp_interface "$wan" 203.0.113.66)
# The off-link scanner is routed over the public link, as through a gateway.
ip -n "$server" route add 198.51.100.7/32 dev "$wan_if"
from_scanner_source() { ip -n "$wan" route replace 203.0.113.10/32 dev "$scanner_if" src "$1"; }
sandbox_empty_root work
root=$work/root
mkdir -p "$root/etc/default" "$root/etc/systemd/system/multi-user.target.wants"
# Debian's file with both links, as "eth0" is on a hoster's machine.
sed "s/^MiniSSDPd_INTERFACE_ADDRESS=.*/MiniSSDPd_INTERFACE_ADDRESS=\"$lan_if $wan_if\"/" /usr/share/minissdpd/minissdpd.default \
	>"$root/etc/default/minissdpd"
ln -s /lib/systemd/system/miniupnpd.service "$root/etc/systemd/system/multi-user.target.wants/miniupnpd.service"
SSDP_LOG=$work/minissdpd.log
sandbox_minissdpd ssdp_pid "$server" "$lan_if" "$wan_if"
line=$(grep -n '^MiniSSDPd_INTERFACE_ADDRESS=' "$root/etc/default/minissdpd" | cut -d: -f1)

echo "# minissdpd answers nothing before a service is registered: check does not ask it, its socket says so"
from_scanner_source 203.0.113.66
[ "$(ssdp_msearch "$wan" 203.0.113.10)" = "0 0" ] || fail "minissdpd answered without a registered service"
json=$(ip netns exec "$server" "$PORTGUARD" check --service ssdp --json --root "$root"); code=$?
[ "$code" -eq 2 ] || fail "check without services exited $code, expected 2 (exposed, as the listeners say): $json"
jq -e '(.ssdp.reachable | not) and .ssdp.status == "not asked" and .ssdp.registered == 0 and .ssdp.datagrams == 0' \
	<<<"$json" >/dev/null || fail "check without services: $(jq -c .ssdp <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service ssdp --root "$root")
contains -F "minissdpd was not asked: its socket lists no registered service, so it answers no M-SEARCH from anyone." \
	<<<"$text" || fail "check's text without services: $text"

echo "# then one datagram a service"
ssdp_register_gateway "$ssdp_pid" 203.0.113.10
read -r count bytes < <(ssdp_msearch "$wan" 203.0.113.10)
[ "$count" -eq 2 ] || fail "the public link got $count replies, expected 2"

echo "# check: the socket ss sees, what M-SEARCH leaks, the LAN that needs it"
json=$(ip netns exec "$server" "$PORTGUARD" check --service ssdp --json --root "$root"); code=$?
[ "$code" -eq 2 ] || fail "check exited $code, expected 2 (exposed): $json"
actual=$(jq -r '.listeners[] | "\(.proto) \(.address) \(.port) \([.owners[].process] | join(","))"' <<<"$json" | sort -u)
expected=$(ip netns exec "$server" ss -Hlun 'sport = :1900' | awk '{ print $4 }' |
	sed -E 's/^\[?([^]]*)\]?:1900$/udp \1 1900 minissdpd/; s/^udp \* /udp 0.0.0.0 /' | sort -u)
[ -n "$expected" ] || fail "ss shows nothing on 1900"
[ "$actual" = "$expected" ] || fail "check's listeners differ from ss:
$(diff <(echo "$expected") <(echo "$actual"))"
# Asked at its public address from that address, minissdpd answers as to a host of that link.
jq -e --argjson bytes "$bytes" '.ssdp.reachable and .ssdp.status == "answered" and .ssdp.address == "203.0.113.10" and
	.ssdp.registered == 2 and .ssdp.datagrams == 2 and .ssdp.request_bytes == 94 and .ssdp.reply_bytes == $bytes and .ssdp.amplification > 8 and
	.ssdp.server == "Debian/12 UPnP/1.1 MiniUPnPd/2.3.1" and
	([.ssdp.services[].st] | sort) == ["upnp:rootdevice", "urn:schemas-upnp-org:device:InternetGatewayDevice:1"] and
	(.ssdp.services | all(.location == "http://203.0.113.10:5000/rootDesc.xml"))' <<<"$json" >/dev/null ||
	fail "check's ssdp answer ($bytes bytes by python): $(jq -c .ssdp <<<"$json")"
jq -e '[.consumers[] | select(.kind == "ssdp-announcer")] | length == 1 and .[0].trusted == ["10.73.19.0/24"] and
	(.[0].evidence | contains("miniupnpd.service is enabled"))' <<<"$json" >/dev/null ||
	fail "miniupnpd is no consumer with the LAN trusted: $(jq -c .consumers <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service ssdp --root "$root")
contains -F "SSDP at 203.0.113.10 answers M-SEARCH ssdp:all with 2 services." <<<"$text" || fail "check's text: $text"
contains -F "/etc/default/minissdpd:$line MiniSSDPd_INTERFACE_ADDRESS=\"$lan_if $wan_if\" lets minissdpd answer the hosts of a public link; an owner may prefer 'minissdpd -i $lan_if'" <<<"$text" ||
	fail "check's text lacks the owner's fix: $text"

echo "# a host on the public link gets the services, the server and the description URL"
json=$(ip netns exec "$wan" "$PORTGUARD" probe --service ssdp 203.0.113.10 --json --timeout 2); code=$?
[ "$code" -eq 2 ] || fail "probe from the public link exited $code, expected 2: $json"
answer=$(jq -c '.. | objects | select(has("udp") and has("services"))' <<<"$json" | head -n 1)
jq -e --argjson bytes "$bytes" '.udp.open and .udp.datagrams == 2 and .udp.request_bytes == 94 and
	.udp.reply_bytes == $bytes and (.services | length) == 2 and .server == "Debian/12 UPnP/1.1 MiniUPnPd/2.3.1"' <<<"$answer" >/dev/null ||
	fail "probe JSON: $json"
text=$(ip netns exec "$wan" "$PORTGUARD" probe --service ssdp 203.0.113.10 --timeout 2)
contains -F "Verdict: OPEN - 203.0.113.10 answers SSDP M-SEARCH on port 1900 from here (2 services)" <<<"$text" ||
	fail "no OPEN verdict: $text"

echo "# an off-link scanner gets nothing: minissdpd drops its M-SEARCH"
from_scanner_source 198.51.100.7
json=$(ip netns exec "$wan" "$PORTGUARD" probe --service ssdp 203.0.113.10 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe from off-link exited $code, expected 0: $json"
[ "$(ssdp_msearch "$wan" 203.0.113.10)" = "0 0" ] || fail "minissdpd answered an off-link source"
contains -F "peer 198.51.100.7:" "$SSDP_LOG" || fail "minissdpd did not log the off-link peer: $(tail -5 "$SSDP_LOG")"

echo "# minissdpd -i the LAN interface: not exposed, the LAN still answered, the public link not"
kill "$ssdp_pid"; wait "$ssdp_pid" 2>/dev/null
sed -i "s/^MiniSSDPd_INTERFACE_ADDRESS=.*/MiniSSDPd_INTERFACE_ADDRESS=\"$lan_if\"/" "$root/etc/default/minissdpd"
sandbox_minissdpd ssdp_pid "$server" "$lan_if"
ssdp_register_gateway "$ssdp_pid" 10.73.19.1
json=$(ip netns exec "$server" "$PORTGUARD" check --service ssdp --json --root "$root"); code=$?
[ "$code" -eq 0 ] || fail "check with -i $lan_if exited $code, expected 0: $json"
jq -e '.ssdp.reachable and .ssdp.address == "10.73.19.1" and .consumers[0].trusted == ["10.73.19.0/24"]' <<<"$json" >/dev/null ||
	fail "check with -i $lan_if: $(jq -c '{ssdp, consumers}' <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service ssdp --root "$root")
contains "Verdict: not exposed" <<<"$text" || fail "no not-exposed verdict: $text"
from_scanner_source 203.0.113.66
[ "$(ssdp_msearch "$wan" 203.0.113.10)" = "0 0" ] || fail "minissdpd still answers the public link"
[ "$(ssdp_msearch "$lan" 10.73.19.1 | cut -d' ' -f1)" -eq 2 ] || fail "minissdpd does not answer its LAN"
expect_exit 0 ip netns exec "$wan" "$PORTGUARD" probe --service ssdp 203.0.113.10 --timeout 1 --quiet

echo "# without minissdpd's socket the count is unknown: the replies still all come, the wait ends when they stop"
nsenter -t "$ssdp_pid" -m rm /run/minissdpd.sock
json=$(ip netns exec "$server" "$PORTGUARD" check --service ssdp --json --root "$root"); code=$?
[ "$code" -eq 0 ] || fail "check without the socket exited $code, expected 0: $json"
jq -e '.ssdp.reachable and .ssdp.registered == null and .ssdp.datagrams == 2 and .ssdp.address == "10.73.19.1"' \
	<<<"$json" >/dev/null || fail "check without the socket: $(jq -c .ssdp <<<"$json")"

echo "# a socket bound to the group 239.255.255.250:1900, as minidlna binds one: no unicast scanner reaches it"
sandbox_netns dlna
sandbox_link "$dlna" 192.0.2.20/24 "$wan" 192.0.2.66/24
sandbox_empty_root dlna_root
sandbox_holder "$dlna" udp 239.255.255.250 1900
[ "$(ip netns exec "$dlna" ss -Hlun 'sport = :1900' | awk '{ print $4 }')" = "239.255.255.250:1900" ] ||
	fail "ss does not show the group socket: $(ip netns exec "$dlna" ss -Hlun)"
json=$(ip netns exec "$dlna" "$PORTGUARD" check --service ssdp --json --root "$dlna_root"); code=$?
[ "$code" -eq 0 ] || fail "check of the group socket exited $code, expected 0 (not exposed): $json"
jq -e '(.exposed | not) and (.listeners | length) == 1 and .listeners[0].address == "239.255.255.250" and
	.listeners[0].scope == "multicast" and (.listeners[0].exposed | not)' <<<"$json" >/dev/null ||
	fail "the group socket is not multicast and unexposed: $(jq -c '{exposed, listeners}' <<<"$json")"
text=$(ip netns exec "$dlna" "$PORTGUARD" check --service ssdp --root "$dlna_root")
contains "Verdict: not exposed" <<<"$text" || fail "no not-exposed verdict for the group socket: $text"
[ "$(ssdp_msearch "$wan" 192.0.2.20)" = "0 0" ] || fail "the group socket answered a unicast M-SEARCH"
finish
