#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# probe against a lying server: garbage, truncated replies, lying
# lengths, endless lists and fragments, floods, slow drips. Each run
# must end promptly, without a crash, with the exit code of what it saw.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
server="$TOP_BUILDDIR/tests/helpers/rpc_hostile_server"

sandbox_netns hostile
sandbox_netns client
sandbox_link "$hostile" 10.68.0.1/24 "$client" 10.68.0.2/24

# case UDP_MODE TCP_MODE EXIT JQ_CHECK: a server on its own port, probed with --timeout 1
port=2000
# A probe's deadlines add up to 4 s (UDP: a try and a retry; TCP: the
# connect and the exchange). Without them a hostile server holds it for
# 30 s (flood), more (slow-drip, a byte every 0.2 s) or for ever (the
# fragments): half the shortest is the bound, 11 s above the deadlines
# for a loaded machine.
limit_ms=15000
probe_case() {
	local udp_mode=$1 tcp_mode=$2 expected=$3 check=$4 pid out err code start elapsed_ms
	# servers stay up until the cleanup ends them: killing one here could let its pid be reused
	port=$((port + 1))
	sandbox_spawn pid "$hostile" "$server" "$port" "$udp_mode" "$tcp_mode"
	if [ "$udp_mode" != none ]; then sandbox_wait_port "$hostile" udp "$port" || exit 99; fi
	if [ "$tcp_mode" != none ]; then sandbox_wait_port "$hostile" tcp "$port" || exit 99; fi
	out=$(mktemp) err=$(mktemp)
	start=$(date +%s%N)
	ip netns exec "$client" "$PORTGUARD" probe 10.68.0.1 --port "$port" --timeout 1 --json >"$out" 2>"$err"
	code=$?
	elapsed_ms=$((($(date +%s%N) - start) / 1000000))
	if [ "$code" -ne "$expected" ]; then
		fail "udp=$udp_mode tcp=$tcp_mode: exit $code, expected $expected; $(cat "$err")"
	elif [ "$elapsed_ms" -gt "$limit_ms" ]; then
		fail "udp=$udp_mode tcp=$tcp_mode: took $elapsed_ms ms"
	elif [ "$expected" -eq 1 ] && ! grep -q "no RPC reply to our call" "$err"; then
		fail "udp=$udp_mode tcp=$tcp_mode: error was '$(cat "$err")'"
	elif [ "$expected" -eq 1 ] && { [ "$(wc -l <"$err")" -ne 1 ] || [ -s "$out" ]; }; then
		fail "udp=$udp_mode tcp=$tcp_mode: not one line on stderr and nothing on stdout"
	elif [ -n "$check" ] && ! jq -e "$check" <"$out" >/dev/null; then
		fail "udp=$udp_mode tcp=$tcp_mode: $check does not hold for $(jq -c 'del(.udp.programs)' <"$out")"
	else
		echo "ok: udp=$udp_mode tcp=$tcp_mode -> $code in $elapsed_ms ms"
	fi
	rm -f "$out" "$err"
}

# the server itself works: a valid answer is open
probe_case valid valid 2 '.udp.open and .tcp.answered and (.udp.programs | length) == 3'
# UDP answers that decode to nothing, TCP closed: an error, not "closed"
probe_case garbage none 1 ''
probe_case truncated none 1 ''
probe_case lying-length none 1 ''
probe_case endless-list none 1 ''
probe_case wrong-xid none 1 ''
probe_case flood none 1 ''
# TCP open but lying: open (the port answers), each lie named
probe_case silent endless-fragments 2 '.tcp.open and .tcp.answered == false and .tcp.versions[0].status == "reply too large" and .tcp.versions[0].reply_bytes <= 1048576'
probe_case silent huge-fragment 2 '.tcp.versions[0].status == "reply too large"'
probe_case silent slow-drip 2 '.tcp.versions[0].status == "no reply" and .tcp.versions[2].status == "no reply"'
probe_case silent garbage 2 '.tcp.versions[0].status == "malformed reply" and .tcp.versions[2].status == "malformed reply"'
probe_case silent lying-length 2 '.tcp.versions[1].status == "malformed reply"'
probe_case silent close 2 '.tcp.versions[0].status == "connection closed"'
probe_case garbage garbage 2 '.udp.open == false and .udp.reply_bytes == 512 and .udp.versions[0].status == "malformed reply"'
probe_case truncated valid 2 '.udp.open == false and .tcp.answered and .udp.programs == []'
finish
