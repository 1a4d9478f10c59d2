# SPDX-License-Identifier: GPL-2.0-or-later
# The real Debian xinetd with its internal services, for integration
# tests, in a network namespace of the test's with a private /run.
# Source after sandbox.sh.
require_tools xinetd python3

# xinetd_internal NAME ID SOCKET_TYPE PROTOCOL: one enabled internal
# service block as Debian's /etc/xinetd.d files write it.
xinetd_internal() {
	local wait=no
	[ "$3" = dgram ] && wait=yes
	printf 'service %s\n{\n\ttype\t\t= INTERNAL\n\tid\t\t= %s\n\tsocket_type\t= %s\n\tprotocol\t= %s\n\tuser\t\t= root\n\twait\t\t= %s\n\tdisable\t\t= no\n}\n\n' \
		"$1" "$2" "$3" "$4" "$wait"
}

# xinetd_config FILE [other]: an xinetd.conf with chargen, echo and
# daytime enabled over UDP and chargen over TCP, inline (xinetd and
# check --root read the same file); with "other" also a service that is
# not internal (lab-tftp on 6969/udp), which stopping xinetd would cut
# off.
xinetd_config() {
	local file=$1
	mkdir -p "$(dirname "$file")"
	{
		printf 'defaults\n{\n}\n\n'
		xinetd_internal chargen chargen-dgram dgram udp
		xinetd_internal chargen chargen-stream stream tcp
		xinetd_internal echo echo-dgram dgram udp
		xinetd_internal daytime daytime-dgram dgram udp
		xinetd_internal time time-dgram dgram udp
		if [ "${2:-}" = other ]; then
			printf 'service lab-tftp\n{\n\ttype\t\t= UNLISTED\n\tport\t\t= 6969\n\tsocket_type\t= dgram\n\tprotocol\t= udp\n\twait\t\t= yes\n\tuser\t\t= root\n\tserver\t\t= /bin/true\n\tdisable\t\t= no\n}\n'
		fi
	} >"$file"
}

# sandbox_xinetd VAR NS CONF: xinetd in the foreground with CONF; its pid
# goes into VAR once chargen listens on 19/udp.
sandbox_xinetd() {
	local var=$1 ns=$2 conf=$3 xinetd_pid_
	sandbox_spawn xinetd_pid_ "$ns" xinetd -dontfork -f "$conf" -pidfile /run/xinetd.pid
	sandbox_wait_port "$ns" udp 19 || exit 99
	printf -v "$var" '%s' "$xinetd_pid_"
}

# chargen_ask NS ADDRESS PORT: what a scanner gets for one newline: the
# reply's size in bytes, or "silent" (nothing within a second). xinetd
# drops a datagram that comes right after the last one's reply
# (measured: none within 0.1 s, one after 0.3 s), so it waits first.
chargen_ask() {
	ip netns exec "$1" python3 -c '
import socket, sys, time
time.sleep(0.4)
address, port = sys.argv[1], int(sys.argv[2])
s = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(1)
s.sendto(b"\n", (address, port))
try:
    print(len(s.recvfrom(65536)[0]))
except (socket.timeout, ConnectionRefusedError):
    print("silent")
' "$2" "$3"
}
