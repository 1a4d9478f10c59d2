#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# What monitoring reads: the agent's node_exporter textfile, parsed by
# Prometheus' own text-format parser (python3-prometheus-client) at the
# start, after a repair of `nft flush ruleset` and when the agent ends;
# a missing or linked directory is one journal line and tried again, not
# a crash; with watch = alert the drift is in it at once. check
# --nagios in each state, exit code and exact line:
# CRITICAL with rpcbind exposed, WARNING (fix not guarded, a repair
# within the hour), OK, UNKNOWN (usage, no root).
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/nft.sh"
. "$TOP_SRCDIR/tests/lib/watch.sh"
. "$TOP_SRCDIR/tests/lib/unprivileged.sh"
# Debian's python3, which python3-prometheus-client is for (a python3
# earlier on $PATH, a pyenv or a venv, may lack it).
python=/usr/bin/python3
"$python" -c 'import prometheus_client.parser' 2>/dev/null ||
	{ echo "python3-prometheus-client: not installed; run contrib/install-deps.sh" >&2; exit 99; }

sandbox_netns server
sandbox_netns other
sandbox_link "$server" 10.9.7.1/24 "$other" 10.9.7.2/24
sandbox_rpcbind rpcbind_pid "$server"
root=$(mktemp -d)
chmod 755 "$root"
mkdir -p "$root/etc/portguard"
textdir=/var/lib/prometheus/node-exporter
mkdir -p "$root$textdir"
printf 'textfile_dir = %s\n' "$textdir" >"$root/etc/portguard/portguard.conf"
prom="$root$textdir/portguard.prom"
log=$(mktemp)
trap 'sandbox_cleanup; rm -rf "$root" "$log" "$unprivileged_dir"' EXIT

pg() { ip netns exec "$server" "$PORTGUARD" "$@" --root "$root"; }
in_server() { ip netns exec "$server" "$@"; }
table_back() { in_server nft list table inet portguard; }
guard_is() { [ "$(guard_field "$root" "$1")" = "$2" ]; }
agent=""
start_agent() {
	ip netns exec "$server" "$PORTGUARD" watch --root "$root" 2>>"$log" &
	agent=$!
	sandbox_pids+=("$agent")
	wait_until 30 guard_is pid "$agent" || fail "the agent did not write its status"
}
agent_ended() { ! kill -0 "$agent" 2>/dev/null || [ "$(cut -d' ' -f3 "/proc/$agent/stat" 2>/dev/null)" = Z ]; }

# parse FILE: the file through prometheus_client's parser, one line a
# sample "name{label="value",...} value" and one a family "TYPE name
# type"; exit 1 when the parser refuses it or a family lacks HELP.
parse() {
	"$python" - "$1" <<'EOF'
import sys
from prometheus_client.parser import text_string_to_metric_families
text = open(sys.argv[1]).read()
for family in text_string_to_metric_families(text):
    if not family.documentation:
        sys.exit("no HELP for " + family.name)
    print("TYPE", family.name, family.type)
    for sample in family.samples:
        labels = ",".join('%s="%s"' % item for item in sorted(sample.labels.items()))
        value = sample.value
        print("%s{%s} %s" % (sample.name, labels, int(value) if value == int(value) else value))
EOF
}
# metric NAME{LABELS}: the value the parser read, "" when absent.
metric() { parse "$prom" | awk -v name="$1" '$1 == name { print $2 }'; }
textfile_says() { [ "$(metric "$1")" = "$2" ]; }

services=$(pg check --json | jq '.services | length')
[ "$services" -gt 1 ] 2>/dev/null || fail "check --json lists no services: $services"
data() { echo "exposed=$1;;0;0;$services guarded=$2;;;0;$services repairs=$3c running=$4;;;0;1"; }
# nagios CODE LINE: check --nagios exits CODE and prints exactly LINE,
# but for the minutes since the last repair, which LINE gives as N.
nagios() {
	local out code
	out=$(pg check --nagios 2>/dev/null); code=$?
	out=$(sed -E 's/repaired [0-9]+ min ago/repaired N min ago/' <<<"$out")
	[ "$code" -eq "$1" ] || fail "check --nagios exited $code, expected $1: $out"
	[ "$out" = "$2" ] || fail "check --nagios said '$out', expected '$2'"
}

echo "# CRITICAL: rpcbind exposed, nothing recorded"
nagios 2 "PORTGUARD CRITICAL - exposed: portmapper (rpcbind) | $(data 1 0 0 0)"

