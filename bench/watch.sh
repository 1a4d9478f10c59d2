#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark of portguard watch, in a throwaway network namespace with the
# real rpcbind and a restrict fix (files below a temporary --root):
#   - repair latency: `nft flush ruleset` 100 times, one every 1.05 s (so
#     the rate limit, 10 repairs in 10 s, never holds a repair back); for
#     each, the time from the flush's deletion of table inet portguard to
#     the agent's new table, as tests/helpers/nft_latency sees the
#     kernel's two notifications;
#   - idle wake-ups: the agent's context switches (/proc/PID/status) and
#     scheduler runs (/proc/PID/schedstat) over 60 s without events;
#   - memory: the agent's peak RSS (VmHWM) after all of it.
#   bench/watch.sh [BUILD_DIR] [FLUSHES]     (root; prints Markdown)
#   OLD=OLD_BUILD_DIR [OLD_NAME=0.2.0] bench/watch.sh ...: also measures
#   the agent of another build (a release) in the same run: a second
#   namespace, rpcbind, root and agent, flushed half a period after the
#   first (each agent still sees one flush every 1.05 s), both idle in
#   the same minute.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
flushes=${2:-100}
latency=$build/tests/helpers/nft_latency
[ -x "$latency" ] || { echo "build first: make -C $build all check TESTS=" >&2; exit 1; }
names=(portguard)
builds=("$build")
if [ -n "${OLD:-}" ]; then
	[ -x "$OLD/portguard" ] || { echo "OLD=$OLD has no portguard" >&2; exit 1; }
	names+=("portguard ${OLD_NAME:-old}")
	builds+=("$OLD")
fi

TOP_SRCDIR=$top TOP_BUILDDIR=$build
. "$top/tests/lib/assert.sh"
. "$top/tests/lib/sandbox.sh"
# One namespace, rpcbind, root and agent per binary.
hosts=() roots=() agents=() latency_pids=()
for binary in "${builds[@]}"; do
	sandbox_netns host
	sandbox_empty_root root
	sandbox_rpcbind rpcbind_pid "$host"
	ip netns exec "$host" "$binary/portguard" fix --root "$root" --trusted 10.9.0.0/24 --quiet 2>/dev/null || [ $? -eq 2 ]
	ip netns exec "$host" "$binary/portguard" watch --root "$root" 2>"$root/watch.log" &
	sandbox_pids+=("$!")
	hosts+=("$host") roots+=("$root") agents+=("$!")
done
sleep 1

for i in "${!hosts[@]}"; do
	ip netns exec "${hosts[i]}" "$latency" "$flushes" >"${roots[i]}/latency" &
	sandbox_pids+=("$!")
	latency_pids+=("$!")
	until grep -q ready "${roots[i]}/latency"; do sleep 0.05; done
done
gap=$(awk -v n="${#hosts[@]}" 'BEGIN { printf "%.3f", 1.05 / n }')
for _ in $(seq "$flushes"); do
	for host in "${hosts[@]}"; do
		ip netns exec "$host" nft flush ruleset
		sleep "$gap"
	done
done
wait "${latency_pids[@]}"

# Idle: nothing happens for 60 s, for every agent in the same minute.
field() { awk -v key="$2:" '$1 == key { print $2 }' "/proc/$1/status"; }
switches() { echo $(($(field "$1" voluntary_ctxt_switches) + $(field "$1" nonvoluntary_ctxt_switches))); }
scheduled() { awk '{ print $3 }' "/proc/$1/schedstat"; }
switches_before=() runs_before=()
for agent in "${agents[@]}"; do
	switches_before+=("$(switches "$agent")") runs_before+=("$(scheduled "$agent")")
done
sleep 60

milliseconds() { printf '%d.%03d' $(($1 / 1000)) $(($1 % 1000)); }
repair_rows= idle_rows=
for i in "${!agents[@]}"; do
	sort -n <(grep -v ready "${roots[i]}/latency") >"${roots[i]}/sorted"
	count=$(wc -l <"${roots[i]}/sorted")
	median=$(sed -n "$(((count + 1) / 2))p" "${roots[i]}/sorted")
	max=$(tail -n 1 "${roots[i]}/sorted")
	repairs=$(grep -c '; repaired (' "${roots[i]}/watch.log" || true)
	repair_rows+="| ${names[i]} | $count | $repairs | $(milliseconds "$median") | $(milliseconds "$max") |"$'\n'
	idle_rows+="| ${names[i]} | $(($(switches "${agents[i]}") - switches_before[i])) |"
	idle_rows+=" $(($(scheduled "${agents[i]}") - runs_before[i])) | $(field "${agents[i]}" VmHWM) KiB |"$'\n'
done

printf '| agent | flushes | repaired | median [ms] | max [ms] |\n|:---|---:|---:|---:|---:|\n%s' "$repair_rows"
echo
printf '| agent | idle 60 s: context switches | scheduler runs | peak RSS (VmHWM) |\n|:---|---:|---:|---:|\n%s' "$idle_rows"
