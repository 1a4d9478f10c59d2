#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fix --service memcached under a real booted systemd with Debian's
# memcached.service and its wrapper: without a client fix stops and
# masks it; with a client connected from another host fix restricts to
# that client's address (its stats still answered, a foreign scanner's
# not, over UDP and TCP); undo restores both.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/memcached.sh"
. "$TOP_SRCDIR/tests/lib/systemd-sandbox.sh"

sandbox_netns station
sandbox_netns scanner
systemd_sandbox_boot
inside() { systemd_sandbox_run "$@"; }
pg() { inside "$SYSTEMD_SANDBOX_PORTGUARD" "$@"; }
inside ip link set lo up
systemd_sandbox_link "$station" 10.76.18.1/24 10.76.18.2/24
systemd_sandbox_link "$scanner" 10.77.18.1/24 10.77.18.2/24
inside test -f /lib/systemd/system/memcached.service || { echo "memcached.service is not installed" >&2; exit 99; }

# Debian's memcached.conf, opened to everyone over UDP and TCP
printf -- '-m 64\n-p 11211\n-u memcache\n-U 11211\n-l 0.0.0.0\n-P /var/run/memcached/memcached.pid\n' |
	inside sh -c 'cat >/etc/memcached.conf'
inside systemctl enable memcached.service >/dev/null 2>&1
inside systemctl restart memcached.service || fail "memcached.service does not start"
wait_listening() {
	for _ in $(seq 300); do
		inside ss -Hlnu 'sport = :11211' | contains . && inside ss -Hlnt 'sport = :11211' | contains . && return 0
		sleep 0.1
	done
	fail "memcached does not listen on 11211"
}
probe() {	# NS ADDRESS: probe's JSON
	ip netns exec "$1" "$PORTGUARD" probe --service memcached "$2" --json --timeout 1
}
units() { echo "$(inside systemctl is-active memcached.service) $(inside systemctl is-enabled memcached.service)"; }
wait_listening
before=$(units)
[ "$before" = "active enabled" ] || fail "memcached.service is $before"

echo "# no client: nothing needs memcached, fix stops and masks it"
jq -e '.verdict == "open" and .udp.open and .tcp.answered' <<<"$(probe "$scanner" 10.77.18.1)" >/dev/null ||
	fail "memcached is not open to the scanner before the fix"
json=$(pg fix --service memcached --json); code=$?
[ "$code" -eq 2 ] || fail "fix (stop) exited $code, expected 2: $json"
jq -e '.plan.action == "stop" and .verified and .after.exposed == false and
	(.consumer_notes | any(test("-l 0.0.0.0 opens memcached beyond loopback")))' <<<"$json" >/dev/null ||
	X
[ "$(units)" = "inactive masked" ] || fail "memcached.service after the stop: $(units)"
jq -e '.verdict == "closed" and .reason == "port unreachable"' <<<"$(probe "$scanner" 10.77.18.1)" >/dev/null ||
	fail "memcached is not closed to the scanner after the stop"
said=$(memcached_stats "$scanner" 10.77.18.1 2>&1) && fail "memcached's stats after the stop: $said"
report=$(jq -r .report <<<"$json")
inside grep -q "Offener memcached-Dienst" "$report" || fail "the report lacks the memcached subject"
inside grep -q "memcached.service" "$report" || fail "the report does not name memcached.service"
inside grep -q "portguard probe --service memcached " "$report" || fail "the report lacks probe --service memcached"
inside grep -q "memcached gab auf „stats“ seine Version" "$report" || fail "the report lacks what stats leaked"
expect_exit 2 pg undo --service memcached --quiet
wait_listening
[ "$(units)" = "$before" ] || fail "undo of the stop did not restore memcached.service: $(units)"

echo "# a client on another host: fix restricts to it"
memcached_client "$station" 10.76.18.1 client_pid
json=$(pg fix --service memcached --json); code=$?
[ "$code" -eq 2 ] || fail "fix (restrict) exited $code, expected 2: $json"
jq -e '.plan.action == "restrict" and .verified and .plan.trusted == ["10.76.18.2/32"] and
	(.consumers | any(.kind == "memcached-client" and .evidence == "10.76.18.2 is connected to port 11211/tcp"))' \
	<<<"$json" >/dev/null || fail "fix did not restrict to the client: $(jq -c '{plan, consumers, verified}' <<<"$json")"
[ "$(units)" = "$before" ] || fail "restrict changed memcached.service: $(units)"
stats=$(memcached_stats "$station" 10.76.18.1) || fail "the client's host lost memcached: $stats"
jq -e '.verdict == "open"' <<<"$(probe "$station" 10.76.18.1)" >/dev/null || fail "probe from the client's host is not open"
json=$(probe "$scanner" 10.77.18.1)
jq -e '.verdict == "closed" and .reason == "no reply" and .udp.datagrams == 0 and .stats == null' <<<"$json" >/dev/null ||
	fail "memcached is not closed to the scanner after the restriction: $json"
said=$(memcached_stats "$scanner" 10.77.18.1 2>&1) && fail "memcached's stats reach the scanner: $said"
expect_exit 2 pg undo --service memcached --quiet
inside nft list table inet portguard >/dev/null 2>&1 && fail "undo left the table"
jq -e '.verdict == "open"' <<<"$(probe "$scanner" 10.77.18.1)" >/dev/null || fail "memcached is not open again after undo"
finish
