#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# check finds exactly the port-111 sockets that ss finds, with the same
# owners, in namespaces holding the real rpcbind and hand-made sockets.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
holder="$TOP_BUILDDIR/tests/helpers/socket_holder"
sandbox_empty_root empty_root

# "proto address pid" per listener, sorted, as ss -tulpn reports them.
ss_view() {
	ip netns exec "$1" ss -H -tulpn 'sport = :111' |
		sed -E 's/^(tcp|udp) +[A-Z]+ +[0-9]+ +[0-9]+ +\[?([^ ]*[^]])\]?:111 .*pid=([0-9]+).*/\1 \2 \3/' |
		sed -E 's/%[^ ]*//' | sort
}

portguard_view() {
	jq -r '.listeners[] | .proto as $p | .address as $a | .owners[] | "\($p) \($a) \(.pid)"' <<<"$1" | sort
}

# holder_start VAR NS ARGS...: socket_holder in NS, waits for "ready".
holder_start() {
	local var=$1 ns=$2; shift 2
	local fifo; fifo=$(mktemp -u); mkfifo "$fifo"
	ip netns exec "$ns" "$holder" "$@" >"$fifo" &
	local pid=$!
	sandbox_pids+=("$pid")
	read -r -t 30 line <"$fifo"; rm -f "$fifo"
	[ "${line:-}" = ready ] || { echo "socket_holder $* did not start" >&2; exit 99; }
	printf -v "$var" '%s' "$pid"
}

echo "# rpcbind on all addresses"
sandbox_netns server
sandbox_rpcbind rpcbind_pid "$server"
json=$(ip netns exec "$server" "$PORTGUARD" check --json --root "$empty_root"); code=$?
[ "$code" -eq 2 ] || fail "exposed rpcbind: exit $code, expected 2"
[ "$(jq -r .exposed <<<"$json")" = true ] || fail "exposed is not true"
expected=$(ss_view "$server")
actual=$(portguard_view "$json")
[ -n "$expected" ] || fail "ss saw nothing on 111"
[ "$expected" = "$actual" ] || fail "listeners differ from ss -tulpn: ss=[$expected] portguard=[$actual]"
[ "$(jq '.listeners | length' <<<"$json")" -eq 4 ] || fail "rpcbind should hold 4 sockets (tcp, udp x v4, v6)"
jq -e --argjson pid "$rpcbind_pid" 'all(.listeners[]; .pid == $pid and .process == "rpcbind" and .scope == "any" and .exposed and .port == 111 and (.inode > 0))' <<<"$json" >/dev/null ||
	fail "owner, scope or exposure wrong: $json"
jq -e 'any(.listeners[]; .family == "ipv6" and .v6only == true)' <<<"$json" >/dev/null ||
	fail "rpcbind's IPv6 sockets are v6only, portguard says otherwise"
text=$(ip netns exec "$server" "$PORTGUARD" check --root "$empty_root")
grep -q "rpcbind\[$rpcbind_pid\]" <<<"$text" || fail "text output lacks rpcbind[$rpcbind_pid]: $text"
grep -q "^Verdict: EXPOSED" <<<"$text" || fail "text output lacks the EXPOSED verdict"

echo "# nothing on 111"
sandbox_netns empty
json=$(ip netns exec "$empty" "$PORTGUARD" check --json --root "$empty_root"); code=$?
[ "$code" -eq 0 ] || fail "empty namespace: exit $code, expected 0"
[ "$(jq -c '[.exposed, (.listeners | length)]' <<<"$json")" = '[false,0]' ] || fail "empty namespace: $json"
ip netns exec "$empty" "$PORTGUARD" check --root "$empty_root" | contains "Nothing listens on port 111" || fail "empty: text"

echo "# another process, UDP on IPv6 only, v6only"
sandbox_netns v6
holder_start v6_pid "$v6" udp :: 111 v6only
json=$(ip netns exec "$v6" "$PORTGUARD" check --json --root "$empty_root"); code=$?
[ "$code" -eq 2 ] || fail "udp [::]:111 v6only: exit $code, expected 2"
jq -e --argjson pid "$v6_pid" '.listeners == [.listeners[0]] and (.listeners[0] | .proto == "udp" and .family == "ipv6" and .address == "::" and .v6only == true and .pid == $pid and .process == "socket_holder" and .exposed == true)' <<<"$json" >/dev/null ||
	fail "v6only UDP holder not reported right: $json"
[ "$(ss_view "$v6")" = "$(portguard_view "$json")" ] || fail "v6only: differs from ss"

echo "# loopback only"
sandbox_netns loopback
holder_start lo4_pid "$loopback" tcp 127.0.0.1 111
holder_start lo6_pid "$loopback" udp ::1 111
json=$(ip netns exec "$loopback" "$PORTGUARD" check --json --root "$empty_root"); code=$?
[ "$code" -eq 0 ] || fail "loopback only: exit $code, expected 0"
jq -e '(.listeners | length) == 2 and all(.listeners[]; .scope == "loopback" and .exposed == false) and .exposed == false' <<<"$json" >/dev/null ||
	fail "loopback listeners: $json"
[ "$(ss_view "$loopback")" = "$(portguard_view "$json")" ] || fail "loopback: differs from ss"

echo "# one specific non-loopback address"
sandbox_netns specific
sandbox_add_address "$specific" 10.77.0.1/24
sandbox_add_address "$specific" 192.0.2.77/24
holder_start private_pid "$specific" tcp 10.77.0.1 111
holder_start public_pid "$specific" udp 192.0.2.77 111
json=$(ip netns exec "$specific" "$PORTGUARD" check --json --root "$empty_root"); code=$?
[ "$code" -eq 2 ] || fail "specific address: exit $code, expected 2"
jq -e '[.listeners[] | [.proto, .address, .scope, .exposed]] | sort == [["tcp","10.77.0.1","private",true],["udp","192.0.2.77","public",true]]' <<<"$json" >/dev/null ||
	fail "specific addresses: $json"
[ "$(ss_view "$specific")" = "$(portguard_view "$json")" ] || fail "specific: differs from ss"

echo "# not root: listeners still reported, owners said to be incomplete"
. "$TOP_SRCDIR/tests/lib/unprivileged.sh"
trap 'sandbox_cleanup; rm -rf "$unprivileged_dir"' EXIT
unprivileged_copy portguard_copy "$PORTGUARD"
text=$(ip netns exec "$server" "${as_nobody[@]}" "$portguard_copy" check --root "$empty_root"); code=$?
[ "$code" -eq 2 ] || fail "unprivileged check: exit $code, expected 2"
[ "$(grep -cE '^(tcp|udp) ' <<<"$text")" -eq 4 ] || fail "unprivileged check lost listeners: $text"
grep -q "could not be read (not root" <<<"$text" || fail "unprivileged check does not say owners may be missing: $text"
finish
