#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The real memcached in a namespace: check finds its listeners as ss
# does (the UDP sockets of its threads once each), asks stats over UDP
# (every datagram counted) and TCP and shows what leaks; a connected
# client is a consumer with its address, over IPv4 and IPv6, also when
# memcached listens on IPv6 only; probe --service memcached from a
# foreign namespace agrees with memcached's own stats.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/memcached.sh"
require_tools strace

sandbox_netns server
sandbox_netns scanner
sandbox_link "$server" 10.73.18.1/24,fd73::1/64 "$scanner" 10.73.18.2/24,fd73::2/64
sandbox_empty_root root
mkdir -p "$root/etc"
sandbox_empty_root work
trace=$work/strace
# traced_check: check --json under strace, its netlink requests in $trace
# (LeakSanitizer cannot run under ptrace: a sanitizer build would exit 1)
traced_check() {
	ip netns exec "$server" env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -e trace=sendto,sendmsg -o "$trace" "$PORTGUARD" check --service memcached --json --root "$root"
}
# established FAMILY: how many dumps of established TCP connections of
# FAMILY (AF_INET, AF_INET6) the traced check asked for
established() { grep -c "sdiag_family=$1, sdiag_protocol=IPPROTO_TCP, idiag_ext=0, idiag_states=1<<TCP_ESTABLISHED" "$trace"; }

echo "# Debian's default: -l 127.0.0.1 and no UDP is not exposed"
printf -- '-d\nlogfile /var/log/memcached.log\n-m 64\n-p 11211\n-u memcache\n-l 127.0.0.1\n' >"$root/etc/memcached.conf"
sandbox_memcached pid "$server" -l 127.0.0.1
json=$(ip netns exec "$server" "$PORTGUARD" check --service memcached --json --root "$root"); code=$?
[ "$code" -eq 0 ] || fail "check of a loopback memcached exited $code, expected 0"
jq -e '.memcached.reachable and (.memcached.stats.version | test("^1\\.")) and .memcached.udp.status == "refused" and
	.memcached.tcp.status == "answered" and .plan.action == "none"' <<<"$json" >/dev/null ||
	fail "loopback memcached: $(jq -c '{memcached, plan}' <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service memcached --root "$root")
contains -F "/etc/memcached.conf:6 -l 127.0.0.1 binds loopback only" <<<"$text" || fail "no loopback note: $text"
kill "$pid"; wait "$pid" 2>/dev/null

echo "# exposed: -U 11211 -l 0.0.0.0,:: with four threads"
printf -- '-p 11211\n-u memcache\n-U 11211\n-l 0.0.0.0,::\n' >"$root/etc/memcached.conf"
sandbox_memcached pid "$server" -U 11211 -l 0.0.0.0,:: -t 4
# memcached 1.6 hands each worker thread a dup() of its UDP socket (one
# per thread with a single -l address, measured: four descriptors of one
# inode): the kernel lists each socket once, and so does check
json=$(ip netns exec "$server" "$PORTGUARD" check --service memcached --json --root "$root"); code=$?
[ "$code" -eq 2 ] || fail "check of an open memcached exited $code, expected 2"
actual=$(jq -r '.listeners[] | "\(.proto) \(.address) \(.port) \([.owners[].process] | join(","))"' <<<"$json" | sort)
expected=$( { ip netns exec "$server" ss -Hlnu 'sport = :11211' | awk '{ print "udp", $4 }'
	ip netns exec "$server" ss -Hlnt 'sport = :11211' | awk '{ print "tcp", $4 }'; } |
	sed -e 's/^\(...\) \[\(.*\)\]:11211$/\1 \2 11211 memcached/' -e 's/:11211$/ 11211 memcached/' -e 's/ \* / :: /' | sort)
