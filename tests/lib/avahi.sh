# SPDX-License-Identifier: GPL-2.0-or-later
# Debian's avahi-daemon for tests, and an mDNS question asked as the
# scanners ask it. avahi answers a unicast question only from a source
# on the link it came in on, so a test's scanner asks from an off-link
# address and its LAN peer from an on-link one. Source after sandbox.sh.

require_tools avahi-daemon python3

# avahi_config DIR: Debian's avahi-daemon.conf without D-Bus (nobody to
# answer it in a namespace) into DIR/avahi-daemon.conf (DIR is laid out
# as /etc/avahi, so a test's --root tree can hold it), publishing the
# workstation (its MAC in the instance name, as scan_mdns reports), with
# an empty DIR/services for the published services; extra lines for
# [server] come as arguments ("allow-interfaces=pga1").
avahi_config() {
	local dir=$1; shift
	mkdir -p "$dir/services"
	{
		echo "[server]"
		echo "enable-dbus=no"
		local line
		for line in "$@"; do echo "$line"; done
		sed -e '/^\[server\]$/d' -e '/^enable-dbus=/d' -e 's/^publish-workstation=.*/publish-workstation=yes/' \
			/etc/avahi/avahi-daemon.conf
	} >"$dir/avahi-daemon.conf"
	chmod -R a+rX "$dir"
}

# sandbox_avahi VAR NS DIR: avahi-daemon in NS with DIR/avahi-daemon.conf and
# DIR/services, host name pgtest (a UTS namespace of its own: it never
# announces this machine's name); its pid goes into VAR once it has
# published the host and every service of DIR/services.
sandbox_avahi() {
	local var=$1 ns=$2 dir=$3 avahi_pid_ services
	services=$(find "$dir/services" -name '*.service' | wc -l)
	sandbox_spawn avahi_pid_ "$ns" sh -c 'mount --bind "$0" /etc/avahi/services && mkdir -p /run/avahi-daemon && exec "$@"' \
		"$dir/services" unshare --uts sh -c 'hostname pgtest && exec avahi-daemon -f "$0" --no-rlimits' "$dir/avahi-daemon.conf" \
		>"$dir/avahi.log" 2>&1
	for _ in $(seq 300); do
		grep -q 'Server startup complete' "$dir/avahi.log" &&
			[ "$(grep -c 'successfully established' "$dir/avahi.log")" -ge "$services" ] && break
		sleep 0.1
	done
	grep -q 'Server startup complete' "$dir/avahi.log" ||
		{ echo "avahi-daemon did not come up in $ns" >&2; cat "$dir/avahi.log" >&2; exit 99; }
	printf -v "$var" '%s' "$avahi_pid_"
}

# mdns_ask NS SERVER [SOURCE]: asks SERVER:5353 from NS (from SOURCE
# when given) for the service types, as scan_mdns does, independently of
# portguard; prints the reply's size, or "none" after 1 s.
mdns_ask() {
	ip netns exec "$1" python3 - "$2" "${3:-}" <<'PY'
import socket, struct, sys
server, source = sys.argv[1], sys.argv[2]
family = socket.AF_INET6 if ':' in server else socket.AF_INET
labels = b''.join(bytes([len(p)]) + p.encode() for p in '_services._dns-sd._udp.local'.split('.'))
sock = socket.socket(family, socket.SOCK_DGRAM)
if source:
    sock.bind((source, 0))
sock.settimeout(1)
sock.sendto(struct.pack('>6H', 0x4242, 0, 1, 0, 0, 0) + labels + b'\0' + struct.pack('>2H', 12, 1), (server, 5353))
try:
    reply = sock.recv(65536)
    print(len(reply) if reply[:2] == b'\x42\x42' else 'none')
except socket.timeout:
    print('none')
PY
}
