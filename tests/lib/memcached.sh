# SPDX-License-Identifier: GPL-2.0-or-later
# The real Debian memcached for integration tests, in a network
# namespace of the test's with a private /run. Source after sandbox.sh.
require_tools memcached python3

# sandbox_memcached VAR NS ARGUMENT...: memcached in the foreground as
# user memcache with ARGUMENTs (-l, -U); its pid goes into VAR once it
# listens on 11211/tcp (and 11211/udp when -U is not 0).
sandbox_memcached() {
	local var=$1 ns=$2 memcached_pid_; shift 2
	sandbox_spawn memcached_pid_ "$ns" memcached -u memcache -m 64 -p 11211 "$@"
	sandbox_wait_port "$ns" tcp 11211 || exit 99
	case " $* " in
	*" -U 0 "*) ;;
	*" -U "*) sandbox_wait_port "$ns" udp 11211 || exit 99 ;;
	esac
	printf -v "$var" '%s' "$memcached_pid_"
}

# memcached_stats NS ADDRESS: memcached's own answer to stats over TCP
# (python, no nc needed), the STAT lines; exit 1 when none came.
memcached_stats() {
	ip netns exec "$1" python3 - "$2" <<'PY'
import socket, sys
try:
	s = socket.create_connection((sys.argv[1], 11211), timeout=2)
	s.sendall(b"stats\r\n")
	data = b""
	while not data.endswith(b"END\r\n"):
		chunk = s.recv(65536)
		if not chunk:
			break
		data += chunk
except OSError as error:
	sys.exit(f"memcached_stats: {error}")
sys.stdout.write(data.decode())
sys.exit(0 if data.endswith(b"END\r\n") else 1)
PY
}

# memcached_client NS ADDRESS VAR: a client that stays connected (until
# the test ends); its pid goes into VAR once it is.
memcached_client() {
	local ns=$1 address=$2 var=$3 ready
	ready=$(mktemp -u)
	ip netns exec "$ns" python3 - "$address" "$ready" <<'PY' &
import socket, sys, time
s = socket.create_connection((sys.argv[1], 11211), timeout=5)
s.sendall(b"version\r\n")
s.recv(100)
open(sys.argv[2], "w").close()
time.sleep(600)
PY
	sandbox_pids+=("$!")
	printf -v "$var" '%s' "$!"
	for _ in $(seq 300); do
		[ -e "$ready" ] && { rm -f "$ready"; return 0; }
		sleep 0.1
	done
	echo "the memcached client did not connect" >&2
	exit 99
}
