#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# check's rpc section equals what rpcinfo reads from the same real
# rpcbind, and its reply sizes are the ones an outsider gets.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
helpers="$TOP_BUILDDIR/tests/helpers"

sandbox_netns host
in_host() { ip netns exec "$host" "$@"; }
sandbox_empty_root empty_root
sandbox_rpcbind rpcbind_pid "$host"
# what an NFSv3 server with locking registers, and one unnamed program
for entry in "100005 1 udp 20048" "100005 3 udp 20048" "100005 3 tcp 20048" "100024 1 udp 662" \
	"100024 1 tcp 662" "100021 4 tcp 40001" "100003 3 tcp 2049" "400123 1 udp 999"; do
	# shellcheck disable=SC2086
	in_host "$helpers/rpc_register" $entry || fail "rpcbind refused to register $entry"
done

echo "# check --json against rpcinfo -p (v2) and rpcinfo (v3/v4)"
json=$(in_host "$PORTGUARD" check --json --root "$empty_root"); code=$?
[ "$code" -eq 2 ] || fail "check exited $code, expected 2"
actual=$(jq -r '.rpc.programs[] | select(.protocol == "tcp" or .protocol == "udp") |
	"\(.program) \(.version) \(.protocol) \(.port)"' <<<"$json" | sort)
expected=$(in_host rpcinfo -p 127.0.0.1 | awk 'NR > 1 { print $1, $2, $3, $4 }' | sort)
[ "$(wc -l <<<"$expected")" -eq 14 ] || fail "rpcinfo -p lists $(wc -l <<<"$expected") entries, expected 14"
[ "$actual" = "$expected" ] || fail "programs differ from rpcinfo -p:
$(diff <(echo "$expected") <(echo "$actual"))"
actual=$(jq -r '.rpc.programs[] | "\(.program) \(.version) \(.protocol) \(.address)"' <<<"$json" | sort)
expected=$(in_host rpcinfo 127.0.0.1 | awk 'NR > 1 { print $1, $2, $3, $4 }' | sort)
[ "$actual" = "$expected" ] || fail "programs differ from rpcinfo (netid, address):
$(diff <(echo "$expected") <(echo "$actual"))"
jq -e '.rpc.reachable and (.rpc.programs | length) == ([.rpc.programs[] | [.program, .version, .protocol, .port]] | unique | length)' \
	<<<"$json" >/dev/null || fail "programs are not reachable or not deduplicated"
jq -e '[.rpc.programs[] | select(.program == 100005) | .name] | unique == ["mountd"]' <<<"$json" >/dev/null ||
	fail "100005 is not named mountd"
jq -e '[.rpc.programs[] | select(.program == 400123) | .name] == ["400123"]' <<<"$json" >/dev/null ||
	fail "an unknown program is not named by its number"
# rpcinfo -p order: the portmapper's own entries first, as rpcbind lists them
[ "$(jq -c '.rpc.programs[0] | [.program, .version, .protocol]' <<<"$json")" = '[100000,4,"tcp"]' ] ||
	fail "first program is not rpcinfo -p's first: $(jq -c '.rpc.programs[0]' <<<"$json")"

echo "# reply sizes as an outsider measures them"
request=$(jq .rpc.request_bytes <<<"$json")
reply=$(jq .rpc.reply_bytes <<<"$json")
[ "$request" -eq 40 ] || fail "request_bytes $request, expected 40"
# each v3/v4 entry of this rpcbind is 13 words or more: the reply holds at least 20 of them
[ "$reply" -gt 1000 ] || fail "reply_bytes $reply is too small for 20 rpcb entries"
jq -e --argjson reply "$reply" '
	([.rpc.udp.versions[].reply_bytes] | max) == $reply and
	(.rpc.udp.versions[0].reply_bytes < $reply) and
	(.rpc.amplification > 1) and ((.rpc.amplification - $reply / 40) | fabs) < 0.01' <<<"$json" >/dev/null ||
	fail "sizes or amplification implausible: $(jq -c '.rpc | del(.programs)' <<<"$json")"
require_tools python3
measured=$(in_host python3 -c '
import socket, struct
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.settimeout(10)
s.sendto(struct.pack(">10I", 7, 0, 2, 100000, 4, 4, 0, 0, 0, 0), ("127.0.0.1", 111))
print(len(s.recv(65536)))')
[ "$measured" = "$reply" ] || fail "python measured a $measured-byte v4 reply, portguard $reply"

echo "# the text section"
text=$(in_host "$PORTGUARD" check --service portmapper --root "$empty_root")
grep -qE '^ +100005 +3 +tcp +20048  mountd' <<<"$text" || fail "text lacks the mountd row: $text"
grep -q 'amplification' <<<"$text" || fail "text lacks the amplification"
[ "$(grep -n 'RPC programs' <<<"$text" | cut -d: -f1)" -lt "$(grep -n '^Verdict' <<<"$text" | cut -d: -f1)" ] ||
	fail "the RPC section is not before the verdict"

echo "# nothing on 111: not asked; a silent holder of 111: not reachable, no error"
sandbox_netns empty
json=$(ip netns exec "$empty" "$PORTGUARD" check --json --root "$empty_root"); code=$?
[ "$code" -eq 0 ] || fail "empty namespace: exit $code"
jq -e '.rpc.reachable == false and .rpc.programs == [] and .rpc.amplification == 0' <<<"$json" >/dev/null ||
	fail "empty namespace: $(jq -c .rpc <<<"$json")"
sandbox_netns silent
ip netns exec "$silent" "$TOP_BUILDDIR/tests/helpers/socket_holder" udp 0.0.0.0 111 >/dev/null &
sandbox_pids+=("$!")
sandbox_wait_port "$silent" udp 111 || exit 99
json=$(ip netns exec "$silent" "$PORTGUARD" check --json --root "$empty_root"); code=$?
[ "$code" -eq 2 ] || fail "silent holder: exit $code, expected 2 (exposed)"
jq -e '.rpc.reachable == false and .rpc.udp.versions[0].status == "no reply" and
	.rpc.tcp.versions[0].status == "refused"' <<<"$json" >/dev/null ||
	fail "silent holder: $(jq -c .rpc <<<"$json")"
finish
