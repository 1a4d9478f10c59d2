#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# A second `portguard fix` on a host already restricted to 10,000 trusted
# prefixes (random /24s, given through the config file): the run a
# configuration management tool makes on every pass. Compared, in one
# run, with `portguard check` and with what a user would run instead to
# make sure the rules are loaded: `nft -f` of the same ruleset file.
#   bench/fix.sh [BUILD_DIR]      (root; prints hyperfine's table)
#   OLD=OLD_BUILD_DIR [OLD_NAME=0.2.0] bench/fix.sh ...: also times the
#   second fix of another build (a release) in the same run, on the same
#   host, table and record (the script checks that it too is a no-op).
#   SERVICES=all bench/fix.sh ...: the host also runs the real daemon of
#   every other service portguard probes (bench/lib/daemons.sh: memcached,
#   ntpd, snmpd, avahi, nmbd, minissdpd, xinetd, tftpd-hpa, wsdd, unbound,
#   samba's AD DC; ntpd's ntp.conf lets one of the trusted /24s query it,
#   so it is exposed), each of which must answer check's probe, and the
#   first fix, `fix --mode restrict`, restricts all twelve services in one
#   run: one table with a part each, every part checked by its name. The
#   second fix, check and nft -f then cover all twelve; one more row times
#   the second fix of every service but wsd (wsd's probe waits out
#   wsdd's silence to a unicast Probe, 500 ms, in each look at it).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
portguard=$build/portguard
[ -x "$portguard" ] || { echo "build first" >&2; exit 1; }
old=${OLD:+$OLD/portguard}
old_name=${OLD_NAME:-old}
[ -z "$old" ] || [ -x "$old" ] || { echo "OLD=$OLD has no portguard" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "apt-get install hyperfine" >&2; exit 1; }
services=${SERVICES:-portmapper}
case $services in
portmapper | all) ;;
*) echo "SERVICES=$services: portmapper (the default) or all" >&2; exit 1 ;;
esac

TOP_SRCDIR=$top
. "$top/tests/lib/assert.sh"
. "$top/tests/lib/sandbox.sh"
root=$(mktemp -d)
trap 'sandbox_cleanup; rm -rf "$root"' EXIT
mkdir -p "$root/etc"
awk 'BEGIN { srand(7); for (i = 0; i < 10000; i++)
	printf "trusted = %d.%d.%d.0/24\n", 1 + int(rand() * 223), int(rand() * 256), int(rand() * 256) }' >"$root/etc/pg.conf"

fix_args="--root $root --config $root/etc/pg.conf"
sandbox_netns host
sandbox_rpcbind rpcbind_pid "$host"
in_host() { ip netns exec "$host" "$@"; }
if [ "$services" = all ]; then
	. "$top/bench/lib/daemons.sh"
	clock_before=$(ntpd_clock_offset)
	work=$(mktemp -d)
	chmod 755 "$work"
	sandbox_directories+=("$work")
	# ntpd's restrict line admits the config's first trusted /24: a
	# consumer portguard trusts anyway, so the set stays the config's.
	# ntpd runs on a copy outside the root, where its log and drift file
	# go: the root must not change unless portguard writes there.
	first=$(sed -n '1s/.*= \(.*\)\/24$/\1/p' "$root/etc/pg.conf")
	daemons_start "$host" "$work" daemons_no_cgroup "restrict $first mask 255.255.255.0 kod limited nomodify"
	mkdir -p "$root/etc/ntpsec"
	cp "$work/ntp/ntp.conf" "$root/etc/ntpsec/ntp.conf"
	check_json=$({ in_host "$portguard" check --json $fix_args || true; })
	echo "check answered: $(daemons_answers "$check_json")"
	daemons_answered "$check_json" || { echo "a daemon did not answer check's probe" >&2; exit 1; }
	fix_args="--mode restrict $fix_args"
fi
in_host "$portguard" fix $fix_args --quiet 2>/dev/null && code=0 || code=$?
[ "$code" -eq 2 ] || { echo "the first fix exited $code" >&2; exit 1; }
if [ "$services" = all ]; then
	# each service's part by its sets' names (the portmapper's are those
	# of 0.1: trusted4, trusted6, ports; the others carry their name)
	table=$(in_host nft list table inet portguard)
	parts=()
	for service in "${daemons_services[@]}"; do
		prefix=${service}_
		[ "$service" = portmapper ] && prefix=
		for name in "set ${prefix}trusted4 " "set ${prefix}trusted6 " "set ${prefix}ports " "dport @${prefix}ports "; do
			contains -F "$name" <<<"$table" ||
				{ echo "the table has no part of $service: no '$name' in: $(grep -E '^\s*(set|chain) ' <<<"$table" | paste -sd ' ')" >&2; exit 1; }
		done
		parts+=("@${prefix}ports")
	done
	echo "parts in the table: ${parts[*]}"
