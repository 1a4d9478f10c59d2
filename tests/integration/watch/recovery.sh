#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# portguard watch and a fix killed half-way (SIGKILL while it applies,
# or after it applied but before its record became the state): the
# agent, running or started later, ends the fix as the next run would
# (rolled back, or finished) and guards what is then recorded; it ends
# only after undo or when nothing was ever fixed, and says which. check
# tells the truth each time. A foreign change right after the agent's
# own repair is still repaired: its own batches are told by the port id
# of its socket, and nothing else. A journal it cannot read keeps it
# running with an alert.
# PORTGUARD_TEST_STOP=applying|applied stops fix there (fix/fix_run.c).
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/nft.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"
command -v jq >/dev/null || { echo "jq is not installed" >&2; exit 99; }

sandbox_netns server
sandbox_netns other
sandbox_link "$server" 10.9.6.1/24 "$other" 10.9.6.2/24
sandbox_rpcbind rpcbind_pid "$server"
root=$(mktemp -d)
chmod 755 "$root"
log=$(mktemp)
trap 'sandbox_cleanup; rm -rf "$root" "$log"' EXIT

pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
in_server() { ip netns exec "$server" "$@"; }
table_back() { in_server nft list table inet portguard; }
table_rules() { in_server nft list table inet portguard | sed -E 's/counter packets [0-9]+ bytes [0-9]+/counter/'; }
rules_are() { [ "$(table_rules)" = "$1" ]; }
guard_is() { [ "$(guard_field "$root" "$1")" = "$2" ]; }
journal="$root/var/lib/portguard/journal.json"
state="$root/var/lib/portguard/state.json"
no_journal() { [ ! -e "$journal" ]; }
logged() { grep -q -- "$1" "$log"; }
# The networks the recorded fix trusted.
state_trusted() { jq -r '.before.plan.trusted | join(",")' "$state"; }

agent=""
start_agent() {
	ip netns exec "$server" "$PORTGUARD" watch --root "$root" 2>>"$log" &
	agent=$!
	sandbox_pids+=("$agent")
	wait_until 10 guard_is pid "$agent" || fail "the agent did not write its status"
}
agent_ended() { ! kill -0 "$agent" 2>/dev/null; }

# stopped_fix POINT TRUSTED: a fix that stops itself at POINT of its
# journal, holding the lock; its pid in $fix.
fix=""
is_stopped() { grep -q '^State:.*T (stopped)' "/proc/$1/status"; }
stopped_fix() {
	PORTGUARD_TEST_STOP=$1 ip netns exec "$server" "$PORTGUARD" fix --trusted "$2" --quiet --root "$root" \
		>/dev/null 2>&1 &
	fix=$!
	sandbox_pids+=("$fix")
	wait_until 30 is_stopped "$fix" || { fail "fix did not stop at '$1'"; return 1; }
	[ "$(jq -r .status "$journal")" = "$1" ] || fail "the journal of a fix stopped at '$1' says $(jq -r .status "$journal")"
}
kill_fix() {
	kill -KILL "$fix"
	wait "$fix" 2>/dev/null
}

# check_says EXIT GUARD: check's verdict (0 closed, 2 exposed) and its
# Guard line.
check_says() {
	local out code
	out=$(pg check --trusted 10.9.5.0/24 2>&1); code=$?
	[ "$code" -eq "$1" ] || fail "check exited $code, expected $1: $out"
	grep -q "^Guard: $2" <<<"$out" || fail "check does not say 'Guard: $2': $(grep Guard <<<"$out")"
}

echo "# nothing recorded: the agent ends and says that no fix was ever recorded"
expect_exit 0 pg watch 2>>"$log"
logged "no fix was ever recorded here: nothing to guard, the agent ends" || fail "the agent did not say why it ended: $(cat "$log")"

echo "# the agent guards a fix; another fix is killed while applying: rolled back, the first still guarded"
expect_exit 2 pg fix --trusted 10.9.5.0/24 --quiet 2>/dev/null
recorded=$(table_rules)
start_agent
stopped_fix applying 10.9.7.0/24
[ "$(table_rules)" != "$recorded" ] || fail "the stopped fix had not changed the table: the test proves nothing"
kill_fix
wait_until 20 no_journal || fail "the agent left the journal of the killed fix"
wait_until 20 rules_are "$recorded" || fail "the first fix's table is not back: $(table_rules)"
wait_until 10 logged "rolled back" || fail "the agent did not log the rollback: $(cat "$log")"
[ "$(state_trusted)" = 10.9.5.0/24 ] || fail "the state records $(state_trusted), not the first fix"
agent_ended && fail "the agent ended after the rollback"
expect_unreachable "$other" udp 10.9.6.1
check_says 0 "guarded by portguard watch"
in_server nft delete table inet portguard
wait_until 10 rules_are "$recorded" || fail "the agent no longer guards the first fix"

