#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# check and fix keep wsdd's answer for the process and sockets that
# gave it (/run/portguard/answer-wsd below --root): a later check or fix
# while the same wsdd holds the same sockets sends no Probe (strace
# shows none to port 3702) and decides as before; a socket more (an
# address wsdd starts to serve), a restarted wsdd or a damaged record
# makes them ask again. With the real wsdd in a namespace with a LAN and a public
# link, a Samba share allowed to the LAN (the --root tree's smb.conf).
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
require_tools strace
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/wsd.sh"

sandbox_netns server
sandbox_netns lan
sandbox_netns neighbour
sandbox_netns other
sandbox_link "$server" 10.84.19.1/24 "$lan" 10.84.19.2/24
sandbox_link "$server" 192.0.2.41/24 "$neighbour" 192.0.2.99/24
sandbox_link "$server" 10.85.19.1/24 "$other" 10.85.19.2/24
lan_if=$(wsd_interface "$server" 10.84.19.1) wan_if=$(wsd_interface "$server" 192.0.2.41)
other_if=$(wsd_interface "$server" 10.85.19.1)
sandbox_empty_root work
root=$work/root
mkdir -p "$root/etc/samba" "$root/etc/default" "$root/proc/4711"
printf '[global]\n   hosts allow = 127. 10.84.19.0/24\n[data]\n   path = /srv/data\n' >"$root/etc/samba/smb.conf"
printf 'WSDD_PARAMS=""\n' >"$root/etc/default/wsdd"
echo smbd >"$root/proc/4711/comm"
kept=$root/run/portguard/answer-wsd
sandbox_wsdd wsdd_pid "$server" "$lan_if" "$wan_if"

# traced OUT COMMAND...: portguard's COMMAND in the server's namespace
# under strace, its output into OUT, its exit code returned; the calls
# that address a datagram go to $work/trace.
traced() {
	local out=$1; shift
	# LeakSanitizer cannot run under ptrace; the untraced runs below check leaks
	ip netns exec "$server" env ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		strace -f -qq -e trace=connect,sendto,sendmsg,sendmmsg -o "$work/trace" \
		"$PORTGUARD" "$@" --root "$root" >"$out" 2>"$work/stderr"
}
# a Probe: a datagram to port 3702, connected or addressed (the socket
# dumps name the port too, but no sin_port)
asked() { grep -q 'sin_port=htons(3702)' "$work/trace"; }
names_pid() { jq -e --arg line "process $1 " '.daemon | split("\n") | any(startswith($line))' "$kept" >/dev/null; }

echo "# the first fix asks wsdd, restricts, and keeps its answer"
traced "$work/out" fix --service wsd --json; code=$?
[ "$code" -eq 2 ] || fail "the first fix exited $code, expected 2: $(cat "$work/out" "$work/stderr")"
asked || fail "the first fix did not ask wsdd: $(cat "$work/trace")"
jq -e '.plan.action == "restrict" and .plan.trusted == ["10.84.19.0/24"]' "$work/out" >/dev/null ||
	fail "the first fix did not restrict to the LAN: $(jq -c .plan "$work/out")"
[ "$(stat -c %a "$kept")" = 600 ] || fail "the kept answer is not 0600: $(ls -l "$kept")"
jq -e '.answer.multicast.status == "answered" and .answer.public_link and .answer.public_address == "192.0.2.41"' \
	"$kept" >/dev/null || fail "the kept answer is not wsdd's: $(cat "$kept")"
names_pid "$wsdd_pid" || fail "the kept answer does not name wsdd's pid $wsdd_pid: $(jq -r .daemon "$kept")"
sockets=$(ip netns exec "$server" ss -Hlunep 'sport = :3702' | grep -o 'ino:[0-9]*' | sed 's/ino://' | sort -n)
[ "$(jq -r .daemon "$kept" | sed -n 's/^socket //p' | sort -n)" = "$sockets" ] ||
	fail "the kept answer names other sockets than ss: $(jq -r .daemon "$kept") / $sockets"

