# SPDX-License-Identifier: GPL-2.0-or-later
# The real Debian daemon of every service check probes but the
# portmapper, for the benchmarks (bench/scan.sh PORTS=all, bench/fix.sh
# SERVICES=all): memcached, ntpd, snmpd, avahi-daemon, samba's nmbd,
# minissdpd, xinetd, tftpd-hpa, wsdd, unbound and samba's AD DC, started
# by the tests' helpers (tests/lib) in a namespace of the script's. We
# run real daemons rather than silent holders because check and fix
# probe each service that listens: a holder that never answers would
# make them wait out each probe's timeout, which no real host costs.
# rpcbind is each script's own (scan.sh moves it between cgroups). Source
# after tests/lib/sandbox.sh with TOP_SRCDIR set; sandbox_cleanup ends
# every daemon and removes every namespace made here.

. "$TOP_SRCDIR/tests/lib/memcached.sh"
. "$TOP_SRCDIR/tests/lib/ntpd.sh"
. "$TOP_SRCDIR/tests/lib/snmpd.sh"
. "$TOP_SRCDIR/tests/lib/avahi.sh"
. "$TOP_SRCDIR/tests/lib/netbios.sh"
. "$TOP_SRCDIR/tests/lib/ssdp.sh"
. "$TOP_SRCDIR/tests/lib/chargen.sh"
. "$TOP_SRCDIR/tests/lib/tftp.sh"
. "$TOP_SRCDIR/tests/lib/wsd.sh"
. "$TOP_SRCDIR/tests/lib/dns.sh"
. "$TOP_SRCDIR/tests/lib/cldap.sh"

# The daemons by the service units systemd runs them as: the names of
# their cgroups.
daemons_units=(memcached ntpsec snmpd avahi-daemon nmbd minissdpd xinetd tftpd-hpa wsdd unbound samba-ad-dc)

# Every service check probes, in its order: the portmapper's rpcbind
# (the script's) and the daemons' services.
daemons_services=(portmapper mdns snmp ntp memcached netbios ssdp chargen tftp wsd dns cldap)

# daemons_services_but SERVICE: the others, as --service takes them
# ("portmapper,mdns,...").
daemons_services_but() {
	local service list=()
	for service in "${daemons_services[@]}"; do
		[ "$service" = "$1" ] || list+=("$service")
	done
	(IFS=,; echo "${list[*]}")
}

# The address of the namespace's uplink: documentation space, so public
# (wsdd and minissdpd answer there as on a hoster's link).
daemons_uplink_address=203.0.113.10

# sandbox_spawn as tests/lib/sandbox.sh has it, but the daemon first
# enters the cgroup $spawn_cgroup when that is set, before it opens a
# socket, so that its sockets carry that cgroup's id (ip netns exec
# remounts /sys: the cgroup is joined before it).
sandbox_spawn() {
	local var=$1 ns=$2; shift 2
	sh -c '{ [ -z "$0" ] || echo $$ >"$0/cgroup.procs"; } && exec "$@"' "${spawn_cgroup:-}" \
		ip netns exec "$ns" unshare --mount --propagation private \
		sh -c 'mount -t tmpfs -o mode=755 tmpfs /run && exec "$@"' sh "$@" &
	sandbox_pids+=("$!")
	printf -v "$var" '%s' "$!"
}

# daemons_no_cgroup UNIT: no cgroup of its own (the script's).
daemons_no_cgroup() { :; }

