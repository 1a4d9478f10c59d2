#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# One fix for every exposed service: the real rpcbind, snmpd and
# memcached in one namespace, all open to a stranger. fix without
# --service restricts all three in one run (one table, a part each),
# the stranger gets nothing from any of them and the trusted network
# still gets all; check finds nothing exposed, a second fix changes
# nothing; the agent puts every part back after a flush; one undo takes
# the whole run back. undo --service of a service that is not the last
# one fixed is refused and changes nothing.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/memcached.sh"
. "$TOP_SRCDIR/tests/lib/snmpd.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"

sandbox_netns server
sandbox_netns office
sandbox_netns stranger
sandbox_link "$server" 10.78.1.1/24 "$office" 10.78.1.2/24
sandbox_link "$server" 10.78.2.1/24 "$stranger" 10.78.2.2/24
sandbox_empty_root root
work=$(mktemp -d)
trap 'sandbox_cleanup; rm -rf "$work"' EXIT
sandbox_rpcbind rpcbind_pid "$server"
sandbox_memcached memcached_pid "$server" -l 0.0.0.0 -U 11211
snmp_config "$work/snmpd.conf" udp:161
sandbox_snmpd snmpd_pid "$server" "$work/snmpd.conf" "$work"
pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
guard_is() { [ "$(guard_field "$root" "$1")" = "$2" ]; }
table() { ip netns exec "$server" nft list table inet portguard 2>/dev/null; }
all_parts() {
	local t
	t=$(table)
	contains "dport @ports counter" <<<"$t" && contains "dport @snmp_ports counter" <<<"$t" &&
		contains "dport @memcached_ports counter" <<<"$t"
}
# what NS gets from the three: "rpcbind snmp memcached" answered or silent
heard() {
	local rpc=silent snmp=silent mem=silent
	[ "$(ip netns exec "$1" "$PORTGUARD" probe "$2" --json --timeout 1 2>/dev/null | jq -r .verdict)" = open ] && rpc=answered
	snmp_sysdescr "$1" "$2" >/dev/null && snmp=answered
	memcached_stats "$1" "$2" >/dev/null 2>&1 && mem=answered
	echo "$rpc $snmp $mem"
}

[ "$(heard "$stranger" 10.78.2.1)" = "answered answered answered" ] ||
	fail "the stranger does not get all three before the fix: $(heard "$stranger" 10.78.2.1)"

echo "# fix without --service: every exposed service in one run, one table"
out=$(pg fix --mode restrict --trusted 10.78.1.0/24 2>&1); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2: $out"
contains "fix acts on every exposed service: portmapper, snmp, memcached." <<<"$out" || fail "fix did not say its choice: $out"
for name in portmapper snmp memcached; do
	contains "== $name ==" <<<"$out" || fail "fix did not report $name: $out"
done
all_parts || fail "the table lacks a part: $(table)"
[ "$(heard "$stranger" 10.78.2.1)" = "silent silent silent" ] ||
	fail "the stranger still gets something: $(heard "$stranger" 10.78.2.1)"
[ "$(heard "$office" 10.78.1.1)" = "answered answered answered" ] ||
	fail "the office lost something: $(heard "$office" 10.78.1.1)"
state=$root/var/lib/portguard/state.json
jq -e '.service == "memcached" and .same_run and .earlier.service == "snmp" and .earlier.same_run and
	.earlier.earlier.service == "portmapper" and (.earlier.earlier.same_run | not) and
	(.changes.nft.other_parts | map(.service)) == ["portmapper", "snmp"]' "$state" >/dev/null ||
	fail "the state does not chain the three fixes: $(jq -c '{service, same_run, parts: .changes.nft.other_parts}' "$state")"
report=$(jq -r .report "$state")
for subject in "Offener Portmapper-Dienst" "Offener SNMP-Dienst" "Offener memcached-Dienst"; do
	grep -q "$subject" "$report" || fail "the report lacks the section \"$subject\": $(grep Betreff "$report")"
done

echo "# check finds nothing exposed; a second fix changes nothing"
json=$(pg check --json); code=$?
[ "$code" -eq 0 ] || fail "check exited $code after the fix: $(jq -c '[.services[] | {service, exposed}]' <<<"$json")"
json=$(pg fix --mode restrict --trusted 10.78.1.0/24 --json); code=$?
[ "$code" -eq 0 ] || fail "the second fix exited $code: $json"
jq -e '(.services | map(.service)) == ["portmapper", "snmp", "memcached"] and all(.services[]; .changed == false)' <<<"$json" >/dev/null ||
	fail "the second fix's JSON: $(jq -c '[.services[] | {changed, verified}]' <<<"$json")"