fi
echo "elements in the kernel: $(in_host nft list set inet portguard trusted4 | grep -o '/' | wc -l)"

# The second fix reads the table from portguard's record of it (the ruleset
# generation has not moved since the first fix's verifying dump): no dump.
# With OLD, each binary's fix follows the other's and must find nothing to
# do either: same exit code, no dump, no file written under the root; so
# must the fix of every service but wsd.
tree() { find "$root" -type f -printf '%P %s %T@\n' | sort; }
# second_fix BINARY [ARGUMENT...]: fix $fix_args ARGUMENTs --quiet by
# BINARY, which must write nothing under the root (and exit 0 when it
# is this build's); says its exit code and its set element dumps.
second_fix() {
	local binary=$1 code trace; shift
	local said="$binary${1:+ $*}" before
	before=$(tree)
	in_host "$binary" fix $fix_args "$@" --quiet && code=0 || code=$?
	[ "$(tree)" = "$before" ] || { echo "a second fix by $said wrote under the root" >&2; exit 1; }
	echo "second fix by $said: exit $code"
	[ "$binary" != "$portguard" ] || [ "$code" -eq 0 ] || { echo "the second fix by $said exited $code, not 0" >&2; exit 1; }
	if command -v strace >/dev/null; then
		trace=$(mktemp)
		in_host strace -f -e trace=sendto,sendmsg -o "$trace" "$binary" fix $fix_args "$@" --quiet || true
		echo "set element dumps in a second fix by $said: $(grep -c NFT_MSG_GETSETELEM "$trace" || true)"
		rm -f "$trace"
	fi
}
for binary in "$portguard" $old; do
	second_fix "$binary"
done
but_wsd_command=()
if [ "$services" = all ]; then
	but_wsd=$(daemons_services_but wsd)
	second_fix "$portguard" --service "$but_wsd"
	but_wsd_command=(-n "portguard fix (no-op, every service but wsd)" "$portguard fix $fix_args --service $but_wsd --quiet")
fi

# BENCH_DEBUG='perf record -g -o /tmp/fix.perf $PORTGUARD fix $FIX_ARGS --quiet':
# look inside instead of timing ($OLD_PORTGUARD: the OLD build's binary;
# $FIX_ARGS: --root, --config and, with SERVICES=all, --mode restrict;
# $BUT_WSD: with SERVICES=all, every service but wsd, as --service takes them).
if [ -n "${BENCH_DEBUG:-}" ]; then
	PORTGUARD=$portguard OLD_PORTGUARD=$old ROOT=$root FIX_ARGS=$fix_args BUT_WSD=${but_wsd:-} in_host bash -c "$BENCH_DEBUG" || true
	exit 0
fi

results=$(mktemp)
json=$(mktemp)
old_command=()
[ -z "$old" ] || old_command=(-n "portguard fix (no-op, $old_name)" "$old fix $fix_args --quiet")
in_host hyperfine -N -i --warmup 3 --runs 20 --export-markdown "$results" --export-json "$json" \
	-n "portguard fix (no-op)" "$portguard fix $fix_args --quiet" \
	"${but_wsd_command[@]}" \
	"${old_command[@]}" \
	-n "portguard check" "$portguard check --root $root --config $root/etc/pg.conf --quiet" \
	-n "nft -f portguard.nft" "nft -f $root/etc/portguard/portguard.nft" >/dev/null
cat "$results"
# What the means spend on the CPU (the rest is waiting: timeouts, I/O).
echo
jq -r '.results[] | "\(.command): user \(.user * 1000 | round) ms + system \(.system * 1000 | round) ms, exit codes \(.exit_codes | unique | map(tostring) | join(","))"' "$json"
# The goal: a second fix at least 5x faster than nft -f of its file.
jq -r '(.results[] | select(.command == "nft -f portguard.nft") | .mean) as $nft |
	.results[] | select(.command | startswith("portguard fix")) |
	"nft -f / \(.command): \($nft / .mean * 100 | round / 100)x (goal >= 5)"' "$json"
rm -f "$results" "$json"
if [ "$services" = all ]; then
	[ "$(ntpd_clock_offset)" -lt $((clock_before + 1000000)) ] && [ "$(ntpd_clock_offset)" -gt $((clock_before - 1000000)) ] ||
		{ echo "the clock moved during the run" >&2; exit 1; }
fi
