# SPDX-License-Identifier: GPL-2.0-or-later
# tftpd-hpa's in.tftpd (Debian's tftpd-hpa package) for integration
# tests, in a network namespace of the test's with a private /run,
# serving a directory of the test's; judged by tftp-hpa's client. Source
# after sandbox.sh.
require_tools in.tftpd tftp python3

# sandbox_tftpd VAR NS DIR [ADDRESS]: in.tftpd in the foreground (-L)
# serving DIR (--secure) on ADDRESS (":69", every address); its pid
# goes into VAR once it listens on 69/udp.
sandbox_tftpd() {
	local var=$1 ns=$2 dir=$3 address=${4:-:69} tftpd_pid_
	chmod 755 "$dir"
	sandbox_spawn tftpd_pid_ "$ns" in.tftpd -L -s "$dir" -a "$address"
	sandbox_wait_port "$ns" udp 69 || exit 99
	printf -v "$var" '%s' "$tftpd_pid_"
}

# sandbox_dnsmasq_tftp VAR NS DIR: dnsmasq (dnsmasq-base, no unit) in
# the foreground serving TFTP from DIR and nothing else (no DNS, no
# DHCP); its pid goes into VAR once it listens on 69/udp.
sandbox_dnsmasq_tftp() {
	local var=$1 ns=$2 dir=$3 dnsmasq_pid_
	sandbox_spawn dnsmasq_pid_ "$ns" dnsmasq --no-daemon --conf-file=/dev/null --port=0 --enable-tftp \
		--tftp-root="$dir" --pid-file= --user=root
	sandbox_wait_port "$ns" udp 69 || exit 99
	printf -v "$var" '%s' "$dnsmasq_pid_"
}

# tftp_get NS ADDRESS NAME: what `tftp ADDRESS` says to `get NAME` from
# NS, the file fetched into a scratch file and removed; exit 0 when the
# server answered (the file, or an error such as "File not found"), 1
# when it said nothing ("Transfer timed out.", after 5 s).
tftp_get() {
	local said scratch
	scratch=$(mktemp)
	said=$(printf 'timeout 3\nget %s %s\nquit\n' "$3" "$scratch" | ip netns exec "$1" timeout 30 tftp "$2" 2>&1)
	rm -f "$scratch"
	printf '%s\n' "$said"
	! grep -q 'Transfer timed out' <<<"$said"
}
