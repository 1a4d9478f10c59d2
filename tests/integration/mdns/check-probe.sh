#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# mDNS with the real Debian avahi-daemon in a namespace that has a LAN
# link (private network) and a public one. check finds its sockets as ss
# does and reads what the DNS-SD questions leak; a host on the public
# link (on-link, as a hoster's neighbour or a scanner in the segment)
# gets the answer, an off-link scanner never does (avahi drops it), and
# allow-interfaces= the LAN interface, the owner's own fix, makes it
# not exposed.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/avahi.sh"

sandbox_netns server
sandbox_netns lan
sandbox_netns wan
sandbox_link "$server" 10.73.18.1/24 "$lan" 10.73.18.2/24
sandbox_link "$server" 203.0.113.10/24 "$wan" 203.0.113.66/24,198.51.100.7/32
veth() { ip -n "$1" -o addr show to "$2" | awk '{ print $2 }'; }
lan_if=$(veth "$server" 10.73.18.1) wan_if=$(veth "$server" 203.0.113.10) scanner_if=$(veth "$wan" 203.0.113.66)
# The off-link scanner is routed over the public link, as through a gateway.
ip -n "$server" route add 198.51.100.7/32 dev "$wan_if"
from_scanner_source() { ip -n "$wan" route replace 203.0.113.10/32 dev "$scanner_if" src "$1"; }
sandbox_empty_root work
root=$work/root
avahi_config "$root/etc/avahi"
cp /usr/share/doc/avahi-daemon/examples/ssh.service "$root/etc/avahi/services/"
sandbox_avahi avahi_pid "$server" "$root/etc/avahi"
mac=$(ip -n "$server" -o link show "$wan_if" | sed -E 's/.*link\/ether ([0-9a-f:]+).*/\1/')

echo "# check: the sockets ss sees, what the questions leak, the LAN that needs it"
json=$(ip netns exec "$server" "$PORTGUARD" check --service mdns --json --root "$root"); code=$?
[ "$code" -eq 2 ] || fail "check exited $code, expected 2 (exposed): $json"
actual=$(jq -r '.listeners[] | "\(.proto) \(.address) \(.port)"' <<<"$json" | sort -u)
expected=$(ip netns exec "$server" ss -Hlun 'sport = :5353' | awk '{ print $4 }' |
	sed -E 's/^\[?([^]]*)\]?:5353$/udp \1 5353/; s/^udp \* /udp 0.0.0.0 /' | sort -u)
[ -n "$expected" ] || fail "ss shows nothing on 5353"
[ "$actual" = "$expected" ] || fail "check's listeners differ from ss:
$(diff <(echo "$expected") <(echo "$actual"))"
# Asked at its public address, avahi names that link's MAC, as a host there sees it.
jq -e --arg mac "$mac" '.mdns.reachable and .mdns.status == "answered" and .mdns.address == "203.0.113.10" and
	.mdns.questions == 3 and .mdns.request_bytes == 120 and .mdns.reply_bytes > 300 and .mdns.amplification > 2.5 and
	(.mdns.service_types | sort) == ["_ssh._tcp.local", "_workstation._tcp.local"] and
	(.mdns.instances | index("pgtest [\($mac)]._workstation._tcp.local") != null) and (.mdns.ports | index(22) != null)' <<<"$json" >/dev/null ||
	fail "check's mdns answer: $(jq -c .mdns <<<"$json")"
jq -e '[.consumers[] | select(.kind == "mdns-published")] | length == 1 and .[0].trusted == ["10.73.18.0/24"] and
	(.[0].evidence | contains("/etc/avahi/services/ssh.service publishes _ssh._tcp (port 22)"))' <<<"$json" >/dev/null ||
	fail "the published service is no consumer with the LAN trusted: $(jq -c .consumers <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service mdns --root "$root")
contains "_workstation._tcp.local" <<<"$text" || fail "check's text does not name the service types: $text"

echo "# a host on the public link gets the service types, the name with the MAC and the ports"
from_scanner_source 203.0.113.66
json=$(ip netns exec "$wan" "$PORTGUARD" probe --service mdns 203.0.113.10 --json --timeout 2); code=$?
[ "$code" -eq 2 ] || fail "probe from the public link exited $code, expected 2: $json"
answer=$(jq -c '.. | objects | select(has("mdns")) | .mdns' <<<"$json" | head -n 1)
jq -e --arg mac "$mac" '.reachable and .address == "203.0.113.10" and .request_bytes == 120 and .reply_bytes > 300 and
	(.instances | any(. == "pgtest [\($mac)]._workstation._tcp.local")) and (.ports | sort) == [9, 22]' <<<"$answer" >/dev/null ||
	fail "probe JSON ($mac): $json"
[ "$(mdns_ask "$wan" 203.0.113.10 203.0.113.66)" != none ] || fail "python's question from the public link got no answer"
text=$(ip netns exec "$wan" "$PORTGUARD" probe --service mdns 203.0.113.10 --timeout 2)
contains "Verdict: OPEN - 203.0.113.10 answers mDNS questions on port 5353 from here: 2 service types" <<<"$text" ||
	fail "no OPEN verdict: $text"

echo "# an off-link scanner gets nothing: avahi drops its question"
from_scanner_source 198.51.100.7
json=$(ip netns exec "$wan" "$PORTGUARD" probe --service mdns 203.0.113.10 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe from off-link exited $code, expected 0: $json"
[ "$(mdns_ask "$wan" 203.0.113.10 198.51.100.7)" = none ] || fail "avahi answered an off-link source"

echo "# allow-interfaces= the LAN interface: not exposed, the LAN still answered, the public link not"
kill "$avahi_pid"; wait "$avahi_pid" 2>/dev/null
sed -i "s/^\[server\]\$/[server]\nallow-interfaces=$lan_if/" "$root/etc/avahi/avahi-daemon.conf"
sandbox_avahi avahi_pid "$server" "$root/etc/avahi"
json=$(ip netns exec "$server" "$PORTGUARD" check --service mdns --json --root "$root"); code=$?
[ "$code" -eq 0 ] || fail "check with allow-interfaces=$lan_if exited $code, expected 0: $json"
jq -e '.consumers[0].trusted == ["10.73.18.0/24"]' <<<"$json" >/dev/null || fail "consumers: $(jq -c .consumers <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service mdns --root "$root")
contains "Verdict: not exposed" <<<"$text" || fail "no not-exposed verdict: $text"
from_scanner_source 203.0.113.66
[ "$(mdns_ask "$wan" 203.0.113.10 203.0.113.66)" = none ] || fail "avahi still answers the public link"
[ "$(mdns_ask "$lan" 10.73.18.1)" != none ] || fail "avahi does not answer its LAN"
expect_exit 0 ip netns exec "$wan" "$PORTGUARD" probe --service mdns 203.0.113.10 --timeout 1 --quiet
finish
