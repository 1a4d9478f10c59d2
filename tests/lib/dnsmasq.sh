# SPDX-License-Identifier: GPL-2.0-or-later
# dnsmasq (Debian's dnsmasq-base) for integration tests: in the
# foreground (-k) in a network namespace of the test's with a private
# /run, as root, forwarding to an unbound of its own on 127.0.0.1:5353
# (iterator only, no upstream), so that a recursive query gets SERVFAIL
# with RA as from unbound (tests/lib/dns.sh). Source after sandbox.sh
# and dns.sh.
require_tools dnsmasq unbound

# sandbox_dnsmasq VAR NS DIR LINES: the upstream unbound, then dnsmasq
# with DIR/dnsmasq.conf holding the test's defaults and then LINES
# (auth-zone=, local-service); dnsmasq's pid goes into VAR once it
# listens on 53/udp. The upstream is ended on exit with the rest.
sandbox_dnsmasq() {
	local var=$1 ns=$2 dir=$3 lines=$4 dnsmasq_pid_ upstream_pid_
	if ! ip netns exec "$ns" ss -H -uln "sport = :5353" | contains .; then
		printf 'server:\n\tinterface: 127.0.0.1\n\tport: 5353\n\tusername: ""\n\tchroot: ""\n\tdirectory: "%s"\n' "$dir" \
			>"$dir/upstream.conf"
		printf '\tpidfile: ""\n\tdo-daemonize: no\n\tuse-syslog: no\n\tlogfile: ""\n\tdo-ip6: no\n\tmodule-config: "iterator"\n' \
			>>"$dir/upstream.conf"
		sandbox_spawn upstream_pid_ "$ns" unbound -d -c "$dir/upstream.conf"
		sandbox_wait_port "$ns" udp 5353 || exit 99
	fi
	printf 'port=53\nno-resolv\nno-hosts\nserver=127.0.0.1#5353\nuser=root\ngroup=root\npid-file=\nlog-facility=-\n%s\n' \
		"$lines" >"$dir/dnsmasq.conf"
	dnsmasq --test -C "$dir/dnsmasq.conf" >/dev/null 2>&1 || { echo "dnsmasq.conf: $(cat "$dir/dnsmasq.conf")" >&2; exit 99; }
	sandbox_spawn dnsmasq_pid_ "$ns" dnsmasq -k -C "$dir/dnsmasq.conf"
	sandbox_wait_port "$ns" udp 53 || exit 99
	printf -v "$var" '%s' "$dnsmasq_pid_"
}
