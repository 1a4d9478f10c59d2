#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fix --service ntp with the real Debian ntpd (ntpsec): its restrict line
# lets a monitoring network query it, so it is exposed and that network
# is trusted. fix never stops an NTP server: it restricts modes 6 and 7
# in NTP's own part of table inet portguard. Afterwards the monitoring
# station still reads the variables (ntpq), a stranger still gets the
# time (mode 3) but not the variables (mode 6, counted by the drop
# rule), and the host's own ntpd still hears its upstream server. undo
# takes the table away. The clock is never touched.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/ntpd.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"

clock_before=$(ntpd_clock_offset)
sandbox_netns server
sandbox_netns station
sandbox_netns stranger
sandbox_netns upstream
sandbox_link "$server" 10.74.1.1/24 "$station" 10.74.1.2/24
sandbox_link "$server" 10.74.2.1/24 "$stranger" 10.74.2.2/24
sandbox_link "$server" 10.74.3.2/24 "$upstream" 10.74.3.1/24
sandbox_empty_root root
mkdir -p "$root/etc/ntpsec"
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }

# The upstream: a minimal SNTP server (mode 4 to each mode 3), enough
# for ntpd to take it as a source it hears.
sandbox_spawn upstream_pid "$upstream" python3 -c '
import socket, struct, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.74.3.1", 123))
def stamp():
    t = time.time() + 2208988800
    return struct.pack("!II", int(t), int((t % 1) * 2**32))
while True:
    data, peer = s.recvfrom(512)
    if len(data) < 48 or data[0] & 7 != 3:
        continue
    received = stamp()
    reply = bytes([0x24, 1, data[2], 0xec]) + struct.pack("!II", 0, 0x100) + b"GPS\0"
    reply += stamp() + data[40:48] + received + stamp()
    s.sendto(reply, peer)
'
sandbox_wait_port "$upstream" udp 123

ntpd_config "$root/etc/ntpsec/ntp.conf" "restrict 10.74.1.0 mask 255.255.255.0 kod limited nomodify" \
	"server 10.74.3.1 iburst minpoll 3 maxpoll 3"
sandbox_ntpd ntpd_pid "$server" "$root/etc/ntpsec/ntp.conf"

# ask NS FIRST_BYTE: "answered" or "silent", one 48-byte datagram to
# 10.74.x.1:123 on the namespace's link.
ask() {
	local address=10.74.1.1
	[ "$1" = "$stranger" ] && address=10.74.2.1
	sandbox_udp_ask "$1" "$address" 123 "$2"
}
# When ntpd last heard the upstream (its peer variable rec), as text.
last_heard() {
	local id
	id=$(ip netns exec "$server" ntpq -c associations 127.0.0.1 2>/dev/null | awk '$1 ~ /^[0-9]+$/ { print $2; exit }')
	# "rec=eebf5ced.715d9139 2026-12-06T04:02:53.442Z": the second word
	[ -n "$id" ] && ip netns exec "$server" ntpq -c "rv $id rec" 127.0.0.1 2>/dev/null |
		sed -n 's/.*rec=[0-9a-f.]* \([0-9TZ:.-]*\).*/\1/p'
}

echo "# before: the stranger gets the time, not the variables (ntpd refuses it); exposed to the station's network"
[ "$(ask "$stranger" e3)" = answered ] || fail "the stranger got no time before the fix"
json=$(pg check --service ntp --json); code=$?
[ "$code" -eq 2 ] || fail "check exited $code, expected 2: $(jq -c '{exposed, plan}' <<<"$json")"
jq -e ".plan.action == \"restrict\"" <<<"$json" >/dev/null ||
	fail "the plan is not restrict: $(jq -c .plan <<<"$json")"
contains "ntpd serves every host on purpose, so fix keeps it running and port 123 open for that, and lets only loopback and 10.74.1.0/24 send it NTP control and monitoring queries (modes 6 and 7)." \
	<<<"$(jq -r .plan.reason <<<"$json")" || fail "the plan's reason: $(jq -r .plan.reason <<<"$json")"

echo "# fix without --service looks at what is exposed: NTP alone, or both"
out=$(pg fix --dry-run 2>&1); code=$?
[ "$code" -ne 1 ] || fail "the dry run failed: $out"
contains "ntpd serves every host on purpose" <<<"$out" || fail "the dry run did not plan NTP's fix: $out"
sandbox_rpcbind rpcbind_pid "$server"
out=$(pg fix --dry-run 2>&1); code=$?
[ "$code" -eq 2 ] || fail "the dry run with two exposed exited $code: $out"
contains "fix acts on every exposed service: portmapper, ntp." <<<"$out" || fail "the dry run did not name both: $out"
kill "$rpcbind_pid"; wait "$rpcbind_pid" 2>/dev/null

