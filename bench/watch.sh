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
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
flushes=${2:-100}
latency=$build/tests/helpers/nft_latency
[ -x "$latency" ] || { echo "build first: make -C $build all check TESTS=" >&2; exit 1; }

TOP_SRCDIR=$top TOP_BUILDDIR=$build
. "$top/tests/lib/assert.sh"
. "$top/tests/lib/sandbox.sh"
root=$(mktemp -d)
chmod 755 "$root"
trap 'sandbox_cleanup; rm -rf "$root"' EXIT
sandbox_netns host
sandbox_rpcbind rpcbind_pid "$host"
in_host() { ip netns exec "$host" "$@"; }
in_host "$build/portguard" fix --root "$root" --trusted 10.9.0.0/24 --quiet 2>/dev/null || [ $? -eq 2 ]
in_host "$build/portguard" watch --root "$root" 2>"$root/watch.log" &
agent=$!
sandbox_pids+=("$agent")
sleep 1

in_host "$latency" "$flushes" >"$root/latency" &
sandbox_pids+=("$!")
until grep -q ready "$root/latency"; do sleep 0.05; done
for _ in $(seq "$flushes"); do
	in_host nft flush ruleset
	sleep 1.05
done
wait "${sandbox_pids[-1]}"
sort -n <(grep -v ready "$root/latency") >"$root/sorted"
count=$(wc -l <"$root/sorted")
median=$(sed -n "$(((count + 1) / 2))p" "$root/sorted")
max=$(tail -n 1 "$root/sorted")
repairs=$(grep -c "repaired" "$root/watch.log" || true)

# Idle: nothing happens for 60 s.
field() { awk -v key="$1:" '$1 == key { print $2 }' "/proc/$agent/status"; }
switches_before=$(($(field voluntary_ctxt_switches) + $(field nonvoluntary_ctxt_switches)))
runs_before=$(awk '{ print $3 }' "/proc/$agent/schedstat")
sleep 60
switches=$(($(field voluntary_ctxt_switches) + $(field nonvoluntary_ctxt_switches) - switches_before))
runs=$(($(awk '{ print $3 }' "/proc/$agent/schedstat") - runs_before))
hwm=$(field VmHWM)

printf '| flushes | repaired | median [ms] | max [ms] |\n|---:|---:|---:|---:|\n'
printf '| %d | %d | %d.%03d | %d.%03d |\n' "$count" "$repairs" $((median / 1000)) $((median % 1000)) \
	$((max / 1000)) $((max % 1000))
echo
printf '| idle 60 s: context switches | scheduler runs | peak RSS (VmHWM) |\n|---:|---:|---:|\n'
printf '| %d | %d | %d KiB |\n' "$switches" "$runs" "$hwm"