echo "# undo --service of a service that is not the last fixed is refused"
before=$(jq -S . "$state")
expect_error "portguard: the last fix is the memcached's, not the snmp's; run 'portguard undo' without --service to undo it" \
	pg undo --service snmp
[ "$(jq -S . "$state")" = "$before" ] || fail "the refused undo changed the state"
all_parts || fail "the refused undo changed the table: $(table)"

echo "# the agent puts every part back after a flush"
ip netns exec "$server" "$PORTGUARD" watch --root "$root" 2>"$work/watch.log" &
agent=$!
sandbox_pids+=("$agent")
wait_until 30 guard_is pid "$agent" || fail "the agent did not start: $(cat "$work/watch.log")"
ip netns exec "$server" nft flush ruleset
wait_until 30 all_parts || fail "the agent did not put the table back: $(table) $(cat "$work/watch.log")"
[ "$(heard "$stranger" 10.78.2.1)" = "silent silent silent" ] ||
	fail "the stranger gets something after the repair: $(heard "$stranger" 10.78.2.1)"
kill "$agent"; wait "$agent" 2>/dev/null

echo "# a later fix of one service, undone alone: the nft file and the table come back byte for byte"
# The state leaves out the texts it can format again; undo formats the
# file before the fix from the record's parts.
file=$root/etc/portguard/portguard.nft
cp "$file" "$work/nft-before"
rules() { ip netns exec "$server" nft --stateless list table inet portguard; }	# without the counters
rules >"$work/table-before"
out=$(pg fix --service snmp --mode restrict --trusted 10.78.1.0/24,10.78.9.0/24 2>&1); code=$?
[ "$code" -eq 2 ] || fail "the later fix of snmp exited $code: $out"
grep -q "10.78.9.0/24" "$file" || fail "the later fix did not write its network into $file"
jq -e '.changes.nft.ruleset == {"rendered": true} and .changes.nft.file_previous == {"rendered": true} and
	.after.rules == {"rendered": true}' "$state" >/dev/null ||
	fail "the state keeps texts portguard formats again: $(jq -c '.changes.nft | {ruleset, file_previous}' "$state" | cut -c1-300)"
out=$(pg undo 2>&1); code=$?
[ "$code" -eq 2 ] || fail "undo of the later fix exited $code: $out"
cmp -s "$file" "$work/nft-before" || fail "undo did not put $file back byte for byte: $(diff "$work/nft-before" "$file")"
[ "$(rules)" = "$(cat "$work/table-before")" ] || fail "undo did not put the table back: $(diff <(rules) "$work/table-before")"
all_parts || fail "the run's parts are gone after undoing the later fix: $(table)"

echo "# one undo takes the whole run back"
out=$(pg undo 2>&1); code=$?
[ "$code" -eq 2 ] || fail "undo exited $code: $out"
table >/dev/null && fail "the table is still there after undo: $(table)"
[ "$(heard "$stranger" 10.78.2.1)" = "answered answered answered" ] ||
	fail "the stranger does not get all three after undo: $(heard "$stranger" 10.78.2.1)"
expect_exit 0 pg undo --quiet

echo "# a mail about two of the three: fix acts on those two"
# Shadowserver's rows, each told to its service by its header
{
	sed -n '1p;2p' "$TOP_SRCDIR/tests/fixtures/abuse/2026-11-24-scan_snmp-asn64496-de.csv"
	echo
	sed -n '1p;2p' "$TOP_SRCDIR/tests/fixtures/abuse/2026-11-24-scan_memcached-asn64496-de.csv"
} | sed 's/"192\.0\.2\.[0-9]*"/"10.78.2.1"/' >"$work/mail.csv"
out=$(pg fix --dry-run --mode restrict --trusted 10.78.1.0/24 --abuse-report "$work/mail.csv" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "the dry run with the mail exited $code: $out"
contains "fix acts on the services the abuse report names: snmp, memcached." <<<"$out" || fail "the mail's services: $out"
contains "== portmapper ==" <<<"$out" && fail "fix looked at the portmapper the mail does not name: $out"
out=$(pg fix --dry-run --service memcached,ntp --abuse-report "$work/mail.csv" 2>&1); code=$?
[ "$code" -eq 2 ] || fail "the narrowed dry run exited $code: $out"
contains "fix acts on" <<<"$out" && fail "--service memcached,ntp with the mail is one service: $out"
table >/dev/null && fail "a dry run installed a table: $(table)"
finish