[ "$actual" = "$expected" ] || fail "listeners differ from ss: ss '$expected', check '$actual'"
stats=$(memcached_stats "$scanner" 10.73.18.1) || fail "memcached's stats from the scanner: $stats"
version=$(awk '$2 == "version" { print $3 }' <<<"$stats" | tr -d '\r')
mc_pid=$(awk '$2 == "pid" { print $3 }' <<<"$stats" | tr -d '\r')
jq -e --arg v "$version" --argjson p "$mc_pid" '.memcached.reachable and .memcached.stats.version == $v and
	.memcached.stats.pid == $p and .memcached.stats.pointer_size == 64 and .memcached.stats.uptime >= 0 and
	.memcached.stats.curr_connections >= 1 and .memcached.request_bytes == 15 and .memcached.udp.datagrams >= 2 and
	.memcached.reply_bytes == .memcached.udp.reply_bytes and .memcached.reply_bytes > 1400 and
	.memcached.amplification > 90 and .memcached.tcp.status == "answered"' <<<"$json" >/dev/null ||
	fail "check's memcached object: $(jq -c .memcached <<<"$json") (stats: version $version pid $mc_pid)"
jq -e '.plan.action == "stop"' <<<"$json" >/dev/null || jq -e '.plan.action == "restrict"' <<<"$json" >/dev/null ||
	fail "plan: $(jq -c .plan <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service memcached --root "$root")
contains -F "stats: version $version, pid $mc_pid" <<<"$text" || fail "check's text lacks the leak: $text"
contains -F -- "-l 0.0.0.0,:: opens memcached beyond loopback; an owner may prefer '-U 0 -l 127.0.0.1'" <<<"$text" ||
	fail "check's text lacks the -l note: $text"
contains -F -- "-U 11211 turns UDP on" <<<"$text" || fail "check's text lacks the -U note: $text"

echo "# a memcached.conf that cannot be trusted: one line naming it, and fix changes nothing"
sandbox_empty_root bad
cp -r "$TOP_SRCDIR/tests/fixtures/memcached/root-empty-listen/." "$bad/"
expect_error "portguard: $bad/etc/memcached.conf:2: -l names no address" \
	ip netns exec "$server" "$PORTGUARD" fix --service memcached --root "$bad"
ip netns exec "$server" nft list table inet portguard >/dev/null 2>&1 && fail "a refused fix left a table"
[ -z "$(find "$bad" -newer "$bad/etc/memcached.conf" -type f)" ] || fail "a refused fix wrote files: $(find "$bad" -newer "$bad/etc/memcached.conf" -type f)"

echo "# a connected client is a consumer, with its address as the network to keep"
memcached_client "$scanner" 10.73.18.1 client_pid
json=$(ip netns exec "$server" "$PORTGUARD" check --service memcached --json --root "$root"); code=$?
jq -e '[.consumers[] | select(.kind == "memcached-client")] | length == 1' <<<"$json" >/dev/null &&
	jq -e '.plan.action == "restrict" and (.plan.trusted | index("10.73.18.2/32")) != null' <<<"$json" >/dev/null ||
	fail "client consumer: $(jq -c '{consumers, plan}' <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service memcached --root "$root")
contains -F "10.73.18.2 is connected to port 11211/tcp" <<<"$text" || fail "check's text lacks the client: $text"
memcached_client "$scanner" fd73::1 client6_pid
json=$(ip netns exec "$server" "$PORTGUARD" check --service memcached --json --root "$root"); code=$?
jq -e '[.consumers[] | select(.kind == "memcached-client")] | length == 2' <<<"$json" >/dev/null &&
	jq -e '.plan.action == "restrict" and (.plan.trusted | index("10.73.18.2/32")) != null and
		(.plan.trusted | index("fd73::2/128")) != null' <<<"$json" >/dev/null ||
	fail "IPv4 and IPv6 client consumers: $(jq -c '{consumers, plan}' <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service memcached --root "$root")
contains -F "fd73::2 is connected to port 11211/tcp" <<<"$text" || fail "check's text lacks the IPv6 client: $text"
kill "$client_pid" "$client6_pid"; wait "$client_pid" "$client6_pid" 2>/dev/null

echo "# probe from the scanner, over IPv4 and IPv6"
for address in 10.73.18.1 fd73::1; do
	json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service memcached "$address" --json --timeout 2); code=$?
	[ "$code" -eq 2 ] || fail "probe of the open memcached at $address exited $code, expected 2"
	jq -e --arg v "$version" '.verdict == "open" and .port == 11211 and .udp.open and .tcp.answered and
		.stats.version == $v and .udp.request_bytes == 15 and .udp.datagrams >= 2 and .udp.amplification > 90' \
		<<<"$json" >/dev/null || fail "probe $address: $json"
