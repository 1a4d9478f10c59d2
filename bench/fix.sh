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
#   SERVICES=all bench/fix.sh ...: the host also runs the real snmpd,
#   memcached and ntpd (ntpsec, without CAP_SYS_TIME; its ntp.conf lets
#   one of the trusted /24s query it, so it is exposed), and the first
#   fix, `fix --mode restrict`, restricts all four in one run: one table
#   with a part each. The second fix, check and nft -f then cover all four.
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
	. "$top/tests/lib/snmpd.sh"
	. "$top/tests/lib/memcached.sh"
	. "$top/tests/lib/ntpd.sh"
	clock_before=$(ntpd_clock_offset)
	# An address beyond loopback: ntpd binds each address, not the wildcard.
	sandbox_add_address "$host" 10.79.1.1/24
	work=$(mktemp -d)
	chmod 755 "$work"
	sandbox_directories+=("$work")
	snmp_config "$work/snmpd.conf" udp:161
	sandbox_snmpd snmpd_pid "$host" "$work/snmpd.conf" "$work"
	sandbox_memcached memcached_pid "$host" -l 0.0.0.0 -U 11211
	# ntpd's restrict line admits the config's first trusted /24: a
	# consumer portguard trusts anyway, so the set stays the config's.
	# ntpd runs on a copy outside the root, where its log and drift file
	# go: the root must not change unless portguard writes there.
	first=$(sed -n '1s/.*= \(.*\)\/24$/\1/p' "$root/etc/pg.conf")
	ntpd_config "$work/ntp.conf" "restrict $first mask 255.255.255.0 kod limited nomodify"
	mkdir -p "$root/etc/ntpsec"
	cp "$work/ntp.conf" "$root/etc/ntpsec/ntp.conf"
	sandbox_ntpd ntpd_pid "$host" "$work/ntp.conf"
	fix_args="--mode restrict $fix_args"
fi
in_host "$portguard" fix $fix_args --quiet 2>/dev/null && code=0 || code=$?
[ "$code" -eq 2 ] || { echo "the first fix exited $code" >&2; exit 1; }
if [ "$services" = all ]; then
	table=$(in_host nft list table inet portguard)
	for part in ports snmp_ports ntp_ports memcached_ports; do
		contains "dport @$part " <<<"$table" || { echo "the table has no part @$part: $table" >&2; exit 1; }
	done
	echo "parts in the table: @ports @snmp_ports @ntp_ports @memcached_ports"
fi
echo "elements in the kernel: $(in_host nft list set inet portguard trusted4 | grep -o '/' | wc -l)"

# The second fix reads the table from portguard's record of it (the ruleset
# generation has not moved since the first fix's verifying dump): no dump.
# With OLD, each binary's fix follows the other's and must find nothing to
# do either: same exit code, no dump, no file written under the root.
tree() { find "$root" -type f -printf '%P %s %T@\n' | sort; }
for binary in "$portguard" $old; do
	before=$(tree)
	in_host "$binary" fix $fix_args --quiet && code=0 || code=$?
	[ "$(tree)" = "$before" ] || { echo "a second fix by $binary wrote under the root" >&2; exit 1; }
	echo "second fix by $binary: exit $code"
	[ "$binary" != "$portguard" ] || [ "$code" -eq 0 ] || { echo "the second fix exited $code, not 0" >&2; exit 1; }
	if command -v strace >/dev/null; then
		trace=$(mktemp)
		in_host strace -f -e trace=sendto,sendmsg -o "$trace" "$binary" fix $fix_args --quiet || true
		echo "set element dumps in a second fix by $binary: $(grep -c NFT_MSG_GETSETELEM "$trace" || true)"
		rm -f "$trace"
	fi
done

# BENCH_DEBUG='perf record -g -o /tmp/fix.perf $PORTGUARD fix $FIX_ARGS --quiet':
# look inside instead of timing ($OLD_PORTGUARD: the OLD build's binary;
# $FIX_ARGS: --root, --config and, with SERVICES=all, --mode restrict).
if [ -n "${BENCH_DEBUG:-}" ]; then
	PORTGUARD=$portguard OLD_PORTGUARD=$old ROOT=$root FIX_ARGS=$fix_args in_host bash -c "$BENCH_DEBUG" || true
	exit 0
fi

results=$(mktemp)
json=$(mktemp)
old_command=()
[ -z "$old" ] || old_command=(-n "portguard fix (no-op, $old_name)" "$old fix $fix_args --quiet")
in_host hyperfine -N -i --warmup 3 --runs 20 --export-markdown "$results" --export-json "$json" \
	-n "portguard fix (no-op)" "$portguard fix $fix_args --quiet" \
	"${old_command[@]}" \
	-n "portguard check" "$portguard check --root $root --config $root/etc/pg.conf --quiet" \
	-n "nft -f portguard.nft" "nft -f $root/etc/portguard/portguard.nft" >/dev/null
cat "$results"
# What the means spend on the CPU (the rest is waiting: timeouts, I/O).
echo
jq -r '.results[] | "\(.command): user \(.user * 1000 | round) ms + system \(.system * 1000 | round) ms, exit codes \(.exit_codes | unique | map(tostring) | join(","))"' "$json"
rm -f "$results" "$json"
if [ "$services" = all ]; then
	[ "$(ntpd_clock_offset)" -lt $((clock_before + 1000000)) ] && [ "$(ntpd_clock_offset)" -gt $((clock_before - 1000000)) ] ||
		{ echo "the clock moved during the run" >&2; exit 1; }
fi
