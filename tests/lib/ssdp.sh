# SPDX-License-Identifier: GPL-2.0-or-later
# The real Debian minissdpd for integration tests, in a network
# namespace of the test's with a private /run. Source after sandbox.sh.
# minissdpd answers M-SEARCH only for services registered with it over
# /run/minissdpd.sock (as miniupnpd and minidlna do), and only from a
# source on the network of an interface it serves (-i).
require_tools minissdpd python3 nsenter

# ssdp_interface NS ADDRESS: the name of NS's interface with ADDRESS.
ssdp_interface() {
	ip -n "$1" -o addr show | awk -v a="$2" '{ split($4, p, "/"); if (p[1] == a) { print $2; exit } }'
}

# sandbox_minissdpd VAR NS INTERFACE...: minissdpd in the foreground (-d)
# on the INTERFACEs, its socket in the private /run; its pid goes into VAR
# once it listens on 1900/udp and its socket is there. Its log (it logs
# every M-SEARCH it drops: "peer ... is not from a LAN") goes to
# $SSDP_LOG when that is set.
sandbox_minissdpd() {
	local var=$1 ns=$2 minissdpd_pid_ interface; shift 2
	local arguments=()
	for interface in "$@"; do
		arguments+=(-i "$interface")
	done
	sandbox_spawn minissdpd_pid_ "$ns" minissdpd -d "${arguments[@]}" >"${SSDP_LOG:-/dev/null}" 2>&1
	sandbox_wait_port "$ns" udp 1900 || exit 99
	for _ in $(seq 300); do
		nsenter -t "$minissdpd_pid_" -m test -S /run/minissdpd.sock && break
		sleep 0.1
	done
	printf -v "$var" '%s' "$minissdpd_pid_"
}

# ssdp_register PID ST USN SERVER LOCATION: registers a service with the
# minissdpd of PID through its socket, as miniupnpd does (request type 4,
# each string after its length in 7-bit groups, minissdpd's codelength.h).
ssdp_register() {
	nsenter -t "$1" -m python3 - "${@:2}" <<'PY'
import socket, sys
def coded(text):
	data = text.encode()
	n = len(data)
	length = bytes([n & 0x7f])
	n >>= 7
	while n:
		length = bytes([(n & 0x7f) | 0x80]) + length
		n >>= 7
	return length + data
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.connect("/run/minissdpd.sock")
s.sendall(b"\x04" + b"".join(coded(a) for a in sys.argv[1:5]))
s.close()
PY
}

# ssdp_register_gateway PID ADDRESS: the root device and the gateway
# device of an internet gateway at ADDRESS, as miniupnpd registers them.
ssdp_register_gateway() {
	local uuid=uuid:5c1e7a00-51d1-4c1b-9d2a-00000000beef
	local server="Debian/12 UPnP/1.1 MiniUPnPd/2.3.1" location="http://$2:5000/rootDesc.xml"
	ssdp_register "$1" upnp:rootdevice "$uuid::upnp:rootdevice" "$server" "$location"
	ssdp_register "$1" urn:schemas-upnp-org:device:InternetGatewayDevice:1 \
		"$uuid::urn:schemas-upnp-org:device:InternetGatewayDevice:1" "$server" "$location"
}

# ssdp_msearch NS ADDRESS: the scanners' M-SEARCH ssdp:all from NS, the
# raw client that judges; prints "DATAGRAMS BYTES" of the 200 OK replies
# within two seconds ("0 0": silent).
ssdp_msearch() {
	ip netns exec "$1" python3 - "$2" <<'PY'
import socket, sys, time
address = sys.argv[1]
request = (b'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\n'
	   b'MX: 1\r\nST: ssdp:all\r\n\r\n')
s = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_DGRAM)
s.sendto(request, (address, 1900))
count = total = 0
deadline = time.monotonic() + 2
while True:
	left = deadline - time.monotonic()
	if left <= 0:
		break
	s.settimeout(left)
	try:
		data = s.recv(65536)
	except (socket.timeout, ConnectionRefusedError):
		break
	if data.startswith(b"HTTP/1.1 200"):
		count += 1
		total += len(data)
print(count, total)
PY
}
