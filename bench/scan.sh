#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Benchmark of `portguard check` on a busy host: ~95,000 open sockets
# (TCP listeners and UDP sockets on other ports, held by five processes
# in a service cgroup of their own) plus the real rpcbind in its own
# cgroup, in a throwaway network namespace. Compares, in one run, with
# `ss -tulnp 'sport = :111'` (what a user runs, with owners) and
# `ss -tuln 'sport = :111'` (the kernel dump alone).
#   bench/scan.sh [BUILD_DIR] [services|shared|moved]   (root; prints a Markdown table)
#   OLD=OLD_BUILD_DIR [OLD_NAME=0.2.0] bench/scan.sh ...: also times the
#   portguard of another build (a release) in the same run, on the same
#   sockets, for "today against the release".
#   PORTS=all bench/scan.sh ...: the ports of every service of issues 18
#   and 19 instead of 111 alone, against ss -tuln and ss -tulnp with the
#   same port filter, timed through tests/helpers/scan_ports --owners
#   (scan_listeners and owner_attribute, as check runs them); and
#   `portguard check --json`, every service, against ss -tuln and ss
#   -tulnp on check's ports, and check of issue 18's services (portmapper,
#   mdns, snmp, ntp, memcached) against ss on their ports. check probes each service that listens, so
#   its ports are held by the real daemons (memcached, ntpd, snmpd,
#   avahi-daemon, samba's nmbd, minissdpd, xinetd, tftpd-hpa, wsdd,
#   unbound and samba's AD DC, each in a service cgroup of its own),
#   which answer as on a real host: a silent holder would make check
#   wait out each probe's timeout; the script fails unless each answered
#   check's probe. OLD_SCAN_PORTS=BINARY adds a scan_ports linked
#   against another build's library (one dump per port before issue 18).
# services: holders and rpcbind in cgroups of their own, as systemd runs
# them (the default). shared: all of them in one cgroup, as in a
# container, on a host without systemd, or in the root cgroup. moved: as
# services, but rpcbind is moved to another cgroup once its sockets are
# open (a container runtime or a script did it), so the sockets' cgroup
# is empty and names no process.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
layout=${2:-services}
case $layout in services|shared|moved) ;; *) echo "layout is services, shared or moved, not '$layout'" >&2; exit 1 ;; esac
portguard=$build/portguard
holder=$build/tests/helpers/socket_holder
[ -x "$portguard" ] && [ -x "$holder" ] || { echo "build first: make -C $build all check TESTS=" >&2; exit 1; }
old=${OLD:+$OLD/portguard}
old_name=${OLD_NAME:-old}
[ -z "$old" ] || [ -x "$old" ] || { echo "OLD=$OLD has no portguard" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "apt-get install hyperfine" >&2; exit 1; }

TOP_SRCDIR=$top
. "$top/tests/lib/assert.sh"
. "$top/tests/lib/sandbox.sh"

cgroup_root=$(awk '$9 == "cgroup2" { print $5; exit }' /proc/self/mountinfo)
[ -n "$cgroup_root" ] || { echo "no cgroup2 mount" >&2; exit 1; }
holders_cgroup="$cgroup_root/portguard-bench-$$-holders.service"
rpcbind_cgroup="$cgroup_root/portguard-bench-$$-rpcbind.service"
moved_cgroup="$cgroup_root/portguard-bench-$$-moved.scope"
[ "$layout" = shared ] && { holders_cgroup="$cgroup_root/portguard-bench-$$-container"; rpcbind_cgroup=$holders_cgroup; }
cgroups=("$holders_cgroup" "$rpcbind_cgroup")
[ "$layout" = moved ] && cgroups+=("$moved_cgroup")
# service_cgroup NAME: the cgroup a daemon runs in, one a service as
# systemd makes them (the shared one in layout shared)
service_cgroup() {
	if [ "$layout" = shared ]; then echo "$holders_cgroup"; else echo "$cgroup_root/portguard-bench-$$-$1.service"; fi
}
if [ "${PORTS:-111}" = all ]; then
	. "$top/bench/lib/daemons.sh"
	if [ "$layout" != shared ]; then
		for daemon in "${daemons_units[@]}"; do
			cgroups+=("$(service_cgroup "$daemon")")
		done
	fi
fi
mkdir -p "${cgroups[@]}"
remove_cgroups() {
	local left cgroup
	sandbox_cleanup
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		left=0
		for cgroup in "${cgroups[@]}"; do
			rmdir "$cgroup" 2>/dev/null || [ ! -d "$cgroup" ] || left=1
		done
		[ "$left" = 0 ] && break
		sleep 0.2
	done
}
trap remove_cgroups EXIT

