#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark of the restrict ruleset: table inet portguard with 10, 1,000,
# 10,000 and 100,000 random overlapping trusted prefixes (3/4 IPv4, 1/4
# IPv6), installed in a throwaway network namespace, in one run:
#   - portguard's nft module (tests/helpers/nft_helper apply: parse,
#     merge, read the kernel's table back, one netlink batch),
#   - `nft -f` of the same ruleset as portguard writes it to the file
#     (prefixes merged already: nft only loads them),
#   - `nft -f` of the raw prefix list in sets with auto-merge, the file
#     an admin would write (nft merges them itself),
#   - the no-op re-run: apply when the kernel already holds the table,
#     by a dump, and by the record of the last dump (--known) while the
#     ruleset generation says nothing changed since.
# Each install starts from a namespace without the table.
# --two-parts: the table of two services instead, the portmapper's part
# with the prefixes and NTP's (udp 123, modes 6 and 7, 16 prefixes):
# apply, `nft -f` of the file portguard writes for it, and the no-ops.
#   bench/nft.sh [--two-parts] [BUILD_DIR]      (root; prints a Markdown table)
set -euo pipefail
two_parts=
[ "${1:-}" = --two-parts ] && { two_parts=1; shift; }
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
helper=$build/tests/helpers/nft_helper
[ -x "$helper" ] || { echo "build first: make -C $build all check TESTS=" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "apt-get install hyperfine" >&2; exit 1; }

TOP_SRCDIR=$top TOP_BUILDDIR=$build
. "$top/tests/lib/assert.sh"
. "$top/tests/lib/sandbox.sh"
. "$top/tests/lib/nft.sh"
workdir=$(mktemp -d)
trap 'rm -rf "$workdir"; sandbox_cleanup' EXIT
sandbox_netns bench
# Only the network namespace: `ip netns exec` would add its own mount
# namespace set-up to every timed run.
in_bench() { nsenter --net="/run/netns/$bench" "$@"; }

# raw_file PREFIXES: portguard's file with the raw, overlapping prefixes
# and auto-merge in place of the merged elements.
raw_file() {
	"$helper" format | awk -v list="$1" '
		BEGIN { while ((getline line < list) > 0)
				if (line ~ /:/) v6 = v6 (v6 ? ",\n\t\t\t" : "") line; else v4 = v4 (v4 ? ",\n\t\t\t" : "") line }
		/flags interval/ { print; print "\t\tauto-merge"; set++
				   if (set == 1 && v4) print "\t\telements = { " v4 " }"
				   if (set == 2 && v6) print "\t\telements = { " v6 " }"
				   next }
		{ print }'
}

# mean SIZE NAME: milliseconds, "mean ± σ", from hyperfine's JSON.
mean() {
	jq -r --arg name "$2" '.results[] | select(.command == $name) |
		"\(.mean * 1000 * 100 | round / 100) ± \(.stddev * 1000 * 100 | round / 100)"' "$workdir/$1.json"
}
mean_value() {
	jq -r --arg name "$2" '.results[] | select(.command == $name) | .mean * 1000' "$workdir/$1.json"
}

# two_parts_table: the --two-parts benchmark.
two_parts_table() {
	local size runs ntp parts
	echo "| prefixes in the portmapper's part (merged) | \`nft -f\` portguard's file (ms) | portguard apply (ms) | speed-up | no-op, dump (ms) | no-op, record (ms) | module no-op, dump / record (ms) |"
	echo "|---:|---:|---:|---:|---:|---:|---:|"
	random_prefixes 16 99 | grep -v : | paste -sd, >"$workdir/ntp.prefixes"
	for size in ${BENCH_SIZES:-1000 10000 100000}; do
		case $size in 100000) runs=5 ;; 10000) runs=10 ;; *) runs=20 ;; esac
		random_prefixes "$size" "$size" >"$workdir/$size.prefixes"
		ntp="--part ntp_:udp:06/06:123:$(cat "$workdir/ntp.prefixes")"
		parts="--part ::-:111:@$workdir/$size.prefixes $ntp"
		# shellcheck disable=SC2086 # the words of $parts
		"$helper" format $parts >"$workdir/$size.nft"
		merged=$(sed -n '/set trusted4/,/set ntp_/p' "$workdir/$size.nft" | grep -cE '[0-9a-f]/[0-9]+')
		in_bench hyperfine -N --warmup 1 --runs "$runs" --export-json "$workdir/$size.json" \
			--prepare "$helper remove" \
			-n nft "nft -f $workdir/$size.nft" \
			-n apply "$helper apply $parts" >/dev/null
		# shellcheck disable=SC2086
		[ "$(in_bench "$helper" apply $parts)" = unchanged ] ||
			{ echo "apply found the table nft loaded from the file different" >&2; exit 1; }
		in_bench hyperfine -N --warmup 3 --runs "$((runs * 2))" --export-json "$workdir/$size.noop.json" \
			-n noop "$helper apply $parts" >/dev/null
		# shellcheck disable=SC2086
		[ "$(in_bench "$helper" apply --known "$workdir" $parts)" = unchanged ] ||
			{ echo "the re-run changed the table" >&2; exit 1; }
		in_bench hyperfine -N --warmup 3 --runs "$((runs * 2))" --export-json "$workdir/$size.known.json" \
			-n known "$helper apply --known $workdir $parts" >/dev/null
		# shellcheck disable=SC2086
		module_dump=$(in_bench "$helper" apply $parts --repeat "$runs" | awk '/^apply_ms/ { print $2 }')
		# shellcheck disable=SC2086
		module_known=$(in_bench "$helper" apply --known "$workdir" $parts --repeat 200 | awk '/^apply_ms/ { print $2 }')
		in_bench "$helper" remove >/dev/null
		speedup=$(awk -v file="$(mean_value "$size" nft)" -v apply="$(mean_value "$size" apply)" \
			'BEGIN { printf "%.1fx", file / apply }')
		printf '| %s (%s) | %s | %s | %s | %s | %s | %s / %s |\n' "$size" "$merged" "$(mean "$size" nft)" \
			"$(mean "$size" apply)" "$speedup" "$(mean "$size.noop" noop)" "$(mean "$size.known" known)" \
			"$module_dump" "$module_known"
	done
	echo
	echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), kernel $(uname -r), $(nft --version)."
}
[ -z "$two_parts" ] || { two_parts_table; exit 0; }