# daemons_start NS WORK [CGROUP_OF [NTP_LINE...]]: every daemon in NS,
# its files below WORK, each in the cgroup that the command CGROUP_OF
# prints for its unit (none: the caller's), ntpd's ntp.conf (WORK/ntp)
# with NTP_LINEs added. Returns once each listens. Sets uplink (the
# uplink's far namespace) and each daemon's pid (memcached_pid, ...).
daemons_start() {
	local ns=$1 work=$2 cgroup_of=${3:-daemons_no_cgroup}
	shift $(($# < 3 ? $# : 3))
	# avahi serves multicast interfaces only (lo is none): a link with a
	# documentation address to a namespace of ours, as a host's uplink.
	# check asks avahi at that address first, as on a real host.
	sandbox_netns uplink
	sandbox_link "$ns" "$daemons_uplink_address/24" "$uplink" 203.0.113.66/24
	mkdir -p "$work/ntp" "$work/snmp"
	spawn_cgroup=$("$cgroup_of" memcached) sandbox_memcached memcached_pid "$ns" -l 0.0.0.0 -U 11211
	ntpd_config "$work/ntp/ntp.conf" "$@"
	spawn_cgroup=$("$cgroup_of" ntpsec) sandbox_ntpd ntpd_pid "$ns" "$work/ntp/ntp.conf"
	snmp_config "$work/snmp/snmpd.conf" "udp:161,udp6:[::]:161"
	spawn_cgroup=$("$cgroup_of" snmpd) sandbox_snmpd snmpd_pid "$ns" "$work/snmp/snmpd.conf" "$work/snmp"
	avahi_config "$work/avahi"
	spawn_cgroup=$("$cgroup_of" avahi-daemon) sandbox_avahi avahi_pid "$ns" "$work/avahi"
	mkdir -p "$work/netbios"
	netbios_config "$work/netbios/smb.conf" "$work/netbios"
	spawn_cgroup=$("$cgroup_of" nmbd) sandbox_nmbd nmbd_pid "$ns" "$work/netbios/smb.conf" "$work/netbios"
	# minissdpd on the uplink with a gateway's two services registered, as
	# miniupnpd registers them; xinetd with its internal services enabled.
	spawn_cgroup=$("$cgroup_of" minissdpd) sandbox_minissdpd minissdpd_pid "$ns" \
		"$(ssdp_interface "$ns" "$daemons_uplink_address")"
	ssdp_register_gateway "$minissdpd_pid" "$daemons_uplink_address"
	xinetd_config "$work/xinetd/xinetd.conf"
	spawn_cgroup=$("$cgroup_of" xinetd) sandbox_xinetd xinetd_pid "$ns" "$work/xinetd/xinetd.conf"
	# tftpd-hpa serving an empty directory; wsdd on the uplink (it answers
	# a Probe to its group only); unbound as tests/lib/dns.sh runs it
	# (localhost may recurse, no upstream: SERVFAIL with RA); samba's AD
	# DC of a throwaway domain, ldap and cldap only (provisioning takes
	# about 25 s).
	mkdir -p "$work/tftp"
	spawn_cgroup=$("$cgroup_of" tftpd-hpa) sandbox_tftpd tftpd_pid "$ns" "$work/tftp"
	spawn_cgroup=$("$cgroup_of" wsdd) sandbox_wsdd wsdd_pid "$ns" "$(wsd_interface "$ns" "$daemons_uplink_address")"
	mkdir -p "$work/unbound"
	# (its log, on stderr, into a file)
	spawn_cgroup=$("$cgroup_of" unbound) sandbox_unbound unbound_pid "$ns" "$work/unbound" "" 2>"$work/unbound.log"
	cldap_provision "$work/dc" "$daemons_uplink_address" "interfaces = lo $daemons_uplink_address/24"
	spawn_cgroup=$("$cgroup_of" samba-ad-dc) sandbox_samba_dc samba_pid "$ns" "$work/dc"
}

# daemons_answers CHECK_JSON: what each service of `check --json`'s
# output answered its probe, "service: answer; ..." on one line.
daemons_answers() {
	jq -r '.services[] | "\(.service): \(if .service == "portmapper" then .rpc.reachable elif .service == "ntp" then
		"readvar \(.ntp.readvar.status), monlist \(.ntp.monlist.status)" else .[.service].reachable end)"' <<<"$1" |
		paste -sd ';' | sed 's/;/; /g'
}

# daemons_answered CHECK_JSON: whether rpcbind and every daemon here
# answered check's probe.
daemons_answered() {
	jq -e '[.rpc.reachable, .mdns.reachable, .snmp.reachable, .memcached.reachable, .netbios.reachable,
		.ssdp.reachable, .chargen.reachable, .ntp.readvar.status == "answered", .tftp.reachable, .wsd.reachable,
		.dns.reachable, .cldap.reachable] | all' \
		<<<"$(jq '[.services[] | del(.listeners)] | add' <<<"$1")" >/dev/null
}
