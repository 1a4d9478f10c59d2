#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# NTP with the real Debian ntpd (ntpsec) in a namespace: check finds its
# sockets as ss does and reads what READVAR leaks; probe from a scanner's
# namespace is judged as ntpq judges it. Debian's default (noquery for
# everyone but loopback) is not exposed; a restrict line that lets the
# scanner's network query is. The clock is never touched.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/ntpd.sh"

clock_before=$(ntpd_clock_offset)
sandbox_netns server
sandbox_netns scanner
sandbox_link "$server" 10.72.18.1/24 "$scanner" 10.72.18.2/24
sandbox_empty_root work
mkdir -p "$work/default/etc/ntpsec" "$work/open/etc/ntpsec"
from_scanner() { ip netns exec "$scanner" "$@"; }

echo "# Debian's default: ntpd listens beyond loopback, answers loopback only"
ntpd_config "$work/default/etc/ntpsec/ntp.conf"
sandbox_ntpd ntpd_pid "$server" "$work/default/etc/ntpsec/ntp.conf"
# ntpd binds the veth's link-local address once the kernel has made it:
# compare with ss only then, so both see the same sockets.
for _ in $(seq 150); do
	ip netns exec "$server" ss -Hlun 'sport = :123' | contains 'fe80::' && break
	sleep 0.2
done
# ntpsec names itself in READVAR and has no mode 7: check does not wait
# out monlist's timeout on it ("not asked"); probe from outside asks.
json=$(ip netns exec "$server" "$PORTGUARD" check --service ntp --json --root "$work/default"); code=$?
[ "$code" -eq 0 ] || fail "check of Debian's default exited $code, expected 0 (not exposed): $json"
actual=$(jq -r '.listeners[] | select(.proto == "udp") | "\(.address) \(.port)"' <<<"$json" 2>/dev/null | sort -u)
expected=$(ip netns exec "$server" ss -Hlun 'sport = :123' | awk '{ print $4 }' |
	sed -E 's/%[^]:]*//; s/^\[?([^]]*)\]?:123$/\1 123/; s/^\* /0.0.0.0 /' | sort -u)
[ -n "$expected" ] || fail "ss shows nothing on 123"
[ "$(wc -l <<<"$actual")" -eq "$(wc -l <<<"$expected")" ] || fail "check's listeners differ from ss:
$(diff <(echo "$expected") <(echo "$actual"))"
jq -e '.ntp.reachable and .ntp.address == "127.0.0.1" and .ntp.readvar.status == "answered" and
	.ntp.request_bytes == 12 and .ntp.reply_bytes > 300 and .ntp.amplification > 25 and
	(.ntp.readvar.variables.version | startswith("ntpd ntpsec")) and .ntp.readvar.variables.system != null and
	.ntp.monlist.status == "not asked" and .ntp.monlist.reply_bytes == 0' <<<"$json" >/dev/null ||
	fail "check's ntp answer: $(jq -c .ntp <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service ntp --root "$work/default")
contains "Verdict: not exposed - ntpd listens on port 123 beyond loopback but answers its queries for no other host" <<<"$text" ||
	fail "no not-exposed verdict: $text"
json=$(from_scanner "$PORTGUARD" probe --service ntp 10.72.18.1 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe of Debian's default exited $code, expected 0: $json"
jq -e '.ntp.reachable == false and .ntp.readvar.status == "no reply"' <<<"$json" >/dev/null || fail "probe JSON: $json"
from_scanner timeout 20 ntpq -c rv 10.72.18.1 2>&1 | contains "version=" && fail "ntpq got the variables of Debian's default"
kill "$ntpd_pid"; wait "$ntpd_pid" 2>/dev/null

echo "# a restrict line lets the scanner's network query: exposed, as ntpq sees"
ntpd_config "$work/open/etc/ntpsec/ntp.conf" "restrict 10.72.18.0 mask 255.255.255.0 kod limited nomodify"
sandbox_ntpd ntpd_pid "$server" "$work/open/etc/ntpsec/ntp.conf"
json=$(ip netns exec "$server" "$PORTGUARD" check --service ntp --json --root "$work/open"); code=$?
[ "$code" -eq 2 ] || fail "check of an open ntpd exited $code, expected 2: $json"
jq -e '[.consumers[] | select(.kind == "ntp-query") | .trusted[]] == ["10.72.18.0/24"]' <<<"$json" >/dev/null ||
	fail "the restrict line is no consumer: $(jq -c .consumers <<<"$json")"
json=$(from_scanner "$PORTGUARD" probe --service ntp 10.72.18.1 --json --timeout 2); code=$?
[ "$code" -eq 2 ] || fail "probe of an open ntpd exited $code, expected 2: $json"
jq -e '.ntp.reachable and .ntp.request_bytes == 12 and .ntp.reply_bytes > 300 and .ntp.amplification > 25 and
	.ntp.readvar.datagrams >= 1 and (.ntp.readvar.variables.version | startswith("ntpd ntpsec"))' <<<"$json" >/dev/null ||
	fail "probe JSON: $json"
version=$(from_scanner ntpq -c 'rv 0 version' 10.72.18.1 | sed -n 's/^version="\(.*\)"$/\1/p')
[ "$version" = "$(jq -r .ntp.readvar.variables.version <<<"$json")" ] || fail "ntpq says version '$version', probe $(jq -c .ntp.readvar.variables.version <<<"$json")"
text=$(from_scanner "$PORTGUARD" probe --service ntp 10.72.18.1 --timeout 2)
contains "Verdict: OPEN - 10.72.18.1 answers NTP queries on port 123" <<<"$text" || fail "no OPEN verdict: $text"

echo "# the clock was not stepped"
drift=$(( $(ntpd_clock_offset) - clock_before )); drift=${drift#-}
[ "$drift" -lt 50000000 ] || fail "the clock moved by $drift ns"
finish
