#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# WS-Discovery with the real Debian wsdd in a namespace that has a LAN
# link (private network) and a public one, whose neighbour is also the
# router to an off-link scanner. check finds wsdd's sockets as ss does
# and reads what the ProbeMatches leak; wsdd answers no unicast Probe
# from anyone, only one to 239.255.255.250, so a host on the public link
# gets the answer and the off-link scanner never does; with
# WSDD_PARAMS="-i <lan>", the owner's own fix, it is not exposed.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/wsd.sh"

sandbox_netns server
sandbox_netns lan
sandbox_link "$server" 10.76.19.1/24 "$lan" 10.76.19.2/24
sandbox_off_link "$server" 203.0.113.10 198.51.100.7
lan_if=$(wsd_interface "$server" 10.76.19.1) wan_if=$(wsd_interface "$server" 203.0.113.10)
sandbox_empty_root work
root=$work/root
mkdir -p "$root/etc/samba" "$root/etc/default" "$root/proc/4711"
printf '[global]\n   workgroup = PGGROUP\n   hosts allow = 127. 10.76.19.0/24\n[data]\n   path = /srv/data\n' >"$root/etc/samba/smb.conf"
printf 'WSDD_PARAMS=""\n' >"$root/etc/default/wsdd"
echo smbd >"$root/proc/4711/comm"
WSD_LOG=$work/wsdd.log
sandbox_wsdd wsdd_pid "$server" "$lan_if" "$wan_if"

echo "# the raw client: no unicast Probe is answered, a Probe to the group on either link is, twice"
[ "$(wsd_probe "$router" 203.0.113.10)" = "0 0" ] || fail "wsdd answered a unicast Probe from its public link"
[ "$(wsd_probe "$lan" 10.76.19.1)" = "0 0" ] || fail "wsdd answered a unicast Probe from its LAN"
read -r count bytes < <(wsd_probe "$router" 203.0.113.10 group)
[ "$count" -eq 2 ] || fail "the public link got $count ProbeMatches, expected 2"
[ "$(wsd_probe "$lan" 10.76.19.1 group | cut -d' ' -f1)" -eq 2 ] || fail "the LAN got no ProbeMatches"

echo "# check: the sockets ss sees, what the ProbeMatches leak, the LAN that needs it"
json=$(ip netns exec "$server" "$PORTGUARD" check --service wsd --json --root "$root"); code=$?
[ "$code" -eq 2 ] || fail "check exited $code, expected 2 (exposed): $json"
actual=$(jq -r '.listeners[] | "\(.proto) \(.address) \(.port) \([.owners[].process] | join(","))"' <<<"$json" | sort -u)
expected=$(ip netns exec "$server" ss -Hlun 'sport = :3702' | awk '{ print $4 }' |
	sed -E 's/^\[?([^]%]*)(%[^]]*)?\]?:3702$/udp \1 3702 python3/' | sort -u)
[ -n "$expected" ] || fail "ss shows nothing on 3702"
[ "$actual" = "$expected" ] || fail "check's listeners differ from ss:
$(diff <(echo "$expected") <(echo "$actual"))"
jq -e '.wsd.reachable and .wsd.status == "answered" and .wsd.unicast.status == "no reply" and
	.wsd.multicast.status == "answered" and .wsd.datagrams == 2 and .wsd.public_link and
	.wsd.public_address == "203.0.113.10" and .wsd.request_bytes == 624 and .wsd.amplification > 3.5 and
	(.wsd.endpoint | startswith("urn:uuid:")) and .wsd.types == "wsdp:Device pub:Computer"' <<<"$json" >/dev/null ||
	fail "check's wsd answer: $(jq -c .wsd <<<"$json")"
jq -e '[.consumers[] | select(.kind == "wsd-windows-clients")] | length == 1 and .[0].trusted == ["10.76.19.0/24"]' \
	<<<"$json" >/dev/null || fail "the file server's clients are no consumer with the LAN trusted: $(jq -c .consumers <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service wsd --root "$root")
contains -F "answers a Probe to 239.255.255.250 only: the hosts of its links, never an off-link scanner; it serves a public link, at 203.0.113.10." \
	<<<"$text" || fail "check's text: $text"
contains -F 'an owner may prefer WSDD_PARAMS="-i <lan interface>" in /etc/default/wsdd' <<<"$text" ||
	fail "check's text lacks the owner's fix: $text"

echo "# a host on the public link: probe answered through the group"
json=$(ip netns exec "$router" "$PORTGUARD" probe --service wsd 203.0.113.10 --json --timeout 1); code=$?
[ "$code" -eq 2 ] || fail "probe from the public link exited $code, expected 2: $json"
jq -e '.verdict == "open"' <<<"$json" >/dev/null || fail "probe from the public link: $json"
answer=$(jq -c '.. | objects | select(has("udp"))' <<<"$json" | head -n 1)
jq -e '.udp.open and .udp.unicast.status == "no reply" and .udp.multicast.datagrams == 2 and .udp.request_bytes == 624' \
	<<<"$answer" >/dev/null || fail "probe JSON: $json"
text=$(ip netns exec "$router" "$PORTGUARD" probe --service wsd 203.0.113.10 --timeout 1)
contains -F "Verdict: OPEN - 203.0.113.10 answers a WS-Discovery Probe on port 3702 from here (to the group, as a host of its link)" \
	<<<"$text" || fail "no OPEN verdict: $text"

echo "# the off-link scanner gets nothing, neither unicast nor through its own link's group"
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service wsd 203.0.113.10 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe from off-link exited $code, expected 0: $json"
[ "$(wsd_probe "$scanner" 203.0.113.10)" = "0 0" ] || fail "wsdd answered the off-link scanner"

echo "# WSDD_PARAMS=\"-i <lan>\": not exposed, the LAN still answered, the public link not"
kill "$wsdd_pid"; wait "$wsdd_pid" 2>/dev/null
printf 'WSDD_PARAMS="-i %s"\n' "$lan_if" >"$root/etc/default/wsdd"
sandbox_wsdd wsdd_pid "$server" "$lan_if"
json=$(ip netns exec "$server" "$PORTGUARD" check --service wsd --json --root "$root"); code=$?
[ "$code" -eq 0 ] || fail "check with -i $lan_if exited $code, expected 0: $(jq -c '{exposed, wsd}' <<<"$json")"
jq -e '.wsd.reachable and .wsd.address == "10.76.19.1" and (.wsd.public_link | not)' <<<"$json" >/dev/null ||
	fail "check with -i $lan_if: $(jq -c .wsd <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service wsd --root "$root")
contains "Verdict: not exposed" <<<"$text" || fail "no not-exposed verdict: $text"
[ "$(wsd_probe "$router" 203.0.113.10 group)" = "0 0" ] || fail "wsdd still answers the public link"
[ "$(wsd_probe "$lan" 10.76.19.1 group | cut -d' ' -f1)" -eq 2 ] || fail "wsdd does not answer its LAN"
finish
