# SPDX-License-Identifier: GPL-2.0-or-later
# The real Debian wsdd (WS-Discovery, 3702/udp) for integration tests,
# in a network namespace of the test's with a private /run. Source after
# sandbox.sh. wsdd binds a socket to each served interface's address and
# one to the group 239.255.255.250, and answers only a Probe sent to the
# group (wsdd 0.7.0: a unicast Probe gets nothing, from anywhere).
require_tools wsdd python3

# wsd_interface NS ADDRESS: the name of NS's interface with ADDRESS.
wsd_interface() {
	ip -n "$1" -o addr show | awk -v a="$2" '{ split($4, p, "/"); if (p[1] == a) { print $2; exit } }'
}

# sandbox_wsdd VAR NS INTERFACE...: wsdd in the foreground on the
# INTERFACEs (IPv4 only, host name PGSERVER, workgroup PGGROUP); its pid
# goes into VAR once it has joined the group on each. Its log goes to
# $WSD_LOG when that is set.
sandbox_wsdd() {
	local var=$1 ns=$2 wsdd_pid_ interface log=${WSD_LOG:-/dev/null}; shift 2
	local arguments=()
	for interface in "$@"; do
		arguments+=(-i "$interface")
	done
	sandbox_spawn wsdd_pid_ "$ns" wsdd -4 -n PGSERVER -w PGGROUP "${arguments[@]}" >"$log" 2>&1
	sandbox_wait_port "$ns" udp 3702 || exit 99
	for _ in $(seq 300); do
		[ "$(ip netns exec "$ns" ss -Hlun 'sport = :3702' | grep -vc '239.255.255.250')" -ge "$#" ] && break
		sleep 0.1
	done
	# the sockets come before wsdd reads them: its Hello is the sign
	sleep 1
	printf -v "$var" '%s' "$wsdd_pid_"
}

# wsd_probe NS ADDRESS [group]: the scanners' Probe for wsdp:Device from
# NS, the raw client that judges: to ADDRESS (unicast), or with "group"
# to 239.255.255.250 on the link towards ADDRESS; prints "DATAGRAMS
# BYTES" of the ProbeMatches from ADDRESS within two seconds ("0 0":
# silent).
wsd_probe() {
	ip netns exec "$1" python3 - "$2" "${3:-unicast}" <<'PY'
import socket, sys, time, uuid
address, how = sys.argv[1], sys.argv[2]
request = ('<?xml version="1.0" encoding="utf-8"?><soap:Envelope xmlns:soap="http://www.w3.org/2003/05/soap-envelope" '
	   'xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:wsd="http://schemas.xmlsoap.org/ws/2005/04/discovery">'
	   '<soap:Header><wsa:To>urn:schemas-xmlsoap-org:ws:2005:04:discovery</wsa:To>'
	   '<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/Probe</wsa:Action>'
	   '<wsa:MessageID>urn:uuid:%s</wsa:MessageID></soap:Header><soap:Body><wsd:Probe><wsd:Types>wsdp:Device</wsd:Types>'
	   '</wsd:Probe></soap:Body></soap:Envelope>' % uuid.uuid4()).encode()
s = socket.socket(socket.AF_INET6 if ":" in address else socket.AF_INET, socket.SOCK_DGRAM)
if how == "group":
	route = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
	route.connect((address, 3702))
	source = route.getsockname()[0]
	s.bind((source, 0))
	s.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, socket.inet_aton(source))
	s.sendto(request, ("239.255.255.250", 3702))
else:
	s.sendto(request, (address, 3702))
count = total = 0
deadline = time.monotonic() + 2
while True:
	left = deadline - time.monotonic()
	if left <= 0:
		break
	s.settimeout(left)
	try:
		data, sender = s.recvfrom(65536)
	except (socket.timeout, ConnectionRefusedError):
		break
	if sender[0] == address and b"ProbeMatches" in data:
		count += 1
		total += len(data)
print(count, total)
PY
}