echo "# another fix is killed after it applied: finished, and its table guarded"
stopped_fix applied 10.9.7.0/24
second=$(table_rules)
[ "$second" != "$recorded" ] || fail "the stopped fix had not changed the table: the test proves nothing"
kill_fix
wait_until 20 no_journal || fail "the agent left the journal of the killed fix"
wait_until 10 logged "its record is now the state" || fail "the agent did not log the finished fix: $(cat "$log")"
[ "$(jq -r .status "$state")" = applied ] && [ "$(state_trusted)" = 10.9.7.0/24 ] ||
	fail "the state is not the finished fix: $(jq -c '[.status, .before.plan.trusted]' "$state")"
rules_are "$second" || fail "the finished fix's table was replaced: $(table_rules)"
in_server nft delete table inet portguard
wait_until 10 rules_are "$second" || fail "the agent does not guard the finished fix"
agent_ended && fail "the agent ended after finishing the fix"
check_says 0 "guarded by portguard watch"

echo "# a foreign delete right after the agent's own repair is repaired too"
repairs=$(guard_field "$root" repairs)
in_server nft delete table inet portguard
wait_until 10 rules_are "$second" || fail "the first delete was not repaired"
in_server nft delete table inet portguard
wait_until 10 rules_are "$second" || fail "a delete right after the agent's repair was taken for the agent's own"
[ "$(guard_field "$root" repairs)" = $((repairs + 2)) ] || fail "two deletes, $(($(guard_field "$root" repairs) - repairs)) repairs"

echo "# undo ends the agent, which says the fix was undone"
for _ in 1 2 3 4 5 6; do
	pg undo 2>/dev/null | contains "^Nothing to undo" && break
done
pg undo 2>/dev/null | contains "^Nothing to undo" || fail "undo never reached 'Nothing to undo'"
wait_until 20 agent_ended || fail "the agent did not end after undo"
wait "$agent"; code=$?
[ "$code" -eq 0 ] || fail "the agent exited $code after undo, expected 0"
logged "the last fix was undone: nothing to guard, the agent ends" || fail "the agent did not say the fix was undone"
table_back >/dev/null 2>&1 && fail "the table is still there after undo"

echo "# after undo, a fix killed while applying, the agent started later: rolled back, then it ends"
stopped_fix applying 10.9.5.0/24
kill_fix
table_back >/dev/null 2>&1 || fail "the killed fix had installed no table: the test proves nothing"
: >"$log"
expect_exit 0 pg watch 2>>"$log"
logged "rolled back" || fail "the agent started later did not roll back: $(cat "$log")"
logged "the last fix was undone: nothing to guard, the agent ends" || fail "the agent did not say why it ended: $(cat "$log")"
no_journal || fail "the journal of the killed fix is still there"
table_back >/dev/null 2>&1 && fail "the killed fix's table was left, unguarded"
expect_reachable "$other" udp 10.9.6.1
check_says 2 "not guarded"

echo "# nothing recorded, the agent started while a fix is stopped after it applied: finished and guarded"
rm -f "$state"
stopped_fix applied 10.9.5.0/24
applied_rules=$(table_rules)
start_agent
kill_fix
wait_until 20 no_journal || fail "the agent left the journal of the killed fix"
wait_until 10 logged "its record is now the state" || fail "the agent did not finish the fix: $(cat "$log")"
agent_ended && fail "the agent ended instead of guarding the finished fix: $(cat "$log")"
in_server nft delete table inet portguard
wait_until 10 rules_are "$applied_rules" || fail "the agent does not guard the finished fix"
expect_unreachable "$other" udp 10.9.6.1
check_says 0 "guarded by portguard watch"
for _ in 1 2 3; do
	pg undo 2>/dev/null | contains "^Nothing to undo" && break
done
wait_until 20 agent_ended || fail "the agent did not end after undo"
check_says 2 "not guarded"

echo "# a damaged journal: the agent stays, says so, and ends once the admin removed it"
printf '{"status": "applying", "changes": [' >"$journal"
before=$(ruleset "$server")
: >"$log"
start_agent
wait_until 20 logged "the last fix was interrupted" || fail "the agent did not say the journal is damaged: $(cat "$log")"
agent_ended && fail "the agent ended although an interrupted fix was left unrecovered"
guard_field "$root" alert | contains "journal.json" || fail "the status has no alert naming the journal: $(guard_field "$root" alert)"
out=$(pg check --trusted 10.9.5.0/24 2>&1)
grep -q "^Alert: .*journal.json" <<<"$out" || fail "check does not show the alert: $out"
[ "$(ruleset "$server")" = "$before" ] || fail "a damaged journal changed the ruleset"
rm "$journal"
wait_until 30 agent_ended || fail "the agent did not end once the journal was removed"
logged "the last fix was undone: nothing to guard, the agent ends" || fail "the agent did not say why it ended: $(cat "$log")"

[ "$failures" -eq 0 ] || cat "$log"
finish
