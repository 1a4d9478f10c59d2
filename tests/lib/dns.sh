# SPDX-License-Identifier: GPL-2.0-or-later
# unbound (Debian's unbound package) for integration tests, in a network
# namespace of the test's with a private /run, iterator only (no DNSSEC
# trust anchor to fetch) and no upstream: a recursive query gets SERVFAIL
# with RA set after trying. Judged by dig (bind9-dnsutils). Source after
# sandbox.sh.
require_tools unbound dig

# sandbox_unbound VAR NS DIR LINES: unbound in the foreground with
# DIR/unbound.conf, its server: section holding LINES (access-control,
# local-zone, ...) after the test's defaults, and any top-level clauses
# after a line "-- top"; its pid goes into VAR once it listens on 53/udp.
sandbox_unbound() {
	local var=$1 ns=$2 dir=$3 lines=$4 unbound_pid_
	{
		printf 'server:\n\tinterface: 0.0.0.0\n\tport: 53\n\tusername: ""\n\tchroot: ""\n'
		printf '\tdirectory: "%s"\n\tpidfile: ""\n\tdo-daemonize: no\n\tuse-syslog: no\n\tlogfile: ""\n' "$dir"
		printf '\tdo-ip6: no\n\tmodule-config: "iterator"\n'
		sed -n '/^-- top$/q; p' <<<"$lines"
		sed -n '/^-- top$/,$p' <<<"$lines" | sed 1d
	} >"$dir/unbound.conf"
	unbound-checkconf "$dir/unbound.conf" >/dev/null || { echo "unbound.conf: $(cat "$dir/unbound.conf")" >&2; exit 99; }
	sandbox_spawn unbound_pid_ "$ns" unbound -d -c "$dir/unbound.conf"
	sandbox_wait_port "$ns" udp 53 || exit 99
	printf -v "$var" '%s' "$unbound_pid_"
}

# dig_recurse NS ADDRESS [NAME]: what `dig +recurse @ADDRESS NAME A`
# (NAME: the probe's) says from NS; exit 0 when the server answered
# with recursion available (any status), 1 when it did not answer or
# refused to recurse.
dig_recurse() {
	local said
	said=$(ip netns exec "$1" dig +recurse +tries=1 +time=2 "@$2" "${3:-portguard-probe.example.com}" A 2>&1)
	printf '%s\n' "$said"
	grep -q 'flags: qr.* ra' <<<"$said" && ! grep -q 'status: REFUSED' <<<"$said"
}

# fix_explained NS ROOT DIR FIX-ARGS...: portguard fix FIX-ARGS --root ROOT
# in NS, which must explain: exit 1, one line on stderr besides warnings
# (into $explained_line), the ruleset and the state file as they were,
# and a report written (its path into $explained_report, its words on
# one line into $explained_text).
fix_explained() {
	local ns=$1 root=$2 dir=$3 out code ruleset state; shift 3
	ruleset=$(ip netns exec "$ns" nft list ruleset)
	state=$(cat "$root/var/lib/portguard/state.json" 2>/dev/null)
	out=$(ip netns exec "$ns" "$PORTGUARD" fix "$@" --root "$root" 2>"$dir/stderr"); code=$?
	[ "$code" -eq 1 ] || fail "fix $* exited $code, expected 1: $out $(cat "$dir/stderr")"
	explained_line=$(grep -v '^portguard: warning: ' "$dir/stderr")
	[ "$(wc -l <<<"$explained_line")" -eq 1 ] || fail "fix $*: not one line: $(cat "$dir/stderr")"
	[ "$(ip netns exec "$ns" nft list ruleset)" = "$ruleset" ] || fail "fix $* changed the ruleset"
	[ "$(cat "$root/var/lib/portguard/state.json" 2>/dev/null)" = "$state" ] || fail "fix $* wrote a record"
	explained_report=$(sed -n 's/^Report: //p' <<<"$out" | tail -n 1)
	[ -f "$explained_report" ] || fail "fix $*: no report: $out"
	explained_text=$(tr -s ' \n' '  ' <"$explained_report")
}

# resolver_restricted SERVER SCANNER ROOT ADDRESS DAEMON FIX-ARGS...: the
# resolver at ADDRESS recurses for SCANNER's dig and probe; check in
# SERVER names DAEMON and plans restrict; fix FIX-ARGS restricts it (the
# scanner gets no recursion, probe says closed); undo opens it again.
resolver_restricted() {
	local server=$1 scanner=$2 root=$3 address=$4 daemon=$5 out code said; shift 5
	said=$(dig_recurse "$scanner" "$address") || fail "the scanner's dig gets no recursion: $said"
	[ "$(resolver_verdict "$scanner" "$address")" = open ] || fail "probe from the scanner is not open"
	out=$(ip netns exec "$server" "$PORTGUARD" check --service dns --root "$root" 2>&1); code=$?
	[ "$code" -eq 2 ] || fail "check exited $code, expected 2: $out"
	contains "$daemon" <<<"$out" || fail "check does not name $daemon: $out"
	contains "Plan: restrict" <<<"$out" || fail "check's plan: $out"
	out=$(ip netns exec "$server" "$PORTGUARD" fix "$@" --root "$root" 2>&1); code=$?
	[ "$code" -eq 2 ] || fail "fix $* exited $code, expected 2: $out"
	said=$(dig_recurse "$scanner" "$address") && fail "the scanner's dig still gets recursion: $said"
	[ "$(resolver_verdict "$scanner" "$address")" = closed ] || fail "probe from the scanner after the fix is not closed"
	expect_exit 2 ip netns exec "$server" "$PORTGUARD" undo --quiet --root "$root"
	[ "$(resolver_verdict "$scanner" "$address")" = open ] || fail "probe from the scanner after undo is not open"
}

# resolver_verdict NS ADDRESS: probe --service dns's verdict from NS.
resolver_verdict() {
	ip netns exec "$1" "$PORTGUARD" probe --service dns "$2" --json --timeout 1 | jq -r .verdict
}
