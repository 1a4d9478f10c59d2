#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The real unbound in a namespace, asked as the scanners ask: with
# access-control 0.0.0.0/0 allow it recurses for a foreign namespace
# (dig +recurse gets SERVFAIL with RA: it tried, and a namespace has no
# upstream), and check and probe --service dns agree with dig; with its
# default access-control it refuses the stranger (REFUSED), and probe
# calls it closed. check reads unbound.conf below --root: an auth-zone
# makes the plan explain, the networks it lets recurse are trusted.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/dns.sh"

sandbox_netns server
sandbox_netns scanner
sandbox_link "$server" 10.77.53.1/24 "$scanner" 10.77.53.2/24
sandbox_empty_root dir
sandbox_empty_root root
sandbox_unbound pid "$server" "$dir" $'\taccess-control: 0.0.0.0/0 allow'
mkdir -p "$root/etc/unbound"
cp "$dir/unbound.conf" "$root/etc/unbound/unbound.conf"

echo "# dig from the scanner: an open resolver"
said=$(dig_recurse "$scanner" 10.77.53.1) || fail "dig from the scanner got no recursion: $said"
contains 'status: SERVFAIL' <<<"$said" || fail "dig: $said"

echo "# check: the listeners as ss sees them, the answer, the plan"
json=$(ip netns exec "$server" "$PORTGUARD" check --service dns --json --root "$root"); code=$?
[ "$code" -eq 2 ] || fail "check of an open unbound exited $code, expected 2"
actual=$(jq -r '.listeners[] | "\(.proto) \(.address) \(.port)"' <<<"$json" | sort)
expected=$( { ip netns exec "$server" ss -Hlnu 'sport = :53' | awk '{ print "udp", $4 }';
	ip netns exec "$server" ss -Hlnt 'sport = :53' | awk '{ print "tcp", $4 }'; } | sed 's/:53$/ 53/' | sort)
[ -n "$expected" ] && [ "$actual" = "$expected" ] || fail "listeners differ from ss: ss '$expected', check '$actual'"
jq -e '[.listeners[] | .owners[0].process] | all(. == "unbound")' <<<"$json" >/dev/null ||
	fail "owners: $(jq -c .listeners <<<"$json")"
# the probe's query is 45 bytes; unbound's SERVFAIL echoes it
jq -e '.dns.reachable and .dns.recursion and .dns.rcode == "SERVFAIL" and .dns.recursion_available and
	.dns.query_reply_bytes == 45 and .dns.any.status == "answered" and .dns.any.request_bytes == 17 and
	.dns.amplification >= 1' <<<"$json" >/dev/null || fail "check's dns object: $(jq -c .dns <<<"$json")"
echo "amplification measured in the namespace: $(jq .dns.amplification <<<"$json") ($(jq .dns.reply_bytes <<<"$json") bytes to $(jq .dns.request_bytes <<<"$json"))"
jq -e '.plan.action == "restrict" and .plan.trusted == [] and .consumers == [] and
	(.consumer_notes | any(test("unbound.conf:[0-9]+: access-control: 0.0.0.0/0 allow lets every address recurse")))' \
	<<<"$json" >/dev/null || fail "plan: $(jq -c '{plan, consumers, consumer_notes}' <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service dns --root "$root" 2>&1)
contains -F 'Recursive query A portguard-probe.example.com (45 bytes): answered, SERVFAIL, RA, 0 answers' <<<"$text" ||
	fail "check's text: $text"

echo "# probe from the scanner"
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service dns 10.77.53.1 --json --timeout 2); code=$?
[ "$code" -eq 2 ] || fail "probe of the open resolver exited $code, expected 2"
jq -e '.verdict == "open" and .port == 53 and .udp.open and .udp.rcode == "SERVFAIL"' <<<"$json" >/dev/null || fail "probe: $json"
text=$(ip netns exec "$scanner" "$PORTGUARD" probe --service dns 10.77.53.1 --timeout 2)
contains '^Verdict: OPEN - 10.77.53.1 resolves a name of a foreign domain' <<<"$text" || fail "no OPEN verdict: $text"

echo "# an auth-zone in the configuration: the plan explains, with the line"
printf 'auth-zone:\n\tname: "example.org"\n\tzonefile: "/var/lib/unbound/example.org.zone"\n' >>"$root/etc/unbound/unbound.conf"
json=$(ip netns exec "$server" "$PORTGUARD" check --service dns --json --root "$root"); code=$?
[ "$code" -eq 2 ] || fail "check with an auth-zone exited $code, expected 2"
jq -e '.plan.action == "explain" and .plan.steps == [] and
	(.plan.reason | test("unbound.conf:[0-9]+ serves auth-zone: example.org to the world.*change /etc/unbound/unbound.conf:[0-9]+: access-control: 0.0.0.0/0 allow to \"access-control: 0.0.0.0/0 refuse\""))' \
	<<<"$json" >/dev/null || fail "explain: $(jq -c .plan <<<"$json")"

echo "# unbound's default access-control: the stranger is refused, probe says closed"
kill "$pid"; wait "$pid" 2>/dev/null
sandbox_unbound pid "$server" "$dir" ""
said=$(dig_recurse "$scanner" 10.77.53.1) && fail "dig got recursion from a default unbound: $said"
contains 'status: REFUSED' <<<"$said" || fail "dig: $said"
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service dns 10.77.53.1 --json --timeout 2); code=$?
[ "$code" -eq 0 ] || fail "probe of a refusing unbound exited $code, expected 0: $json"
jq -e '.verdict == "closed" and .udp.rcode == "REFUSED" and (.reason | contains("REFUSED"))' <<<"$json" >/dev/null ||
	fail "refused: $json"
cp "$dir/unbound.conf" "$root/etc/unbound/unbound.conf"
json=$(ip netns exec "$server" "$PORTGUARD" check --service dns --json --root "$root"); code=$?
[ "$code" -eq 0 ] || fail "check of a default unbound exited $code, expected 0: $(jq -c '{plan, dns}' <<<"$json")"
jq -e '.plan.action == "none"' <<<"$json" >/dev/null || fail "default unbound: $(jq -c .plan <<<"$json")"

echo "# closed: nothing on 53 (port unreachable)"
kill "$pid"; wait "$pid" 2>/dev/null
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service dns 10.77.53.1 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe of a stopped unbound exited $code, expected 0"
jq -e '.verdict == "closed" and .reason == "port unreachable"' <<<"$json" >/dev/null || fail "stopped: $json"
finish