sandbox_netns bench
# Each process enters its cgroup before it opens a socket, so its sockets
# carry that cgroup's id (ip netns exec remounts /sys: join it first).

start_holder() {
	local fifo; fifo=$(mktemp -u); mkfifo "$fifo"
	sh -c 'ulimit -n 20000; echo $$ >"$0/cgroup.procs" && exec "$@"' \
		"${cgroup:-$holders_cgroup}" ip netns exec "$bench" "$holder" "$@" >"$fifo" &
	sandbox_pids+=("$!")
	read -r -t 60 line <"$fifo"; rm -f "$fifo"
	[ "${line:-}" = ready ] || { echo "holder $* failed" >&2; exit 1; }
}
# The other ports: 10000 to 48999, or with PORTS=all 12000 to 50999,
# clear of every service's port (11211 is memcached's).
other=10000
[ "${PORTS:-111}" = all ] && other=12000
start_holder tcp 0.0.0.0 $other 19000
start_holder udp 0.0.0.0 $other 19000
start_holder tcp :: $other v6only 19000
start_holder udp :: $other v6only 19000
start_holder tcp 127.0.0.1 $((other + 20000)) 19000
if [ "${PORTS:-111}" = all ]; then
	# check's services: the real Debian daemons (bench/lib/daemons.sh),
	# each entering its service's cgroup before it opens a socket.
	sandbox_empty_root work
	daemons_start "$bench" "$work" service_cgroup
fi

sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$rpcbind_cgroup" \
	ip netns exec "$bench" unshare --mount --propagation private \
	sh -c 'mount -t tmpfs tmpfs /run && exec rpcbind -f -w' &
sandbox_pids+=("$!")
sandbox_wait_port "$bench" tcp 111
sandbox_wait_port "$bench" udp 111
if [ "$layout" = moved ]; then
	while read -r pid; do echo "$pid" >"$moved_cgroup/cgroup.procs"; done <"$rpcbind_cgroup/cgroup.procs"
	[ -z "$(cat "$rpcbind_cgroup/cgroup.procs")" ] || { echo "rpcbind's first cgroup is not empty" >&2; exit 1; }
fi

# Measured commands enter only the network namespace: `ip netns exec`
# would also remount /sys and hide the cgroup hierarchy, which a real
# host has.
in_bench() { nsenter --net="/run/netns/$bench" "$@"; }

sockets=$(ip netns exec "$bench" ss -H -tuan | wc -l)
owners=$({ in_bench "$portguard" check --json || true; } | jq -r '[.listeners[].process] | unique | join(",")')
ss_owners=$(in_bench ss -H -tulnp 'sport = :111' | grep -o '"[^"]*",pid=[0-9]*' | sed 's/^"//; s/",pid=/ /' | sort -u | tr '\n' ' ')
owners_of() {
	{ in_bench "$1" check --json || true; } | jq -r '.listeners[].owners[] | "\(.process) \(.pid)"' | sort -u | tr '\n' ' '
}
pg_owners=$(owners_of "$portguard")
echo "layout: $layout; sockets in the namespace: $sockets; portguard attributes port 111 to: $owners"
[ "$owners" = rpcbind ] || { echo "owners not attributed" >&2; exit 1; }
[ "$pg_owners" = "$ss_owners" ] || { echo "owners differ: portguard '$pg_owners', ss -p '$ss_owners'" >&2; exit 1; }
if [ -n "$old" ]; then
	old_owners=$(owners_of "$old")
	[ "$old_owners" = "$ss_owners" ] || { echo "owners differ: $old_name '$old_owners', ss -p '$ss_owners'" >&2; exit 1; }
fi

# BENCH_DEBUG='strace -c $PORTGUARD check': look inside instead of timing.
if [ -n "${BENCH_DEBUG:-}" ]; then
	PORTGUARD=$portguard in_bench bash -c "$BENCH_DEBUG" || true
	exit 0
fi

