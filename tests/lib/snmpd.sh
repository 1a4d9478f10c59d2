# SPDX-License-Identifier: GPL-2.0-or-later
# The real Debian snmpd for integration tests, in a network namespace of
# the test's with a private /run. Source after sandbox.sh.
require_tools snmpd snmpget

# sandbox_snmpd VAR NS CONF WORKDIR: snmpd with only CONF (-C), its
# persistent files and log in WORKDIR; its pid goes into VAR once it
# listens on 161/udp. The MIB warnings of Debian's snmpd go to the log.
sandbox_snmpd() {
	local var=$1 ns=$2 conf=$3 work=$4 snmpd_pid_
	mkdir -p "$work/persist"
	chown Debian-snmp "$work/persist"
	SNMP_PERSISTENT_DIR=$work/persist MIBS= sandbox_spawn snmpd_pid_ "$ns" \
		sh -c 'mkdir -p /run/agentx && exec "$@"' sh \
		snmpd -LOw -u Debian-snmp -g Debian-snmp -I -smux,mteTrigger,mteTriggerConf -f -C \
		-c "$conf" >"$work/snmpd.log" 2>&1
	sandbox_wait_port "$ns" udp 161 || { cat "$work/snmpd.log" >&2; exit 99; }
	printf -v "$var" '%s' "$snmpd_pid_"
}

# snmp_config FILE AGENTADDRESS [LINE...]: Debian's snmpd.conf with its
# agentaddress replaced and LINEs added.
snmp_config() {
	local file=$1 address=$2; shift 2
	sed -e "s/^agentaddress.*/agentaddress $address/" /etc/snmp/snmpd.conf >"$file"
	local line
	for line in "$@"; do
		echo "$line" >>"$file"
	done
}

# snmp_sysdescr NS ADDRESS: what snmpget -v2c -c public gets; exit 1 on a timeout.
# net-snmp's first run on a machine says "Created directory:
# /var/lib/snmp/cert_indexes"; that line is no part of the answer.
snmp_sysdescr() {
	local said status
	said=$(ip netns exec "$1" env MIBS= snmpget -v2c -c public -t 1 -r 1 -On -Oqv "$2" 1.3.6.1.2.1.1.1.0 2>&1)
	status=$?
	grep -v '^Created directory: ' <<<"$said"
	return $status
}
