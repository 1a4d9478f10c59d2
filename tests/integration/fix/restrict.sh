#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# portguard fix end to end where rpcbind must stay (no systemd here):
# real rpcbind, real nftables, real packets from a trusted and an
# untrusted peer namespace over IPv4 and IPv6; the report, a second fix,
# report again, a foreign accept rule, an interrupted run, and undo (the
# lock: fix/hostile-files.sh).
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"

sandbox_netns server
sandbox_netns trusted
sandbox_netns other
sandbox_link "$server" 10.9.1.1/24,fd00:9:1::1/64 "$trusted" 10.9.1.2/24,fd00:9:1::2/64
sandbox_link "$server" 10.9.2.1/24 "$other" 10.9.2.2/24
sandbox_rpcbind rpcbind_pid "$server"
root=$(mktemp -d)
chmod 755 "$root"
mkdir -p "$root/etc"
. "$TOP_SRCDIR/tests/lib/unprivileged.sh"
trap 'sandbox_cleanup; rm -rf "$root" "$unprivileged_dir"' EXIT
unprivileged_copy portguard_copy "$PORTGUARD"

pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
ruleset() { ip netns exec "$server" nft list ruleset; }
reaches() { # reaches NS ADDRESS PROTO: the portmapper answers NS over PROTO
	ip netns exec "$1" timeout -s KILL 3 rpcinfo -T "$3" -p "$2" >/dev/null 2>&1
}
trusted_networks=10.9.1.0/24,fd00:9:1::/64
abuse="$TOP_SRCDIR/tests/fixtures/abuse/certbund-portmapper.txt"

echo "# before: open to everybody"
reaches "$other" 10.9.2.1 udp || fail "untrusted peer does not reach rpcbind before the fix"
expect_exit 2 ip netns exec "$other" "$PORTGUARD" probe 10.9.2.1 --timeout 1 >/dev/null

echo "# bad input changes nothing"
before=$(ruleset)
expect_error "that is no restriction" pg fix --trusted 0.0.0.0/0
expect_error "has no CSV rows" pg fix --trusted "$trusted_networks" --abuse-report /etc/hostname
expect_error "needs root" ip netns exec "$server" "${as_nobody[@]}" \
	"$portguard_copy" fix --root "$root" --trusted "$trusted_networks"
[ "$(ruleset)" = "$before" ] || fail "a refused fix changed the ruleset"
[ ! -e "$root/var/lib/portguard/state.json" ] || fail "a refused fix wrote the state file"

echo "# dry run: the plan and its steps, nothing changed"
out=$(pg fix --dry-run --trusted "$trusted_networks"); code=$?
[ "$code" -eq 2 ] || fail "dry run exited $code, expected 2 (exposed)"
grep -q "Dry run: nothing was changed" <<<"$out" || fail "dry run does not say so: $out"
grep -q "nft: accept tcp and udp port 111 from IPv4 10.9.1.0/24" <<<"$out" || fail "dry run lacks the nft step: $out"
[ "$(ruleset)" = "$before" ] || fail "dry run changed the ruleset"
[ ! -e "$root/etc/portguard/portguard.nft" ] || fail "dry run wrote the nft file"

echo "# the abuse mail and its variants, read by fix --dry-run (as non-root: a dry run needs no root)"
fixtures="$TOP_SRCDIR/tests/fixtures/abuse"
for good in certbund-portmapper.txt crlf.txt ipv6-row.csv quoted-printable-crlf.eml reply-quoted.txt; do
	unprivileged_copy mail "$fixtures/$good"
	expect_exit 2 ip netns exec "$server" "${as_nobody[@]}" \
		"$portguard_copy" fix --root "$root" --dry-run --quiet --trusted "$trusted_networks" --abuse-report "$mail"
