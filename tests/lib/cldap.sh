# SPDX-License-Identifier: GPL-2.0-or-later
# samba's AD DC (Debian's samba with samba-ad-provision, samba-dsdb-modules
# and samba-vfs-modules) for integration tests: a throwaway domain
# PG.TEST provisioned below the test's work directory, run in a network
# namespace of the test's with a private /run. Judged by the domain
# member's own DC locator, `samba-tool domain info ADDRESS` (a CLDAP
# NetLogon ping to 389/udp). Source after sandbox.sh.
require_tools samba samba-tool python3

# cldap_provision DIR ADDRESS [LINE...]: a domain PG.TEST (NetBIOS PG)
# with the DC dc1.pg.test at ADDRESS, no DNS server, all its state below
# DIR; LINEs added to [global] of DIR/etc/smb.conf. Only the services
# the tests ask are run: ldap and cldap (CLDAP is the ldap server's).
cldap_provision() {
	local dir=$1 address=$2 line; shift 2
	samba-tool domain provision --use-rfc2307 --realm=PG.TEST --domain=PG --server-role=dc \
		--dns-backend=NONE --host-name=dc1 --host-ip="$address" --adminpass='Pg-Test-2026!' \
		--targetdir="$dir" >"$dir.log" 2>&1 || { tail -20 "$dir.log" >&2; exit 99; }
	mkdir -p "$dir/pid" "$dir/ncalrpc" "$dir/log"
	sed -i -e 's/^\tserver services = .*/\tserver services = ldap, cldap/' \
		-e "s#^\tlog file = .*#\tlog file = $dir/log/log.%m\n\tpid directory = $dir/pid\n\tncalrpc dir = $dir/ncalrpc#" \
		"$dir/etc/smb.conf"
	for line in "$@"; do
		sed -i "s#^\[global\]\$#[global]\n\t$line#" "$dir/etc/smb.conf"
	done
}

# sandbox_samba_dc VAR NS DIR: samba in the foreground, one process
# (-M single), with DIR/etc/smb.conf; its pid goes into VAR once it
# listens on 389/udp.
sandbox_samba_dc() {
	local var=$1 ns=$2 dir=$3 samba_pid_
	sandbox_spawn samba_pid_ "$ns" sh -c 'mkdir -p /run/samba && exec "$@"' sh \
		samba -i -M single --debug-stdout -s "$dir/etc/smb.conf" >"$dir/samba.log" 2>&1
	sandbox_wait_port "$ns" udp 389 || { tail -20 "$dir/samba.log" >&2; exit 99; }
	printf -v "$var" '%s' "$samba_pid_"
}

# cldap_domain_info NS ADDRESS: what `samba-tool domain info ADDRESS`
# says from NS; exit 0 when the DC answered its CLDAP ping (it names the
# DC), 1 when not (after about 6 s: "ERROR: Invalid IP address").
cldap_domain_info() {
	local said
	said=$(ip netns exec "$1" timeout 30 samba-tool domain info "$2" 2>&1)
	printf '%s\n' "$said"
	grep -q '^DC name *: dc1.pg.test' <<<"$said"
}