echo "# fix: modes 6 and 7 closed to all but loopback and the station's network"
out=$(pg fix --service ntp 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $out"
fixed_at=$(date +%s)
kill -0 "$ntpd_pid" 2>/dev/null || fail "fix stopped ntpd"
table=$(ip netns exec "$server" nft list table inet portguard)
contains "udp dport @ntp_ports @th,64,8 & 0x6 == 0x6 counter packets" <<<"$table" || fail "no mode filter: $table"
contains "elements = { 10.74.1.0/24 }" <<<"$table" || fail "the station's network is not trusted: $table"
ip netns exec "$station" timeout 20 ntpq -c rv 10.74.1.1 2>&1 | contains "version=" ||
	fail "the station lost ntpq after the fix"
[ "$(ask "$stranger" e3)" = answered ] || fail "the stranger lost the time after the fix"
[ "$(ask "$stranger" 16)" = silent ] || fail "the stranger got mode 6 after the fix"
drops=$(ip netns exec "$server" nft list table inet portguard |
	sed -nE 's/.*@ntp_ports @th,64,8 .*counter packets ([0-9]+) .*/\1/p' | awk '{ s += $1 } END { print s + 0 }')
[ "$drops" -ge 1 ] || fail "the drop rules counted nothing: the stranger's mode 6 reached ntpd"
json=$(ip netns exec "$stranger" "$PORTGUARD" probe --service ntp 10.74.2.1 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe from the stranger exited $code after the fix: $json"
json=$(pg check --service ntp --json); code=$?
[ "$code" -eq 0 ] || fail "check after the fix exited $code: $(jq -c '{exposed, listeners: [.listeners[] | {address, filtered}]}' <<<"$json")"
[ "$(jq -r .service "$root/var/lib/portguard/state.json")" = ntp ] || fail "the state is not NTP's"

echo "# the host's own ntpd still hears its upstream (mode 4 from port 123)"
heard=
for _ in $(seq 60); do
	rec=$(last_heard)
	if [ -n "$rec" ] && [ "$(date -d "$rec" +%s 2>/dev/null || echo 0)" -gt "$fixed_at" ]; then
		heard=$rec
		break
	fi
	sleep 0.5
done
[ -n "$heard" ] || fail "ntpd heard nothing from its upstream after the fix (last: $(last_heard))"

echo "# the agent puts NTP's part of the table back after a flush"
ip netns exec "$server" "$PORTGUARD" watch --root "$root" 2>"$root/watch.log" &
agent=$!
sandbox_pids+=("$agent")
guard_is() { [ "$(guard_field "$root" "$1")" = "$2" ]; }
wait_until 30 guard_is pid "$agent" || fail "the agent did not start: $(cat "$root/watch.log")"
ip netns exec "$server" nft flush ruleset
ntp_table_back() { ip netns exec "$server" nft list table inet portguard 2>/dev/null | contains "@ntp_ports @th,64,8"; }
wait_until 30 ntp_table_back || fail "the agent did not put NTP's table back: $(cat "$root/watch.log")"
[ "$(ask "$stranger" 16)" = silent ] || fail "the stranger got mode 6 after the repair"
[ "$(ask "$stranger" e3)" = answered ] || fail "the stranger lost the time after the repair"
kill "$agent"; wait "$agent" 2>/dev/null

echo "# a second fix changes nothing"
expect_exit 0 pg fix --service ntp --quiet

echo "# undo: the table goes, the variables are the stranger's again if ntpd allows it"
out=$(pg undo 2>&1); code=$?
[ "$code" -eq 2 ] || fail "undo exited $code, expected 2: $out"
ip netns exec "$server" nft list tables | contains portguard && fail "undo left the table"
[ "$(ask "$stranger" e3)" = answered ] || fail "the stranger lost the time after undo"

echo "# the mail path: CERT-Bund's NTP mail names the service, the report answers it"
out=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/certbund-ntp.txt" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix with the NTP mail exited $code, expected 2: $out"
[ "$(jq -r .service "$root/var/lib/portguard/state.json")" = ntp ] || fail "the mail's fix is not NTP's"
report=$(sed -n 's/^Report: //p' <<<"$out")
[ -f "$report" ] || fail "no report: $out"
# The report's lines are wrapped: compare its words.
words=$(tr -s ' \n' '  ' <"$report")
for phrase in "nftables nimmt NTP-Steuer- und Monitorabfragen (Modus 6 und 7) an Port 123 (UDP, IPv4 und IPv6) aber nur noch von Loopback und dem vertrauenswürdigen Netz 10.74.1.0/24 an" \
	"nftables now admits NTP control and monitoring queries (modes 6 and 7) to port 123 (UDP, IPv4 and IPv6) only from loopback and the trusted network 10.74.1.0/24" \
	"Every other packet to this port reaches the service as before"; do
	contains -F "$phrase" <<<"$words" || fail "the report lacks '$phrase'"
done
contains -F "(UDP und TCP" "$report" && fail "the report names TCP for NTP"
expect_exit 2 pg undo --quiet

[ "$(ntpd_clock_offset)" -lt $((clock_before + 1000000)) ] && [ "$(ntpd_clock_offset)" -gt $((clock_before - 1000000)) ] ||
	fail "the clock moved during the test"
finish
