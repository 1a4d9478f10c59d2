#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The real xinetd in a namespace with chargen, echo and daytime enabled:
# check finds its listeners as ss does, asks each port with one newline
# and shows what answered and how much; the enabled internal services
# are notes with the line to change, nothing is a consumer until xinetd
# serves another service; probe --service chargen from a foreign
# namespace agrees with a scanner's own datagrams.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/chargen.sh"

sandbox_netns server
sandbox_netns scanner
sandbox_link "$server" 10.73.19.1/24,fd73:19::1/64 "$scanner" 10.73.19.2/24,fd73:19::2/64
sandbox_empty_root root
xinetd_config "$root/etc/xinetd.conf"
sandbox_xinetd pid "$server" "$root/etc/xinetd.conf"
sandbox_wait_port "$server" udp 13 && sandbox_wait_port "$server" tcp 19 || exit 99

echo "# check: the listeners as ss sees them, each port asked"
json=$(ip netns exec "$server" "$PORTGUARD" check --service chargen --json --root "$root"); code=$?
[ "$code" -eq 2 ] || fail "check of an open xinetd exited $code, expected 2: $json"
actual=$(jq -r '.listeners[] | "\(.proto) \(.address) \(.port) \([.owners[].process] | join(","))"' <<<"$json" | sort)
expected=$( { ip netns exec "$server" ss -Hlnu '( sport = :7 or sport = :13 or sport = :17 or sport = :19 )' | awk '{ print "udp", $4 }'
	ip netns exec "$server" ss -Hlnt '( sport = :7 or sport = :13 or sport = :17 or sport = :19 )' | awk '{ print "tcp", $4 }'; } |
	sed -e 's/^\(...\) \[\(.*\)\]:\([0-9]*\)$/\1 \2 \3 xinetd/' -e 's/^\(...\) \([^ ]*\):\([0-9]*\)$/\1 \2 \3 xinetd/' -e 's/ \* / :: /' | sort)
[ "$actual" = "$expected" ] || fail "listeners differ from ss: ss '$expected', check '$actual'"
[ "$(chargen_ask "$scanner" 10.73.19.1 19)" = 1024 ] || fail "xinetd's chargen does not send 1024 bytes to the scanner"
jq -e '.chargen.reachable and .chargen.request_bytes == 1 and .chargen.reply_bytes == 1024 and
	.chargen.amplification == 1024 and
	(.chargen.ports | map({(.protocol): .status}) | add) ==
		{"chargen": "answered", "qotd": "not asked", "echo": "answered", "daytime": "answered"} and
	(.chargen.ports[] | select(.port == 7) | .reply_bytes == 1 and .amplification == 1) and
	(.chargen.ports[] | select(.port == 13) | .reply_bytes >= 20 and (.sample | test("[0-9]{2}:[0-9]{2}"))) and
	(.chargen.ports[] | select(.port == 19) | .sample | startswith("!\"#$%&"))' <<<"$json" >/dev/null ||
	fail "check's chargen object: $(jq -c .chargen <<<"$json")"
jq -e '(.consumers | length) == 0 and
	(.consumer_notes | any(test("/etc/xinetd.conf:[0-9]+ enables chargen-dgram \\(internal\\); an owner may set .disable = yes. there and reload xinetd"))) and
	(.consumer_notes | any(test("enables the internal service time-dgram, which nothing needs either")))' <<<"$json" >/dev/null ||
	fail "consumers and notes: $(jq -c '{consumers, consumer_notes}' <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service chargen --root "$root")
contains -F "The internal services at 127.0.0.1 answer a 1-byte datagram: chargen 19/udp, echo 7/udp, daytime 13/udp; amplification up to 1024.00x." <<<"$text" ||
	fail "check's text lacks the answer: $text"
contains -F "qotd 17/udp: not asked" <<<"$text" || fail "check's text lacks qotd: $text"

echo "# another service of xinetd is a consumer"
xinetd_config "$root/etc/xinetd.conf" other
json=$(ip netns exec "$server" "$PORTGUARD" check --service chargen --json --root "$root")
jq -e '.consumers | length == 1 and .[0].kind == "xinetd-service" and
	(.[0].evidence | test("^/etc/xinetd.conf:[0-9]+ enables service lab-tftp \\(udp, /bin/true\\)$"))' <<<"$json" >/dev/null ||
	fail "lab-tftp is no consumer: $(jq -c .consumers <<<"$json")"
jq -e '.plan.action == "restrict"' <<<"$json" >/dev/null || fail "plan with a consumer: $(jq -c .plan <<<"$json")"

echo "# probe from the scanner, over IPv4 and IPv6"
for address in 10.73.19.1 fd73:19::1; do
	json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service chargen "$address" --json --timeout 1); code=$?
	[ "$code" -eq 2 ] || fail "probe of the open xinetd at $address exited $code, expected 2"
	jq -e '.verdict == "open" and .port == 19 and .request_bytes == 1 and .reply_bytes == 1024 and .amplification == 1024 and
		(.ports | map({(.protocol): .status}) | add) ==
			{"chargen": "answered", "qotd": "refused", "echo": "answered", "daytime": "answered"}' \
		<<<"$json" >/dev/null || fail "probe $address: $json"
done
[ "$(chargen_ask "$scanner" 10.73.19.1 7)" = 1 ] || fail "xinetd's echo does not answer the scanner"
text=$(ip netns exec "$scanner" "$PORTGUARD" probe --service chargen 10.73.19.1 --timeout 1)
contains -F "Verdict: OPEN - 10.73.19.1 answers one byte from here (chargen 19/udp, echo 7/udp, daytime 13/udp), amplification 1024.00x." <<<"$text" ||
	fail "no OPEN verdict: $text"
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service chargen 10.73.19.1 --port 13 --json --timeout 1)
jq -e '.verdict == "open" and .ports[0].port == 13 and .ports[0].protocol == "daytime"' <<<"$json" >/dev/null ||
	fail "probe --port 13: $json"

echo "# closed: a firewall drops the ports; the scanner's datagrams get nothing either"
ip netns exec "$server" nft -f - <<'RULES' || exit 99
table inet chargen_test {
	chain input { type filter hook input priority 0; policy accept; udp dport { 7, 13, 17, 19 } drop; }
}
RULES
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service chargen 10.73.19.1 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe through the drop exited $code, expected 0"
jq -e '.verdict == "closed" and .reason == "no reply" and .reply_bytes == 0' <<<"$json" >/dev/null || fail "dropped: $json"
[ "$(chargen_ask "$scanner" 10.73.19.1 19)" = silent ] || fail "chargen answered through the drop"
ip netns exec "$server" nft delete table inet chargen_test

echo "# closed: xinetd stopped"
kill "$pid"; wait "$pid" 2>/dev/null
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service chargen 10.73.19.1 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe of a stopped xinetd exited $code, expected 0"
jq -e '.verdict == "closed" and .reason == "port unreachable"' <<<"$json" >/dev/null || fail "stopped: $json"
finish