if [ "${PORTS:-111}" = all ]; then
	scan_ports=$build/tests/helpers/scan_ports
	old_scan=${OLD_SCAN_PORTS:-}
	[ -x "$scan_ports" ] || { echo "build first: make -C $build check TESTS=" >&2; exit 1; }
	[ -z "$old_scan" ] || [ -x "$old_scan" ] || { echo "OLD_SCAN_PORTS=$old_scan is not a program" >&2; exit 1; }
	# portmapper, memcached, chargen and its siblings, DNS (tcp and udp); NTP, SNMP, mDNS; issue 19's UDP services
	tcp_ports=(111 11211 19 17 7 13 53)
	udp_ports=(111 123 161 5353 11211 1900 137 3702 19 17 7 13 69 53 389 623)
	args=$(printf 'tcp:%s ' "${tcp_ports[@]}"; printf 'udp:%s ' "${udp_ports[@]}")
	filter=$(printf '%s\n' "${tcp_ports[@]}" "${udp_ports[@]}" | sort -un |
		sed 's/^/sport = :/' | paste -sd '|' | sed 's/|/ or /g; s/^/( /; s/$/ )/')
	# "proto local-address pid=N..." per socket, from ss -tulnp and scan_ports;
	# ss's filter names ports, not transports: a socket on a port of the
	# other transport only (samba's LDAP on 389/tcp) is not compared.
	ss_sockets() {
		in_bench ss -H "$1" "$filter" | while read -r proto _ _ _ local _ users; do
			[[ " $args " == *" $proto:${local##*:} "* ]] || continue
			# ntpd binds link-local addresses: ss names the scope (%dev)
			echo "$proto ${local/\%*:/:} $(grep -o 'pid=[0-9]*' <<<"$users" | sort -u | paste -sd ' ')"
		done | sed 's/ $//' | sort
	}
	pg_sockets() {
		# shellcheck disable=SC2086
		in_bench "$1" --owners $args | awk '{ printf "%s %s", $1, $2; for (i = 3; i <= NF; i++) if ($i ~ /^pid=/) printf " %s", $i; print "" }' |
			sed 's/ $//' | sort
	}
	expected=$(ss_sockets -tulnp)
	[ -n "$expected" ] || { echo "ss saw nothing on $filter" >&2; exit 1; }
	[ "$(pg_sockets "$scan_ports")" = "$expected" ] ||
		{ echo "scan_ports differs from ss -tulnp: $(diff <(echo "$expected") <(pg_sockets "$scan_ports"))" >&2; exit 1; }
	if [ -n "$old_scan" ]; then
		[ "$(pg_sockets "$old_scan")" = "$expected" ] || { echo "OLD_SCAN_PORTS differs from ss -tulnp" >&2; exit 1; }
	fi
	echo "ports: tcp ${tcp_ports[*]}; udp ${udp_ports[*]}; $(wc -l <<<"$expected") sockets on them, owners as ss -tulnp says"
	# check's own ports (every service it knows): its listeners and owners
	# are those of ss -tulnp, and each daemon answered its probe.
	check_ports=(tcp:7 tcp:13 tcp:17 tcp:19 tcp:53 tcp:111 tcp:11211 udp:7 udp:13 udp:17 udp:19 udp:53 udp:69 udp:111
		udp:123 udp:137 udp:161 udp:389 udp:1900 udp:3702 udp:5353 udp:11211)
	check_filter=$(printf '%s\n' "${check_ports[@]#*:}" | sort -un | sed 's/^/sport = :/' | paste -sd '|' |
		sed 's/|/ or /g; s/^/( /; s/$/ )/')
	check_expected=$(in_bench ss -H -tulnp "$check_filter" | while read -r proto _ _ _ local _ users; do
		[[ " ${check_ports[*]} " == *" $proto:${local##*:} "* ]] || continue
		address=${local%:*} address=${address%%\%*} address=${address#[} address=${address%]}
		[ "$address" = '*' ] && address=::
		echo "$proto $address ${local##*:} $(grep -o 'pid=[0-9]*' <<<"$users" | sort -u | paste -sd ' ')"
	done | sed 's/ $//' | sort)
	check_json=$({ in_bench "$portguard" check --json || true; })
	check_sockets=$(jq -r '.services[].listeners[] | "\(.proto) \(.address) \(.port) \([.owners[].pid | "pid=\(.)"] | unique | join(" "))"' <<<"$check_json" |
		sed 's/ $//' | sort)
	[ "$check_sockets" = "$check_expected" ] ||
		{ echo "check's listeners differ from ss -tulnp: $(diff <(echo "$check_expected") <(echo "$check_sockets"))" >&2; exit 1; }
	answers=$(daemons_answers "$check_json")
	echo "check: $(wc -l <<<"$check_sockets") sockets on its ports, owners as ss -tulnp says; answered: $answers"
	daemons_answered "$check_json" || { echo "a daemon did not answer check's probe" >&2; exit 1; }
	# Issue 18's goal: check of its services (the portmapper, mDNS, SNMP,
	# NTP, memcached) against ss on the same ports, every daemon running.
	issue18_services=portmapper,mdns,snmp,ntp,memcached
	issue18_filter='( sport = :111 or sport = :123 or sport = :161 or sport = :5353 or sport = :11211 )'
	results=$(mktemp) json=$(mktemp)
	old_scan_command=()
	[ -z "$old_scan" ] || old_scan_command=(-n "scan_ports --owners, all ports (one dump per port)" "$old_scan --owners $args")
	old_command=()
	[ -z "$old" ] || old_command=(-n "portguard check --json, port 111 ($old_name)" "$old check --json")
	# "but wsd": wsdd answers no unicast Probe, so check's wsd probe waits
	# out its 500 ms (PROBE_LOCAL_TIMEOUT_MS) on every host that runs
	# wsdd; that row shows what the other services cost.
	in_bench hyperfine -N -i --warmup 3 --runs 20 --export-markdown "$results" --export-json "$json" \
		-n "scan_ports --owners, all ports" "$scan_ports --owners $args" \
		-n "scan_ports, all ports (sockets only)" "$scan_ports $args" \
		"${old_scan_command[@]}" \
		-n "portguard check --json, every service" "$portguard check --json" \
		-n "portguard check --json, every service but wsd" "$portguard check --json --service $(daemons_services_but wsd)" \
		-n "portguard check --json, issue 18's services" "$portguard check --json --service $issue18_services" \
		"${old_command[@]}" \
		-n "ss -tulnp, issue 18's ports" "ss -tulnp '$issue18_filter'" \
		-n "ss -tuln, issue 18's ports" "ss -tuln '$issue18_filter'" \
		-n "ss -tulnp, all ports" "ss -tulnp '$filter'" \
		-n "ss -tuln, all ports" "ss -tuln '$filter'" \
		-n "ss -tulnp, check's ports" "ss -tulnp '$check_filter'" \
		-n "ss -tuln, check's ports" "ss -tuln '$check_filter'" >/dev/null
	cat "$results"
	echo
	jq -r '(.results | map({ (.command): .mean }) | add) as $m |
		def ratio(a; b): $m[a] / $m[b] * 100 | round / 100;
		"scan_ports --owners / ss -tuln: \(ratio("scan_ports --owners, all ports"; "ss -tuln, all ports"))x (goal <= 1.25); ss -tulnp / scan_ports --owners: \(ratio("ss -tulnp, all ports"; "scan_ports --owners, all ports"))x (goal >= 20); scan_ports (sockets only) / ss -tuln: \(ratio("scan_ports, all ports (sockets only)"; "ss -tuln, all ports"))x",
		"check / ss -tuln (check'"'"'s ports): \(ratio("portguard check --json, every service"; "ss -tuln, check'"'"'s ports"))x (goal <= 1.25); ss -tulnp / check: \(ratio("ss -tulnp, check'"'"'s ports"; "portguard check --json, every service"))x (goal >= 20)",
		"check of issue 18'"'"'s services / ss -tuln (their ports): \(ratio("portguard check --json, issue 18'"'"'s services"; "ss -tuln, issue 18'"'"'s ports"))x (goal <= 1.25); ss -tulnp / check: \(ratio("ss -tulnp, issue 18'"'"'s ports"; "portguard check --json, issue 18'"'"'s services"))x (goal >= 20)",
		"check but wsd / ss -tuln (check'"'"'s ports): \(ratio("portguard check --json, every service but wsd"; "ss -tuln, check'"'"'s ports"))x; ss -tulnp / check but wsd: \(ratio("ss -tulnp, check'"'"'s ports"; "portguard check --json, every service but wsd"))x"' "$json"
	rm -f "$results" "$json"
	exit 0
