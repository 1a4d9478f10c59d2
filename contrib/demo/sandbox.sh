#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The main job on a throwaway sandbox host. The host is a network
# namespace running the real Debian rpcbind, an NFSv3 server for its
# office network (its /etc and /proc come from contrib/demo/host via
# --root); a second namespace plays the internet, where the scanners
# are, and a third the office. The abuse mail is the sample CERT-Bund
# report, whose first row names this host's address, 192.0.2.10.
#
# It shows the abuse situation, runs `portguard fix` with the mail,
# proves the result from both sides, shows `portguard watch` (in the
# foreground, as on a host without systemd) putting the table back after
# `nft flush ruleset`, and prints the provider report. Then the NTP
# chapter: the host's ntpd answers the scanner's mode 6 queries; fix
# runs with the sample CERT-Bund NTP mail, adapted to name this host,
# and puts NTP's part into the table beside the portmapper's; the
# scanner then gets the time but not ntpd's variables, the office still
# both, and port 111 stays closed. ntpd cannot set this machine's clock, which is checked.
# Root only; everything lives in namespaces and a temporary directory
# that are removed at the end. The host's own network, firewall and
# services are not touched.
#   contrib/demo/sandbox.sh      (installs packages and builds first)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "sandbox.sh: run as root (it creates network namespaces)" >&2; exit 1; }

echo "Installing packages and building (first run only) ..."
"$top/contrib/install-deps.sh" >/dev/null
build="$top/build"
[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi >/dev/null 2>&1)
mkdir -p "$build"
[ -f "$build/Makefile" ] || (cd "$build" && "$top/configure" -q)
make -s -C "$build" -j"$(nproc)" >/dev/null 2>&1 || make -C "$build"
portguard="$build/portguard"

TOP_SRCDIR=$top
. "$top/tests/lib/assert.sh"
. "$top/tests/lib/sandbox.sh"
root=$(mktemp -d)
trap 'sandbox_cleanup; rm -rf "$root"' EXIT
cp -r "$top/contrib/demo/host/." "$root/"
mail="$top/tests/fixtures/abuse/certbund-portmapper.txt"

sandbox_netns host
sandbox_netns internet
sandbox_netns office
sandbox_link "$host" 192.0.2.10/24 "$internet" 192.0.2.99/24,192.0.2.123/24
sandbox_link "$host" 10.20.0.1/24 "$office" 10.20.0.50/24
sandbox_rpcbind rpcbind_pid "$host"

# The host's ntpd (ntpsec), with the host tree's ntp.conf, gets its time
# from a time server on the internet (192.0.2.123); it cannot set this
# machine's clock (tests/lib/ntpd.sh), and the end checks it did not.
. "$top/tests/lib/ntpd.sh"
clock_before=$(ntpd_clock_offset)
sntp="$top/contrib/demo/sntp.py"
sandbox_spawn timeserver_pid "$internet" /usr/bin/python3 "$sntp" serve 192.0.2.123
sandbox_wait_port "$internet" udp 123
sandbox_ntpd ntpd_pid "$host" "$root/etc/ntpsec/ntp.conf"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
on_host() { ip netns exec "$host" "$portguard" "$@" --root "$root"; }

say "1. The abuse situation: the provider's scanner (192.0.2.99) probes the host 192.0.2.10"
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --timeout 1 || true

say "2. portguard check on the host: listeners, RPC programs, who needs rpcbind, the plan"
on_host check || true

say "3. portguard fix --abuse-report certbund-portmapper.txt"
on_host fix --abuse-report "$mail" && code=0 || code=$?
[ "$code" -eq 2 ] || { echo "fix exited $code, expected 2 (changed and verified)" >&2; exit 1; }

say "4. Verification from outside: the scanner gets nothing, the office still mounts"
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --timeout 1 || true
echo
echo "office (10.20.0.50) asks: rpcinfo -p 10.20.0.1"
ip netns exec "$office" timeout -s KILL 5 rpcinfo -p 10.20.0.1 | head -n 4

say "5. A second fix changes nothing (exit 0)"
on_host fix --service portmapper --quiet && echo "exit 0: nothing needed to change"

say "6. portguard watch keeps it closed: nft flush ruleset, and the table is back"
ip netns exec "$host" "$portguard" watch --root "$root" &
watch_pid=$!
sandbox_pids+=("$watch_pid")
sleep 0.5
echo "# nft flush ruleset"
ip netns exec "$host" nft flush ruleset
sleep 0.2
ip netns exec "$host" nft list tables
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --timeout 1 | tail -n 1 || true
kill "$watch_pid"; wait "$watch_pid" || true

report=$(ls "$root"/var/lib/portguard/reports/*.txt | head -n 1)
say "7. The report for the provider: $report (in the sandbox: removed afterwards)"
cat "$report"

# ntpq waits 10 s for a reply by default: 1 s is enough here.
ntpq_rv() { ip netns exec "$1" ntpq -c 'timeout 1000' -c rv "$2" 2>&1 | grep -v '^primary timeout' | head -n 3; }

say "8. A second service: the host's ntpd (ntpsec) answers the scanner's NTP control queries"
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --service ntp --timeout 1 | grep -v '^  ' || true
echo
echo "scanner (192.0.2.99) asks: ntpq -c rv 192.0.2.10"
ntpq_rv "$internet" 192.0.2.10

# The CERT-Bund NTP sample names 192.0.2.40: here it is about this host.
ntp_mail="$root/certbund-ntp.txt"
sed 's/"192\.0\.2\.40"/"192.0.2.10"/' "$top/tests/fixtures/abuse/certbund-ntp.txt" >"$ntp_mail"
say "9. The NTP mail: fix NTP beside the portmapper's restriction, in the same table"
echo "# portguard fix --service ntp --abuse-report certbund-ntp.txt"
on_host fix --service ntp --abuse-report "$ntp_mail" && code=0 || code=$?
[ "$code" -eq 2 ] || { echo "fix of NTP exited $code, expected 2 (changed and verified)" >&2; exit 1; }
echo "# nft list table inet portguard   (the rules: the portmapper's part and NTP's)"
ip netns exec "$host" nft list table inet portguard | grep -E 'dport @(ports|ntp_ports)'

say "10. Verification from outside: no NTP queries from the scanner, the time for everyone, the office still queries"
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --service ntp --timeout 1 || true
echo
echo "scanner asks: ntpq -c rv 192.0.2.10"
ntpq_rv "$internet" 192.0.2.10
echo "scanner asks the time (mode 3, as every time client does; contrib/demo/sntp.py):"
ip netns exec "$internet" /usr/bin/python3 "$sntp" ask 192.0.2.10
echo "office (10.20.0.50) asks: ntpq -c rv 10.20.0.1"
ntpq_rv "$office" 10.20.0.1
echo "and the portmapper is still closed to the scanner:"
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --timeout 1 | grep '^Verdict' || true

drift=$(($(ntpd_clock_offset) - clock_before)); drift=${drift#-}
[ "$drift" -lt 50000000 ] || { echo "this machine's clock moved by $drift ns during the demo" >&2; exit 1; }
echo
echo "This machine's clock was not stepped (moved by $((drift / 1000)) µs against the monotonic clock)."