done
expect_error "has no CSV rows" pg fix --dry-run --trusted "$trusted_networks" --abuse-report "$fixtures/no-rows.txt"
expect_error "garbage.txt line 5: the row has 2 fields, the header at line 4 has 3" pg fix --dry-run --trusted "$trusted_networks" --abuse-report "$fixtures/garbage.txt"
expect_error "binary.bin" pg fix --dry-run --trusted "$trusted_networks" --abuse-report "$fixtures/binary.bin"
expect_error "/nonexistent/mail.txt" pg fix --trusted "$trusted_networks" --abuse-report /nonexistent/mail.txt
[ "$(ruleset)" = "$before" ] || fail "reading abuse reports changed the ruleset"

echo "# fix"
json=$(pg fix --json --trusted "$trusted_networks" --abuse-report "$abuse"); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2"
jq -e '.changed == true and .verified == true and .plan.action == "restrict" and .after.exposed == false
	and (.report | type) == "string"' <<<"$json" >/dev/null || fail "fix JSON: $json"
report=$(jq -r .report <<<"$json")
[ -f "$report" ] || fail "report $report missing"
[ "$(stat -c %a "$report")" = 640 ] || fail "report mode $(stat -c %a "$report"), expected 640"
[ "$(jq -r .status "$root/var/lib/portguard/state.json")" = applied ] || fail "state not recorded as applied"
grep -q "10.9.1.0/24" "$report" || fail "report does not name the trusted network"
grep -q "inet portguard" "$report" || fail "report does not name the table"
grep -q "192.0.2.10" "$report" || fail "report does not quote the abuse rows"
grep -q "Sehr geehrte Damen und Herren" "$report" && grep -q "Dear Sir or Madam" "$report" ||
	fail "report is not in German and English"
cmp -s <(ip netns exec "$server" nft -f "$root/etc/portguard/portguard.nft" -c && echo ok) <(echo ok) ||
	fail "the nft file does not parse"

echo "# after: trusted peer and loopback reach it, the untrusted one does not"
reaches "$trusted" 10.9.1.1 udp || fail "trusted peer lost UDP"
reaches "$trusted" 10.9.1.1 tcp || fail "trusted peer lost TCP"
reaches "$trusted" fd00:9:1::1 udp6 || fail "trusted peer lost UDP over IPv6"
ip netns exec "$server" timeout -s KILL 3 rpcinfo -p 127.0.0.1 >/dev/null || fail "loopback lost"
reaches "$other" 10.9.2.1 udp && fail "untrusted peer still reaches UDP"
reaches "$other" 10.9.2.1 tcp && fail "untrusted peer still reaches TCP"
expect_exit 0 ip netns exec "$other" "$PORTGUARD" probe 10.9.2.1 --timeout 1 >/dev/null
expect_exit 0 pg check >/dev/null

echo "# a second fix changes nothing"
rules=$(ruleset); state=$(md5sum <"$root/var/lib/portguard/state.json")
out=$(pg fix --trusted "$trusted_networks"); code=$?
[ "$code" -eq 0 ] || fail "second fix exited $code, expected 0: $out"
[ "$(ruleset)" = "$rules" ] || fail "second fix changed the ruleset"
[ "$(md5sum <"$root/var/lib/portguard/state.json")" = "$state" ] || fail "second fix replaced the state record"

echo "# report writes the report again"
out=$(pg report); code=$?
[ "$code" -eq 0 ] || fail "report exited $code"
again=$(sed -n 's/^Report: //p' <<<"$out")
[ -f "$again" ] && grep -q "192.0.2.10" "$again" || fail "report again: $out"

echo "# a foreign table that accepts port 111 does not reopen it"
ip netns exec "$server" nft -f - <<'RULES'
table inet foreign {
	chain input { type filter hook input priority -400; policy accept; udp dport 111 accept; tcp dport 111 accept; }
}
RULES
reaches "$other" 10.9.2.1 udp && fail "a foreign accept rule reopened port 111"
ip netns exec "$server" nft delete table inet foreign

