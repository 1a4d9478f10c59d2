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