echo "| prefixes (merged) | \`nft -f\` raw list, auto-merge (ms) | \`nft -f\` portguard's file (ms) | portguard apply (ms) | speed-up (raw / file) | no-op, dump (ms) | no-op, record (ms) | module no-op, dump / record (ms) |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for size in ${BENCH_SIZES:-10 1000 10000 100000}; do
	case $size in 100000) runs=5 ;; 10000) runs=10 ;; *) runs=20 ;; esac
	random_prefixes "$size" "$size" >"$workdir/$size.prefixes"
	"$helper" format --trusted-file "$workdir/$size.prefixes" >"$workdir/$size.nft"
	raw_file "$workdir/$size.prefixes" >"$workdir/$size.raw.nft"
	merged=$("$helper" format --trusted-file "$workdir/$size.prefixes" | grep -cE '[0-9a-f]/[0-9]+')
	in_bench hyperfine -N --warmup 1 --runs "$runs" --export-json "$workdir/$size.json" \
		--prepare "$helper remove" \
		-n raw "nft -f $workdir/$size.raw.nft" \
		-n nft "nft -f $workdir/$size.nft" \
		-n apply "$helper apply --trusted-file $workdir/$size.prefixes" >/dev/null
	in_bench "$helper" apply --trusted-file "$workdir/$size.prefixes" >/dev/null
	in_bench hyperfine -N --warmup 3 --runs "$((runs * 2))" --export-json "$workdir/$size.noop.json" \
		-n noop "$helper apply --trusted-file $workdir/$size.prefixes" >/dev/null
	[ "$(in_bench "$helper" apply --trusted-file "$workdir/$size.prefixes")" = unchanged ] ||
		{ echo "the re-run changed the table" >&2; exit 1; }
	# the first no-op with --known dumps and records; the timed ones use the record
	[ "$(in_bench "$helper" apply --known "$workdir" --trusted-file "$workdir/$size.prefixes")" = unchanged ] ||
		{ echo "the re-run changed the table" >&2; exit 1; }
	in_bench hyperfine -N --warmup 3 --runs "$((runs * 2))" --export-json "$workdir/$size.known.json" \
		-n known "$helper apply --known $workdir --trusted-file $workdir/$size.prefixes" >/dev/null
	# the module alone, in-process, over the list parsed and merged once
	module_dump=$(in_bench "$helper" apply --trusted-file "$workdir/$size.prefixes" --repeat "$runs" | awk '/^apply_ms/ { print $2 }')
	module_known=$(in_bench "$helper" apply --known "$workdir" --trusted-file "$workdir/$size.prefixes" \
		--repeat 200 | awk '/^apply_ms/ { print $2 }')
	in_bench "$helper" remove >/dev/null
	in_bench nft -f "$workdir/$size.raw.nft"
	[ "$(in_bench "$helper" check --trusted-file "$workdir/$size.prefixes")" = equal ] ||
		{ echo "nft's auto-merge and portguard disagree" >&2; exit 1; }
	speedup=$(awk -v raw="$(mean_value "$size" raw)" -v file="$(mean_value "$size" nft)" \
		-v apply="$(mean_value "$size" apply)" 'BEGIN { printf "%.1fx / %.1fx", raw / apply, file / apply }')
	printf '| %s (%s) | %s | %s | %s | %s | %s | %s | %s / %s |\n' "$size" "$merged" "$(mean "$size" raw)" "$(mean "$size" nft)" \
		"$(mean "$size" apply)" "$speedup" "$(mean "$size.noop" noop)" "$(mean "$size.known" known)" \
		"$module_dump" "$module_known"
done
echo
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), kernel $(uname -r), $(nft --version)."