echo "# a table edited to trust everybody limits nothing, and fix puts it right"
ip netns exec "$server" nft flush set inet portguard trusted4
ip netns exec "$server" nft add element inet portguard trusted4 '{ 0.0.0.0/0 }'
expect_exit 2 pg check --trusted "$trusted_networks" --quiet
expect_exit 2 pg fix --trusted "$trusted_networks" --quiet
expect_exit 0 pg check --trusted "$trusted_networks" --quiet
reaches "$other" 10.9.2.1 udp && fail "untrusted peer reaches rpcbind after the repair"

echo "# a state file that is not what fix writes is refused by undo"
hostile=$(mktemp -d)
mkdir -p "$hostile/var/lib/portguard"
jq '.changes.systemd = [{"unit": "../../etc/shadow", "active_state": "active", "unit_file_state": "enabled"}]' \
	"$root/var/lib/portguard/state.json" >"$hostile/var/lib/portguard/state.json"
rules=$(ruleset)
expect_error "damaged" ip netns exec "$server" "$PORTGUARD" undo --root "$hostile"
jq '.status = "frobnicated"' "$root/var/lib/portguard/state.json" >"$hostile/var/lib/portguard/state.json"
expect_error "does not look like a fix portguard recorded" ip netns exec "$server" "$PORTGUARD" undo --root "$hostile"
[ "$(ruleset)" = "$rules" ] || fail "undo of a hostile state file changed the ruleset"
rm -rf "$hostile"

echo "# a run killed between its change and its record is rolled back first"
# What a SIGKILL right after apply leaves: the journal, status applying.
jq '.status = "applying"' "$root/var/lib/portguard/state.json" >"$root/var/lib/portguard/journal.json"
# The rollback put back the table from before that fix, which is what
# this fix wants: nothing is left to change.
out=$(pg fix --trusted "$trusted_networks" 2>&1); code=$?
[ "$code" -eq 0 ] || fail "fix after an interrupted run exited $code, expected 0: $out"
grep -q "previous run was interrupted" <<<"$out" || fail "the recovery was not reported: $out"
[ "$(jq -r .status "$root/var/lib/portguard/state.json")" = applied ] || fail "state after recovery not applied"
[ ! -e "$root/var/lib/portguard/journal.json" ] || fail "the journal was left behind"
reaches "$other" 10.9.2.1 udp && fail "untrusted peer reaches rpcbind after the recovery"

echo "# a run killed after its record but before the rename is finished"
jq '.marker = "finished"' "$root/var/lib/portguard/state.json" >"$root/var/lib/portguard/journal.json"
expect_exit 0 pg fix --trusted "$trusted_networks" --quiet
[ "$(jq -r .marker "$root/var/lib/portguard/state.json")" = finished ] || fail "a finished journal was not made the state"
[ ! -e "$root/var/lib/portguard/journal.json" ] || fail "the finished journal was left behind"

echo "# a damaged journal: one line, nothing changed"
rules=$(ruleset)
printf '{"status": "applying", "changes": ' >"$root/var/lib/portguard/journal.json"
expect_error "journal.json is damaged" pg fix --trusted "$trusted_networks"
[ "$(ruleset)" = "$rules" ] || fail "a damaged journal changed the ruleset"
rm "$root/var/lib/portguard/journal.json"

echo "# undo walks back one fix at a time to the host before portguard"
out=$(pg undo); code=$?
[ "$code" -eq 2 ] || fail "undo exited $code, expected 2: $out"
grep -q "run undo again" <<<"$out" || fail "undo does not say that earlier fixes remain: $out"
ruleset | contains "10.9.1.0/24" || fail "undo did not put the earlier fix's table back"
for _ in 1 2 3 4 5; do
	pg undo --quiet
	code=$?
	[ "$code" -eq 2 ] || break
done
[ "$code" -eq 0 ] || fail "undo did not end with 'nothing to undo' (exit $code)"
ruleset | contains "table inet portguard" && fail "undo left the table"
[ ! -e "$root/etc/portguard/portguard.nft" ] || fail "undo left the nft file"
reaches "$other" 10.9.2.1 udp || fail "undo did not restore reachability"
finish
