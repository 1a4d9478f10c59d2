#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# probe from a peer namespace over veth, as a scanner would: open (2)
# with the programs rpcinfo sees, closed (0) where nothing answers.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"

sandbox_netns server
sandbox_netns client
sandbox_netns bare
sandbox_link "$server" 10.66.0.1/24 "$client" 10.66.0.2/24
sandbox_link "$server" fd66::1/64 "$client" fd66::2/64
sandbox_link "$bare" 10.67.0.1/24 "$client" 10.67.0.2/24
sandbox_rpcbind rpcbind_pid "$server"
for entry in "100005 3 udp 20048" "100005 3 tcp 20048" "100024 1 udp 662"; do
	# shellcheck disable=SC2086
	ip netns exec "$server" "$TOP_BUILDDIR/tests/helpers/rpc_register" $entry || fail "cannot register $entry"
done
from_client() { ip netns exec "$client" "$@"; }

echo "# open over IPv4, the programs rpcinfo -p sees from the same place"
json=$(from_client "$PORTGUARD" probe 10.66.0.1 --json --timeout 2); code=$?
[ "$code" -eq 2 ] || fail "probe of rpcbind exited $code, expected 2"
actual=$(jq -r '.udp.programs[] | select(.protocol == "tcp" or .protocol == "udp") |
	"\(.program) \(.version) \(.protocol) \(.port)"' <<<"$json" | sort)
expected=$(from_client rpcinfo -p 10.66.0.1 | awk 'NR > 1 { print $1, $2, $3, $4 }' | sort)
[ "$(wc -l <<<"$expected")" -eq 9 ] || fail "rpcinfo -p from the client lists $(wc -l <<<"$expected"), expected 9"
[ "$actual" = "$expected" ] || fail "probe's programs differ from rpcinfo -p:
$(diff <(echo "$expected") <(echo "$actual"))"
jq -e '.host == "10.66.0.1" and .port == 111 and .udp.open and .tcp.open and .tcp.answered and
	.udp.request_bytes == 40 and .udp.reply_bytes > 600 and .udp.amplification > 15 and
	([.udp.versions[] | .status] == ["answered", "answered", "answered"])' <<<"$json" >/dev/null ||
	fail "probe JSON: $(jq -c 'del(.udp.programs)' <<<"$json")"
# the server's own view agrees on the size an outsider gets
sandbox_empty_root empty_root
check_json=$(ip netns exec "$server" "$PORTGUARD" check --json --root "$empty_root")
local_reply=$(jq .rpc.reply_bytes <<<"$check_json")
# Every service under services[]; the keys of 0.1 at the top are the
# portmapper's, the same values.
jq -e '(.services | map(.service) | index("portmapper")) == 0 and (.services | length) >= 1 and
	.services[0].exposed == .exposed and .services[0].rpc == .rpc and .services[0].listeners == .listeners and
	.services[0].plan == .plan and (.services[0] | has("version") | not) and .exposed' <<<"$check_json" >/dev/null ||
	fail "check JSON: $(jq -c '{exposed, services: [.services[] | {service, exposed}]}' <<<"$check_json")"
# The text: a section per service under its heading, each with its verdict.
check_text=$(ip netns exec "$server" "$PORTGUARD" check --root "$empty_root")
contains '^== portmapper: rpcbind on 111/tcp, 111/udp ==$' <<<"$check_text" || fail "no portmapper heading: $check_text"
contains '^== ntp: ntpd on 123/udp ==$' <<<"$check_text" || fail "no ntp heading: $check_text"
[ "$(grep -c '^Verdict: ' <<<"$check_text")" -eq "$(jq '.services | length' <<<"$check_json")" ] ||
	fail "not one verdict per service: $check_text"
contains '^Verdict: not exposed - port 123 is closed' <<<"$check_text" || fail "no NTP verdict: $check_text"
[ "$(jq .udp.reply_bytes <<<"$json")" = "$local_reply" ] || fail "probe and check disagree on reply_bytes"

echo "# open over IPv6, and by host name"
json=$(from_client "$PORTGUARD" probe fd66::1 --json); code=$?
[ "$code" -eq 2 ] || fail "probe over IPv6 exited $code, expected 2"
jq -e '.address == "fd66::1" and .udp.open and (.udp.programs | length) > 9' <<<"$json" >/dev/null ||
	fail "IPv6 probe: $(jq -c 'del(.udp.programs)' <<<"$json")"
code=0; ip netns exec "$server" "$PORTGUARD" probe localhost --quiet || code=$?
[ "$code" -eq 2 ] || fail "probe localhost exited $code, expected 2"

echo "# text output"
text=$(from_client "$PORTGUARD" probe 10.66.0.1)
grep -q '^Verdict: OPEN' <<<"$text" || fail "no OPEN verdict: $text"
grep -qE '^ +100005 +3 +udp +20048  mountd' <<<"$text" || fail "no mountd row: $text"

echo "# closed: nothing on 111 (refused), and a firewall that drops (silence)"
json=$(from_client "$PORTGUARD" probe 10.67.0.1 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe of a bare host exited $code, expected 0"
jq -e '(.udp.open or .tcp.open) == false and .udp.programs == [] and .udp.reply_bytes == 0 and
	.udp.versions[0].status == "refused" and .tcp.versions[0].status == "refused"' <<<"$json" >/dev/null ||
	fail "bare host: $json"
grep -q '^Verdict: closed (port unreachable) - ' <<<"$(from_client "$PORTGUARD" probe 10.67.0.1 --timeout 1)" ||
	fail "no closed (port unreachable) verdict"

echo "# closed: a firewall that rejects, with port unreachable or prohibited, over IPv4 and IPv6"
for reject in "reject" "reject with icmpx admin-prohibited"; do
	ip netns exec "$server" nft -f - <<RULES || exit 99
table inet probe_test {
	chain input { type filter hook input priority 0; policy accept; th dport 111 $reject; }
}
RULES
	for address in 10.66.0.1 fd66::1; do
		text=$(from_client "$PORTGUARD" probe "$address" --timeout 1); code=$?
		[ "$code" -eq 0 ] || fail "probe of $address behind '$reject' exited $code, expected 0: $text"
		grep -q '^Verdict: closed (' <<<"$text" || fail "no closed verdict behind '$reject': $text"
	done
	ip netns exec "$server" nft delete table inet probe_test
done
ip netns exec "$server" nft -f - <<'RULES' || exit 99
table inet probe_test {
	chain input { type filter hook input priority 0; policy accept; th dport 111 drop; }
}
RULES
# dropped_probe VAR TIMEOUT: a probe with --timeout TIMEOUT of the silent
# port; how long it took, in ms, goes into VAR.
dropped_probe() {
	local start json code
	start=$(date +%s%N)
	json=$(from_client "$PORTGUARD" probe 10.66.0.1 --json --timeout "$2"); code=$?
	printf -v "$1" '%s' $((($(date +%s%N) - start) / 1000000))
	[ "$code" -eq 0 ] || fail "probe through a dropping firewall exited $code, expected 0"
	jq -e '.udp.versions[0].status == "no reply" and .tcp.versions[0].status == "no reply"' <<<"$json" >/dev/null ||
		fail "dropped: $json"
}
# UDP: a try and one retry of TIMEOUT each; TCP: TIMEOUT to connect. The
# lower bounds hold on any machine (a deadline cannot pass early). Load
# only adds time, so the upper side is checked as the difference that
# --timeout makes (6 s; load would have to halve it), not as a limit in
# seconds that a busy machine can miss.
dropped_probe short 1
dropped_probe long 3
echo "dropped: $short ms with --timeout 1, $long ms with --timeout 3"
[ "$short" -ge 2900 ] || fail "the dropped probe with --timeout 1 took $short ms, less than its 3 s of deadlines"
[ "$long" -ge 8900 ] || fail "the dropped probe with --timeout 3 took $long ms, less than its 9 s of deadlines"
[ $((long - short)) -ge 3000 ] || fail "--timeout 3 waited $((long - short)) ms longer than --timeout 1, expected about 6 s"
[ "$long" -lt 60000 ] || fail "the dropped probe with --timeout 3 took $long ms"
finish