echo "# UNKNOWN: --nagios with --json, without root"
out=$(pg check --nagios --json 2>/dev/null); code=$?
[ "$code" -eq 3 ] || fail "--nagios --json exited $code, expected 3"
[ "$out" = "PORTGUARD UNKNOWN - --nagios and --json exclude each other" ] || fail "--nagios --json said '$out'"
err=$(pg check --nagios --json 2>&1 >/dev/null)
[ "$err" = "portguard: --nagios and --json exclude each other; see 'portguard --help'" ] ||
	fail "--nagios --json has no one-line error on stderr: $err"
out=$(pg fix --nagios 2>/dev/null); code=$?
[ "$code" -eq 3 ] && [ "$out" = "PORTGUARD UNKNOWN - --nagios is an option of check only" ] ||
	fail "fix --nagios exited $code: '$out'"
unprivileged_copy binary "$PORTGUARD"
out=$(ip netns exec "$server" "${as_nobody[@]}" "$binary" check --nagios --root "$root" 2>/dev/null); code=$?
[ "$code" -eq 3 ] || fail "check --nagios without root exited $code, expected 3"
[ "$out" = "PORTGUARD UNKNOWN - check --nagios needs root to read every socket and table inet portguard; run it with sudo" ] ||
	fail "check --nagios without root said '$out'"

echo "# WARNING: fixed, but no agent guards it"
expect_exit 2 pg fix --trusted 10.9.1.0/24 --quiet 2>/dev/null
expect_unreachable "$other" udp 10.9.7.1
nagios 1 "PORTGUARD WARNING - no service exposed; the recorded fix is not guarded: portguard watch is not running | $(data 0 0 0 0)"

echo "# the agent writes the textfile at its start; OK"
start_agent
wait_until 30 test -s "$prom" || fail "the agent wrote no $prom"
watch_quiet "$agent" || fail "the agent did not settle after its first look"
parse "$prom" >/dev/null || fail "prometheus_client refuses the textfile: $(cat "$prom")"
expected_types="TYPE portguard_info gauge
TYPE portguard_exposed gauge
TYPE portguard_guarded gauge
TYPE portguard_repairs counter
TYPE portguard_last_repair_timestamp_seconds gauge"
[ "$(parse "$prom" | grep '^TYPE')" = "$expected_types" ] || fail "the families are $(parse "$prom" | grep '^TYPE')"
textfile_says 'portguard_info{version="'"$("$PORTGUARD" --version | cut -d' ' -f2)"'"}' 1 || fail "no portguard_info: $(cat "$prom")"
[ "$(parse "$prom" | grep -c '^portguard_exposed{service=')" = "$services" ] || fail "not every service has portguard_exposed"
[ "$(parse "$prom" | grep -c '^portguard_exposed{.*} 0$')" = "$services" ] || fail "a service is exposed after the fix: $(cat "$prom")"
textfile_says 'portguard_guarded{service="portmapper"}' 1 || fail "portmapper is not guarded: $(cat "$prom")"
[ "$(parse "$prom" | grep -c '^portguard_guarded{.*} 1$')" = 1 ] || fail "another service is guarded: $(cat "$prom")"
textfile_says 'portguard_repairs_total{}' 0 || fail "repairs before any drift: $(cat "$prom")"
textfile_says 'portguard_last_repair_timestamp_seconds{}' 0 || fail "a last repair before any: $(cat "$prom")"
[ "$(stat -c %a "$prom")" = 644 ] || fail "the textfile has mode $(stat -c %a "$prom")"
nagios 0 "PORTGUARD OK - no service exposed; guarded by portguard watch: portmapper (rpcbind) | $(data 0 1 0 1)"

echo "# nft flush ruleset: repaired, the textfile says so; WARNING for the hour"
in_server nft flush ruleset
wait_until 10 table_back || fail "the table did not come back within 10 s of the flush"
wait_until 30 textfile_says 'portguard_repairs_total{}' 1 || fail "the textfile does not count the repair: $(cat "$prom")"
watch_quiet "$agent" || fail "the agent did not settle after the repair"
parse "$prom" >/dev/null || fail "prometheus_client refuses the textfile after the repair"
last=$(metric 'portguard_last_repair_timestamp_seconds{}')
now=$(date +%s)
[ -n "$last" ] && [ "$last" -le "$now" ] && [ "$last" -gt $((now - 120)) ] ||
	fail "last repair at '$last', now is $now"