echo "# the same wsdd with the same sockets: fix takes the kept answer and asks nothing"
traced "$work/out" fix --service wsd --json; code=$?
[ "$code" -eq 0 ] || fail "the second fix exited $code, expected 0 (in place): $(cat "$work/out" "$work/stderr")"
asked && fail "the second fix asked wsdd although its answer was kept: $(grep sin_port=htons.3702 "$work/trace")"
jq -e '.changed == false' "$work/out" >/dev/null || fail "the second fix changed something: $(cat "$work/out")"
# and untraced (under the sanitizers, with leak checks)
out=$(ip netns exec "$server" "$PORTGUARD" fix --service wsd --root "$root" 2>&1); code=$?
[ "$code" -eq 0 ] || fail "the untraced second fix exited $code, expected 0: $out"
# without --service the look that picks the services takes it too
traced "$work/out" fix --json; code=$?
[ "$code" -eq 0 ] || fail "fix without --service exited $code, expected 0: $(cat "$work/out" "$work/stderr")"
asked && fail "fix without --service asked wsdd although its answer was kept"

echo "# check takes it too"
traced "$work/out" check --service wsd --json; code=$?
[ "$code" -eq 0 ] || fail "check exited $code, expected 0 (restricted): $(cat "$work/out" "$work/stderr")"
asked && fail "check asked wsdd although its answer was kept"
jq -e '.wsd.multicast.status == "answered" and .wsd.public_link' "$work/out" >/dev/null ||
	fail "check's kept answer is not wsdd's: $(jq -c .wsd "$work/out")"

echo "# a damaged record, or one of another daemon, is asked past"
for damaged in 'not json' '{"daemon": "boot x\nsocket 1\nprocess 1 1\n", "answer": {}}' '{"answer": []}'; do
	printf '%s' "$damaged" >"$kept"
	traced "$work/out" fix --service wsd --json; code=$?
	[ "$code" -eq 0 ] || fail "fix over the record '$damaged' exited $code, expected 0: $(cat "$work/out" "$work/stderr")"
	asked || fail "fix took the record '$damaged'"
	names_pid "$wsdd_pid" || fail "fix did not keep the answer again after '$damaged'"
done

echo "# an address more: the same wsdd opens a socket for it, fix asks again"
ip -n "$server" addr add 10.84.19.5/24 dev "$lan_if"
sockets_now() { ip netns exec "$server" ss -Hlun 'sport = :3702' | wc -l; }
before=$(jq -r .daemon "$kept" | grep -c '^socket ')
for _ in $(seq 100); do
	[ "$(sockets_now)" -gt "$before" ] && break
	sleep 0.2
done
[ "$(sockets_now)" -gt "$before" ] || fail "wsdd opened no socket for the new address"
traced "$work/out" fix --service wsd --json; code=$?
[ "$code" -eq 0 ] || fail "fix with a socket more exited $code, expected 0: $(cat "$work/out" "$work/stderr")"
asked || fail "fix took the answer kept for fewer sockets"
names_pid "$wsdd_pid" || fail "the kept answer does not name wsdd $wsdd_pid"
[ "$(jq -r .daemon "$kept" | grep -c '^socket ')" -eq "$(sockets_now)" ] ||
	fail "the kept answer does not name every socket: $(jq -r .daemon "$kept")"

echo "# wsdd restarted: another process, fix asks again"
kill "$wsdd_pid"
for _ in $(seq 100); do
	[ "$(sockets_now)" -eq 0 ] && break
	sleep 0.1
done
sandbox_wsdd wsdd_pid "$server" "$lan_if" "$wan_if" "$other_if"
traced "$work/out" check --service wsd --json; code=$?
[ "$code" -eq 0 ] || fail "check with the restarted wsdd exited $code, expected 0: $(cat "$work/out" "$work/stderr")"
asked || fail "check took the answer of the wsdd that ended"
names_pid "$wsdd_pid" || fail "check did not keep the new wsdd's answer ($wsdd_pid): $(jq -r .daemon "$kept")"
# what check kept, fix takes
traced "$work/out" fix --service wsd --json; code=$?
[ "$code" -eq 0 ] || fail "fix with the restarted wsdd exited $code, expected 0: $(cat "$work/out" "$work/stderr")"
asked && fail "fix asked wsdd although check kept its answer"
[ "$(wsd_probe "$neighbour" 192.0.2.41 group)" = "0 0" ] || fail "the public link gets ProbeMatches"
[ "$(wsd_probe "$lan" 10.84.19.1 group | cut -d' ' -f1)" -eq 2 ] || fail "the LAN lost wsdd"

expect_exit 2 ip netns exec "$server" "$PORTGUARD" undo --quiet --root "$root"
finish
