#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# scan_listeners on many ports at once (one dump per family and
# transport, TCP's two families in one, a bytecode filter of every port;
# one dump per family where the kernel refuses TCP's) finds exactly what
# `ss -tulne` finds with the same port filter: sockets on the wanted
# ports and on their neighbours (port+1), both families, v6only and
# dual-stack, loopback and private addresses, TCP on a port wanted only
# for UDP; for 1, 2, 5, 13 and 40 ports per transport, as root and not.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
require_tools ss strace
scan_ports="$TOP_BUILDDIR/tests/helpers/scan_ports"

# The ports of the services of issues 18 and 19 first, then filler.
udp_ports=(111 123 161 5353 11211 1900 137 3702 19 17 7 13 69 53 389 623)
tcp_ports=(111 11211)
for ((i = 0; ${#udp_ports[@]} < 40; i++)); do udp_ports+=($((40000 + 2 * i))); done
for ((i = 0; ${#tcp_ports[@]} < 40; i++)); do tcp_ports+=($((40001 + 2 * i))); done

sandbox_netns ns
sandbox_add_address "$ns" 10.77.0.1/24
# COUNT 2: the port and its neighbour, which no list below wants
# (except 17 and 19 of 18 and 20: neither is wanted).
sandbox_holder "$ns" tcp 0.0.0.0 111 2
sandbox_holder "$ns" tcp :: 111 v6only 2
sandbox_holder "$ns" udp 0.0.0.0 111 2
sandbox_holder "$ns" udp :: 111 v6only 2
sandbox_holder "$ns" tcp :: 11211 2
sandbox_holder "$ns" udp ::1 11211 v6only 2
sandbox_holder "$ns" udp 127.0.0.1 11211 2
sandbox_holder "$ns" udp 0.0.0.0 123 2
sandbox_holder "$ns" tcp 0.0.0.0 123
sandbox_holder "$ns" udp :: 161 v6only 2
sandbox_holder "$ns" udp :: 5353 2
sandbox_holder "$ns" udp 10.77.0.1 1900 2
sandbox_holder "$ns" udp ::1 137 v6only 2
sandbox_holder "$ns" udp 127.0.0.1 3702 2
for port in 19 17 7 13 69 53 389 623; do sandbox_holder "$ns" udp 0.0.0.0 "$port"; done
sandbox_holder "$ns" udp 0.0.0.0 40000 50
sandbox_holder "$ns" tcp :: 40000 80
sandbox_holder "$ns" udp 0.0.0.0 20000 50

# ss_filter PORT...: "( sport = :A or sport = :B ... )"
ss_filter() {
	local filter="sport = :$1" port; shift
	for port in "$@"; do filter+=" or sport = :$port"; done
	echo "( $filter )"
}

# ss_view PROTO PORT...: "PROTO local-address ino:N [v6only:N]" per
# socket (ss -e says v6only of IPv6 sockets; with one protocol it prints
# no Netid column).
ss_view() {
	local proto=$1; shift
	ip netns exec "$ns" ss -H "-${proto:0:1}lne" "$(ss_filter "$@")" 2>/dev/null |
		sed -E "s/^[A-Z]+ +[0-9]+ +[0-9]+ +([^ ]+) .*(ino:[0-9]+).*/$proto \\1 \\2 &/" |
		sed -E 's/^([^ ]+ [^ ]+ [^ ]+) .*(v6only:[01]).*/\1 \2/; t; s/^([^ ]+ [^ ]+ ino:[0-9]+) .*/\1/'
}

scan_view() {
	"$@" | sort
}

for count in 1 2 5 13 40; do
	udp=("${udp_ports[@]:0:count}") tcp=("${tcp_ports[@]:0:count}")
	args=()
	for port in "${udp[@]}"; do args+=("udp:$port"); done
	for port in "${tcp[@]}"; do args+=("tcp:$port"); done
	expected=$({ ss_view udp "${udp[@]}"; ss_view tcp "${tcp[@]}"; } | sort)
	actual=$(scan_view ip netns exec "$ns" "$scan_ports" "${args[@]}"); code=$?
	[ "$code" -eq 0 ] || fail "$count ports: scan_ports exited $code"
	[ -n "$expected" ] || fail "$count ports: ss saw nothing"
	if [ "$expected" = "$actual" ]; then
		echo "ok: $count ports per transport, $(wc -l <<<"$actual") sockets, as ss saw them"
	else
		fail "$count ports: differs from ss: $(diff <(echo "$expected") <(echo "$actual") | tr '\n' ' ')"
	fi
done

echo "# what the 40 ports found, socket by socket"
actual=$(scan_view ip netns exec "$ns" "$scan_ports" "${args[@]}")
# 111 tcp x2 + udp x2, 11211 tcp + udp x2, udp 123/161/5353/1900/137/3702,
# the 8 of issue 19, 24 of 40000.. and 38 of 40001..
[ "$(wc -l <<<"$actual")" -eq $((4 + 3 + 6 + 8 + 24 + 38)) ] || fail "40 ports: $(wc -l <<<"$actual") sockets: $actual"
for wanted in "tcp 0.0.0.0:111 " "tcp [::]:111 " "udp 0.0.0.0:111 " "udp [::]:111 " "tcp *:11211 " \
	"udp [::1]:11211 " "udp 127.0.0.1:11211 " "udp 0.0.0.0:123 " "udp [::]:161 " "udp *:5353 " \
	"udp 10.77.0.1:1900 " "udp [::1]:137 " "udp 127.0.0.1:3702 " "udp 0.0.0.0:623 " "udp 0.0.0.0:40046 " "tcp *:40075 "; do
	grep -qF "$wanted" <<<"$actual" || fail "40 ports: no '$wanted' in $actual"
done
for unwanted in ":112 " ":11212 " ":124 " ":162 " ":5354 " ":1901 " ":138 " ":3703 " "tcp 0.0.0.0:123 " \
	"udp 0.0.0.0:40001 " "udp 0.0.0.0:40047 " "tcp *:40046 " ":20000 " ":40048 " ":40076 "; do
	grep -qF "$unwanted" <<<"$actual" && fail "40 ports: found '$unwanted' in $actual"
done
grep -qE '^udp \[::\]:161 ino:[0-9]+ v6only:1$' <<<"$actual" || fail "161: v6only lost: $actual"
grep -qE '^udp \*:5353 ino:[0-9]+ v6only:0$' <<<"$actual" || fail "5353: dual-stack lost: $actual"

echo "# a port twice, and both transports of one port, give each socket once"
twice=$(scan_view ip netns exec "$ns" "$scan_ports" udp:123 123 udp:123 tcp:123)
[ "$twice" = "$(scan_view ip netns exec "$ns" "$scan_ports" 123)" ] || fail "repeated ports: $twice"
[ "$(grep -c '' <<<"$twice")" -eq 2 ] || fail "123: expected udp and tcp: $twice"

echo "# TCP's two families in one walk; refused, one dump per family finds the same"
work=$(mktemp -d)
# traced SCAN_PORTS_ARGS...: scan_ports under strace, its requests into
# $work/trace; LeakSanitizer cannot run under ptrace.
traced() {
	ip netns exec "$ns" env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -qq -e trace=sendto -o "$work/trace" "${strace_inject[@]}" "$scan_ports" "$@"
}
strace_inject=()
both=$(scan_view traced "${args[@]}")
[ "$both" = "$actual" ] || fail "traced: $(diff <(echo "$actual") <(echo "$both") | tr '\n' ' ')"
[ "$(grep -c 'nlmsg_type=TCPDIAG_GETSOCK' "$work/trace")" -eq 1 ] || fail "no single request for TCP's families: $(cat "$work/trace")"
grep -q 'IPPROTO_TCP' "$work/trace" && fail "TCP was dumped per family too: $(cat "$work/trace")"
strace_inject=(-e inject=sendto:error=EOPNOTSUPP:when=1)
refused=$(scan_view traced "${args[@]}"); code=$?
[ "$code" -eq 0 ] || fail "refused: scan_ports exited $code"
[ "$refused" = "$actual" ] || fail "refused: $(diff <(echo "$actual") <(echo "$refused") | tr '\n' ' ')"
[ "$(grep -c 'sdiag_protocol=IPPROTO_TCP' "$work/trace")" -eq 2 ] || fail "refused: TCP not dumped per family: $(cat "$work/trace")"
rm -rf "$work"

echo "# not root: the kernel takes the filter from anyone"
. "$TOP_SRCDIR/tests/lib/unprivileged.sh"
trap 'sandbox_cleanup; rm -rf "$unprivileged_dir"' EXIT
unprivileged_copy scan_ports_copy "$scan_ports"
unprivileged=$(scan_view ip netns exec "$ns" "${as_nobody[@]}" "$scan_ports_copy" "${args[@]}")
[ "$unprivileged" = "$actual" ] || fail "unprivileged: $(diff <(echo "$actual") <(echo "$unprivileged") | tr '\n' ' ')"

echo "# more ports on one transport than a request carries"
many=()
for ((port = 1; port <= 257; port++)); do many+=("udp:$port"); done
expect_error "Argument list too long" ip netns exec "$ns" "$scan_ports" "${many[@]}"
finish