done
text=$(ip netns exec "$scanner" "$PORTGUARD" probe --service memcached 10.73.18.1)
contains '^Verdict: OPEN - 10.73.18.1 answers memcached stats on port 11211 from here (UDP and TCP)' <<<"$text" ||
	fail "no OPEN verdict: $text"

echo "# closed: a firewall drops 11211; memcached's own stats get nothing either"
ip netns exec "$server" nft -f - <<'RULES' || exit 99
table inet memcached_test {
	chain input { type filter hook input priority 0; policy accept; th dport 11211 drop; }
}
RULES
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service memcached 10.73.18.1 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe through the drop exited $code, expected 0"
jq -e '.verdict == "closed" and .reason == "no reply" and .stats == null and .udp.datagrams == 0' <<<"$json" >/dev/null ||
	fail "dropped: $json"
said=$(memcached_stats "$scanner" 10.73.18.1 2>&1) && fail "memcached answered through the drop: $said"
ip netns exec "$server" nft delete table inet memcached_test

echo "# closed: nothing on 11211"
kill "$pid"; wait "$pid" 2>/dev/null
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service memcached 10.73.18.1 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe of a stopped memcached exited $code, expected 0"
jq -e '.verdict == "closed" and .reason == "port unreachable"' <<<"$json" >/dev/null || fail "stopped: $json"

echo "# memcached on IPv6 only: its IPv6 client is found, and no IPv4 connection is dumped"
printf -- '-p 11211\n-u memcache\n-U 0\n-l ::\n' >"$root/etc/memcached.conf"
sandbox_memcached pid "$server" -U 0 -l ::
[ -z "$(ip netns exec "$server" ss -Hlnt4 'sport = :11211')" ] ||
	fail "memcached -l :: listens on IPv4: $(ip netns exec "$server" ss -Hlnt4 'sport = :11211')"
memcached_client "$scanner" fd73::1 client6_pid
json=$(traced_check); code=$?
jq -e '[.consumers[] | select(.kind == "memcached-client")] | length == 1' <<<"$json" >/dev/null &&
	jq -e '(.plan.trusted | index("fd73::2/128")) != null' <<<"$json" >/dev/null ||
	fail "IPv6-only memcached's client: $(jq -c '{listeners, consumers, plan}' <<<"$json")"
ipv4=$(established AF_INET) ipv6=$(established AF_INET6)
[ "$ipv4" -eq 0 ] && [ "$ipv6" -eq 1 ] ||
	fail "connections dumped for an IPv6-only memcached: $ipv4 of IPv4 (expected 0), $ipv6 of IPv6 (expected 1)"
kill "$client6_pid" "$pid"; wait "$client6_pid" "$pid" 2>/dev/null

echo "# a dual-stack IPv6 socket (memcached's are v6only): its IPv4 client, a mapped address, is in IPv6's dump"
sandbox_holder "$server" tcp :: 11211
ip netns exec "$scanner" bash -c 'exec 3<>/dev/tcp/10.73.18.1/11211 && exec sleep 600' &
sandbox_pids+=("$!")
for _ in $(seq 100); do
	ip netns exec "$server" ss -Htn state established 'sport = :11211' | contains 10.73.18.2 && break
	sleep 0.1
done
json=$(traced_check); code=$?
jq -e '.listeners[0].v6only == false and (.plan.trusted | index("10.73.18.2/32")) != null' <<<"$json" >/dev/null ||
	fail "the dual-stack socket's IPv4 client: $(jq -c '{listeners, consumers, plan}' <<<"$json")"
ipv4=$(established AF_INET) ipv6=$(established AF_INET6)
[ "$ipv4" -eq 0 ] && [ "$ipv6" -eq 1 ] ||
	fail "connections dumped for a dual-stack IPv6 socket: $ipv4 of IPv4 (expected 0), $ipv6 of IPv6 (expected 1)"
finish
