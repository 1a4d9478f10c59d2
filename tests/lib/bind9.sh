# SPDX-License-Identifier: GPL-2.0-or-later
# BIND 9 (Debian's bind9 package) for integration tests: named in the
# foreground in a network namespace of the test's with a private /run,
# its own configuration directory (-c), as root, one worker thread, no
# upstream: a recursive query gets SERVFAIL with RA after trying, as
# unbound's (tests/lib/dns.sh). Source after sandbox.sh and dns.sh.
require_tools named named-checkconf

# sandbox_named VAR NS DIR OPTIONS [CLAUSES]: named -g with
# DIR/named.conf, whose options block holds the test's defaults and
# then OPTIONS (recursion, allow-recursion), and CLAUSES after it
# (zones); its pid goes into VAR once it listens on 53/udp.
sandbox_named() {
	local var=$1 ns=$2 dir=$3 options=$4 clauses=${5:-} named_pid_
	{
		printf 'options {\n\tdirectory "%s";\n\tpid-file none;\n\tsession-keyfile "%s/session.key";\n' "$dir" "$dir"
		printf '\tlisten-on { any; };\n\tlisten-on-v6 { none; };\n\tdnssec-validation no;\n'
		printf '%s\n};\n' "$options"
		printf '%s\n' "$clauses"
	} >"$dir/named.conf"
	named-checkconf "$dir/named.conf" || { echo "named.conf: $(cat "$dir/named.conf")" >&2; exit 99; }
	sandbox_spawn named_pid_ "$ns" named -g -n 1 -c "$dir/named.conf"
	sandbox_wait_port "$ns" udp 53 || exit 99
	printf -v "$var" '%s' "$named_pid_"
}