textfile_says 'portguard_exposed{service="portmapper"}' 0 || fail "exposed after the repair: $(cat "$prom")"
[ -z "$(find "$root$textdir" -mindepth 1 ! -name portguard.prom)" ] || fail "left in $textdir: $(ls -A "$root$textdir")"
nagios 1 "PORTGUARD WARNING - no service exposed; guarded by portguard watch: portmapper (rpcbind); drift repaired N min ago | $(data 0 1 1 1)"

echo "# a missing directory: one journal line, the agent goes on and writes again once it is back"
rm -rf "${root:?}$textdir"
in_server nft flush ruleset
wait_until 30 guard_is repairs 2 || fail "the second flush was not repaired"
in_server nft flush ruleset
wait_until 30 guard_is repairs 3 || fail "the third flush was not repaired"
watch_quiet "$agent" || fail "the agent did not settle after the repairs"
kill -0 "$agent" || fail "a missing textfile_dir ended the agent"
[ "$(grep -c "cannot open textfile_dir $textdir" "$log")" = 1 ] ||
	fail "a missing textfile_dir is not one line: $(grep textfile "$log")"
mkdir -p "$root$textdir"
in_server nft flush ruleset
wait_until 30 textfile_says 'portguard_repairs_total{}' 4 || fail "the textfile was not written once the directory was back"
grep -q "$textdir/portguard.prom written again" "$log" || fail "the agent did not say it writes again: $(grep textfile "$log")"

echo "# a directory that is a symbolic link is not followed"
elsewhere=$(mktemp -d -p "$root")
rm -rf "${root:?}$textdir"
ln -s "/${elsewhere#"$root"/}" "$root$textdir"
in_server nft flush ruleset
wait_until 30 guard_is repairs 5 || fail "the flush was not repaired"
watch_quiet "$agent" || fail "the agent did not settle"
[ -z "$(ls -A "$elsewhere")" ] || fail "the agent wrote through the link: $(ls -A "$elsewhere")"
grep -q "cannot open textfile_dir $textdir: a symbolic link" "$log" || fail "the link is not in the journal: $(grep textfile "$log")"
rm "$root$textdir"
mkdir -p "$root$textdir"
in_server nft flush ruleset
wait_until 30 textfile_says 'portguard_repairs_total{}' 6 || fail "not written again after the link"

echo "# watch = alert: the drift is in the textfile at once, and CRITICAL"
printf 'textfile_dir = %s\nwatch = alert\n' "$textdir" >"$root/etc/portguard/portguard.conf"
in_server nft delete table inet portguard
wait_until 30 textfile_says 'portguard_exposed{service="portmapper"}' 1 || fail "the drift is not in the textfile: $(cat "$prom")"
table_back >/dev/null 2>&1 && fail "watch = alert repaired the table"
nagios 2 "PORTGUARD CRITICAL - exposed: portmapper (rpcbind); drift not repaired (watch = alert): table inet portguard is gone; guarded by portguard watch: portmapper (rpcbind); drift repaired N min ago | $(data 1 1 6 1)"

echo "# watch = repair again: the next look puts the table back"
printf 'textfile_dir = %s\n' "$textdir" >"$root/etc/portguard/portguard.conf"
# An empty table inet portguard: an event the agent looks at (one on
# another table is not).
in_server nft add table inet portguard
wait_until 10 table_back || fail "the table did not come back with watch = repair"
wait_until 30 textfile_says 'portguard_exposed{service="portmapper"}' 0 || fail "still exposed in the textfile: $(cat "$prom")"
textfile_says 'portguard_repairs_total{}' 7 || fail "the repair is not counted: $(cat "$prom")"

echo "# the agent ends: guarded 0"
kill "$agent"
wait "$agent"; code=$?
# A sanitizer's report would make it exit otherwise.
[ "$code" -eq 0 ] || fail "the agent exited $code after SIGTERM, expected 0"
wait_until 10 textfile_says 'portguard_guarded{service="portmapper"}' 0 || fail "guarded after the agent ended: $(cat "$prom")"
parse "$prom" >/dev/null || fail "prometheus_client refuses the last textfile"
nagios 1 "PORTGUARD WARNING - no service exposed; the recorded fix is not guarded: portguard watch is not running; drift repaired N min ago | $(data 0 0 7 0)"

echo "# undo: exposed again, CRITICAL"
undo_all pg undo
nagios 2 "PORTGUARD CRITICAL - exposed: portmapper (rpcbind) | $(data 1 0 0 0)"
[ "$failures" -eq 0 ] || cat "$log"
finish
