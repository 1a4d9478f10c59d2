#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The real snmpd in a namespace: check finds its listeners as ss does,
# asks it as the scanners do (v1 and v2c, community public) and shows
# what leaks; probe --service snmp from a foreign namespace agrees with
# snmpget; Debian's loopback-only agentaddress is not exposed.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/snmpd.sh"

sandbox_netns server
sandbox_netns scanner
sandbox_link "$server" 10.72.18.1/24,fd72::1/64 "$scanner" 10.72.18.2/24,fd72::2/64
sandbox_empty_root work
sandbox_empty_root root
mkdir -p "$root/etc/snmp"

echo "# Debian's default: agentaddress 127.0.0.1,[::1] is not exposed"
snmp_config "$work/default.conf" '127.0.0.1,[::1]'
cp "$work/default.conf" "$root/etc/snmp/snmpd.conf"
sandbox_snmpd pid "$server" "$work/default.conf" "$work"
json=$(ip netns exec "$server" "$PORTGUARD" check --service snmp --json --root "$root"); code=$?
[ "$code" -eq 0 ] || fail "check of a loopback snmpd exited $code, expected 0"
jq -e '.snmp.reachable and .snmp.address == "127.0.0.1" and (.snmp.sysdescr | startswith("Linux")) and
	.plan.action == "none"' <<<"$json" >/dev/null || fail "loopback snmpd: $(jq -c '{snmp, plan}' <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service snmp --root "$root")
contains -F "agentaddress 127.0.0.1,[::1] binds loopback only" <<<"$text" || fail "no loopback note: $text"
code=0; ip netns exec "$scanner" "$PORTGUARD" probe --service snmp 10.72.18.1 --timeout 1 --quiet || code=$?
[ "$code" -eq 0 ] || fail "probe of a loopback snmpd exited $code, expected 0"
kill "$pid"; wait "$pid" 2>/dev/null

echo "# exposed: agentaddress udp:161,udp6:[::]:161 with rocommunity public default"
snmp_config "$work/open.conf" 'udp:161,udp6:[::]:161'
cp "$work/open.conf" "$root/etc/snmp/snmpd.conf"
sandbox_snmpd pid "$server" "$work/open.conf" "$work"
json=$(ip netns exec "$server" "$PORTGUARD" check --service snmp --json --root "$root"); code=$?
[ "$code" -eq 2 ] || fail "check of an open snmpd exited $code, expected 2"
actual=$(jq -r '.listeners[] | "\(.address) \(.port)"' <<<"$json" | sort)
expected=$(ip netns exec "$server" ss -Hlnu 'sport = :161' | awk '{ a = $4; sub(/:161$/, "", a); gsub(/[][]/, "", a);
	sub(/%.*/, "", a); if (a == "*") a = "::"; print a, 161 }' | sort)
[ -n "$expected" ] && [ "$actual" = "$expected" ] || fail "listeners differ from ss: ss '$expected', check '$actual'"
jq -e '[.listeners[] | .owners[0].process] | all(. == "snmpd")' <<<"$json" >/dev/null ||
	fail "owners: $(jq -c .listeners <<<"$json")"