fi

results=$(mktemp)
# -i: check exits 2 (exposed), which hyperfine would count as a failure.
old_command=()
[ -z "$old" ] || old_command=(-n "portguard check --json ($old_name)" "$old check --json")
in_bench hyperfine -N -i --warmup 3 --runs 20 --export-markdown "$results" \
	-n "portguard check --json" "$portguard check --json" \
	"${old_command[@]}" \
	-n "ss -tulnp 'sport = :111'" "ss -tulnp 'sport = :111'" \
	-n "ss -tuln 'sport = :111'" "ss -tuln 'sport = :111'" >/dev/null
cat "$results"
echo
echo "| Command | Peak RSS (KiB) |"
echo "|:---|---:|"
peak_rss() {
	local name=$1; shift
	echo "| \`$name\` | $({ in_bench /usr/bin/time -f '%M' "$@" 2>&1 >/dev/null || true; } | tail -n 1) |"
}
peak_rss "portguard check --json" "$portguard" check --json
[ -z "$old" ] || peak_rss "portguard check --json ($old_name)" "$old" check --json
peak_rss "ss -tulnp 'sport = :111'" ss -tulnp 'sport = :111'
peak_rss "ss -tuln 'sport = :111'" ss -tuln 'sport = :111'
rm -f "$results"
