#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# chargen restricted without systemd (fix restricts outside it): the
# real xinetd in a namespace, a station on a trusted network and a
# scanner on a public link. After fix --trusted the scanner's datagrams
# get nothing on 19, 7 and 13, the station still gets its answers; the
# agent puts chargen's part of the table back after `nft flush ruleset`;
# undo opens it again; Shadowserver's scan_chargen mail and CERT-Bund's
# Chargen mail are answered with chargen's report.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/chargen.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"

sandbox_netns server
sandbox_netns station
sandbox_netns scanner
sandbox_link "$server" 10.74.19.1/24 "$station" 10.74.19.2/24
sandbox_link "$server" 192.0.2.19/24 "$scanner" 192.0.2.66/24
sandbox_empty_root root
xinetd_config "$root/etc/xinetd.conf"
sandbox_xinetd xinetd_pid "$server" "$root/etc/xinetd.conf"
sandbox_wait_port "$server" udp 13 || exit 99
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
guard_is() { [ "$(guard_field "$root" "$1")" = "$2" ]; }
part_back() { ip netns exec "$server" nft list table inet portguard 2>/dev/null | contains "dport @chargen_ports"; }
scanner_silent() {
	for port in 19 7 13; do
		[ "$(chargen_ask "$scanner" 192.0.2.19 $port)" = silent ] || return 1
	done
}
[ "$(chargen_ask "$scanner" 192.0.2.19 19)" = 1024 ] || fail "the scanner gets no chargen before the fix"

echo "# fix: restricted to the trusted network"
out=$(pg fix --service chargen --trusted 10.74.19.0/24 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $out"
table=$(ip netns exec "$server" nft list table inet portguard)
contains "elements = { 10.74.19.0/24 }" <<<"$table" || fail "the station's network is not trusted: $table"
contains "udp dport @chargen_ports" <<<"$table" || fail "chargen's UDP ports are not restricted: $table"
contains "tcp dport @chargen_ports" <<<"$table" || fail "chargen's TCP ports are not restricted: $table"
scanner_silent || fail "the scanner still gets an answer after the fix"
[ "$(chargen_ask "$station" 10.74.19.1 19)" = 1024 ] || fail "the station lost chargen"
[ "$(chargen_ask "$station" 10.74.19.1 13)" != silent ] || fail "the station lost daytime"
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service chargen 192.0.2.19 --json --timeout 1); code=$?
[ "$code" -eq 0 ] && jq -e '.verdict == "closed" and .reason == "no reply"' <<<"$json" >/dev/null ||
	fail "probe from the scanner after the fix ($code): $json"

echo "# the agent puts chargen's part back after a flush"
ip netns exec "$server" "$PORTGUARD" watch --root "$root" 2>"$root/watch.log" &
agent=$!
sandbox_pids+=("$agent")
wait_until 30 guard_is pid "$agent" || fail "the agent did not start: $(cat "$root/watch.log")"
ip netns exec "$server" nft flush ruleset
wait_until 30 part_back || fail "the agent did not put chargen's table back: $(cat "$root/watch.log")"
scanner_silent || fail "the scanner gets an answer after the repair"
[ "$(chargen_ask "$station" 10.74.19.1 19)" = 1024 ] || fail "the station lost chargen after the repair"
kill "$agent"; wait "$agent" 2>/dev/null

echo "# undo: open as before"
expect_exit 2 pg undo --quiet
ip netns exec "$server" nft list tables | contains portguard && fail "undo left the table"
[ "$(chargen_ask "$scanner" 192.0.2.19 19)" = 1024 ] || fail "the scanner gets nothing after undo"

echo "# the mail path: Shadowserver's scan_chargen names the service, the report answers it"
out=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/shadowserver-chargen.eml" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix with the scan_chargen mail exited $code, expected 2: $out"
[ "$(jq -r .service "$root/var/lib/portguard/state.json")" = chargen ] || fail "the mail's fix is not chargen's"
report=$(sed -n 's/^Report: //p' <<<"$out")
[ -f "$report" ] || fail "no report: $out"
words=$(tr -s ' \n' '  ' <"$report")
for phrase in "Offener Chargen-Dienst" "Open Chargen service" "chargen, qotd, echo und daytime, die internen Dienste von xinetd/inetd" \
	"the internal services of xinetd/inetd" "192.0.2.19" "Open-Chargen" \
	"A datagram of 1 bytes was answered by chargen 19/udp, echo 7/udp, daytime 13/udp; the largest reply had 1024 bytes" \
	"printf '\\n' | nc -u -w 2 " "„disable = yes“ und lädt xinetd neu" 'set "disable = yes" in the files below /etc/xinetd.d'; do
	contains -F -- "$phrase" <<<"$words" || fail "the report lacks '$phrase'"
done
scanner_silent || fail "the scanner gets an answer after the mail's fix"
expect_exit 2 pg undo --quiet

echo "# CERT-Bund's Chargen mail"
out=$(pg fix --abuse-report "$TOP_SRCDIR/tests/fixtures/abuse/certbund-chargen.txt" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix with the CERT-Bund mail exited $code, expected 2: $out"
[ "$(jq -r .service "$root/var/lib/portguard/state.json")" = chargen ] || fail "CERT-Bund's fix is not chargen's"
expect_exit 2 pg undo --quiet
finish