sysdescr=$(snmp_sysdescr "$scanner" 10.72.18.1) || fail "snmpget from the scanner: $sysdescr"
sysdescr=${sysdescr#\"}; sysdescr=${sysdescr%\"}
jq -e --arg d "$sysdescr" '.snmp.reachable and .snmp.sysdescr == $d and .snmp.community == "public" and
	.snmp.request_bytes == 43 and .snmp.reply_bytes > 43 and .snmp.amplification > 1 and
	([.snmp.versions[] | "\(.version) \(.status) \(.value)"] == ["1 answered text", "2c answered text"])' \
	<<<"$json" >/dev/null || fail "check's snmp object: $(jq -c .snmp <<<"$json") (snmpget: $sysdescr)"
# the GetResponse is the request with sysDescr in place of NULL: 43 bytes plus its text (RESEARCH18 §2.2)
[ "$(jq -r '.snmp.reply_bytes' <<<"$json")" -eq $((43 + ${#sysdescr})) ] ||
	fail "reply of $(jq -r .snmp.reply_bytes <<<"$json") bytes for a sysDescr of ${#sysdescr}"
# "default" names no station: snmpd stays (restrict), with no network
# derived and a warning that whoever polls from outside is cut off
jq -e '.plan.action == "restrict" and .plan.trusted == [] and
	(.plan.warnings | any(test("snmpd.conf:71 rocommunity public admits everyone \\(source default\\), which names no monitoring station, so only loopback"))) and
	(.consumers | any(.kind == "snmp-station" and .callers_unknown and .trusted == []))' <<<"$json" >/dev/null ||
	fail "plan: $(jq -c '{plan, consumers}' <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service snmp --root "$root" 2>&1)
contains '^Verdict: EXPOSED - port 161 answers from beyond loopback' <<<"$text" || fail "check's verdict: $text"
contains -F "sysDescr: $sysdescr" <<<"$text" || fail "check's text lacks sysDescr: $text"
contains -F "admits everyone (source default), which names no monitoring station" <<<"$text" ||
	fail "check's text lacks the default community: $text"

echo "# a snmpd.conf that cannot be trusted: one line naming it, and fix changes nothing"
sandbox_empty_root bad
cp -r "$TOP_SRCDIR/tests/fixtures/snmp/root-bad-source/." "$bad/"
expect_error "portguard: $bad/etc/snmp/snmpd.conf:2: source '10.0.0.0/33' is no address, network or host name; is this the right file?" \
	ip netns exec "$server" "$PORTGUARD" fix --service snmp --root "$bad"
ip netns exec "$server" nft list table inet portguard >/dev/null 2>&1 && fail "a refused fix left a table"
[ -z "$(find "$bad" -newer "$bad/etc/snmp/snmpd.conf" -type f)" ] || fail "a refused fix wrote files: $(find "$bad" -newer "$bad/etc/snmp/snmpd.conf" -type f)"

echo "# probe from the scanner, over IPv4 and IPv6"
for address in 10.72.18.1 fd72::1; do
	json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service snmp "$address" --json --timeout 2); code=$?
	[ "$code" -eq 2 ] || fail "probe of the open snmpd at $address exited $code, expected 2"
	jq -e --arg d "$sysdescr" '.verdict == "open" and .port == 161 and .udp.open and .udp.sysdescr == $d and
		.udp.request_bytes == 43 and .udp.amplification > 1' <<<"$json" >/dev/null || fail "probe $address: $json"
done
text=$(ip netns exec "$scanner" "$PORTGUARD" probe --service snmp 10.72.18.1)
contains '^Verdict: OPEN - 10.72.18.1 answers SNMP with community public on port 161 from here and leaks sysDescr' <<<"$text" ||
	fail "no OPEN verdict: $text"

echo "# closed: a firewall drops 161/udp; snmpget times out as well"
ip netns exec "$server" nft -f - <<'RULES' || exit 99
table inet snmp_test {
	chain input { type filter hook input priority 0; policy accept; udp dport 161 drop; }
}
RULES
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service snmp 10.72.18.1 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe through the drop exited $code, expected 0"
jq -e '.verdict == "closed" and .reason == "no reply to community public" and .udp.sysdescr == null' <<<"$json" >/dev/null ||
	fail "dropped: $json"
said=$(snmp_sysdescr "$scanner" 10.72.18.1) && fail "snmpget answered through the drop: $said"
contains 'Timeout' <<<"$said" || fail "snmpget said: $said"
ip netns exec "$server" nft delete table inet snmp_test

echo "# closed: nothing on 161 (port unreachable)"
kill "$pid"; wait "$pid" 2>/dev/null
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service snmp 10.72.18.1 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe of a stopped snmpd exited $code, expected 0"
jq -e '.verdict == "closed" and .reason == "port unreachable"' <<<"$json" >/dev/null || fail "stopped: $json"
finish
