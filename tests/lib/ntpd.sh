# SPDX-License-Identifier: GPL-2.0-or-later
# Debian's ntpd (ntpsec) for tests, in a namespace of the test's with
# its own /run, never able to set this machine's clock: its bounding set
# lacks CAP_SYS_TIME (no -u: ntpd would fail to drop root while keeping
# it). Source after sandbox.sh.

# Unpacked there by contrib/install-deps.sh where ntpsec is not
# installed (the package would replace the host's time daemon).
PATH=$PATH:/opt/portguard-test-tools/ntpsec/usr/sbin:/opt/portguard-test-tools/ntpsec/usr/bin
require_tools ntpd ntpq setpriv python3

# The clock's offset from the monotonic clock, in ns: unchanged unless
# someone stepped the clock.
ntpd_clock_offset() {
	python3 -c 'import time; print(time.clock_gettime_ns(time.CLOCK_REALTIME) - time.clock_gettime_ns(time.CLOCK_MONOTONIC))'
}

# ntpd_config FILE [RESTRICT_LINE...]: Debian's ntp.conf without its
# pools and drift file, plus the lines given (as an admin adds them).
ntpd_config() {
	local file=$1; shift
	{
		echo "driftfile ${file%/*}/ntp.drift"
		echo "leapfile /usr/share/zoneinfo/leap-seconds.list"
		echo "restrict default kod nomodify nopeer noquery limited"
		echo "restrict 127.0.0.1"
		echo "restrict ::1"
		local line
		for line in "$@"; do echo "$line"; done
	} >"$file"
}

# sandbox_ntpd VAR NS CONFIG: ntpd in NS with CONFIG; its pid goes into
# VAR once it answers mode 6 on loopback (it binds every address first).
sandbox_ntpd() {
	local var=$1 ns=$2 config=$3 ntpd_pid_
	sandbox_spawn ntpd_pid_ "$ns" setpriv --bounding-set -sys_time \
		ntpd -n -c "$config" -p /run/ntpd.pid >"${config%/*}/ntpd.log" 2>&1
	for _ in $(seq 150); do
		ip netns exec "$ns" ntpq -c 'rv 0 version' 127.0.0.1 2>/dev/null | contains ntpsec && break
		sleep 0.2
	done
	ip netns exec "$ns" ntpq -c 'rv 0 version' 127.0.0.1 2>/dev/null | contains ntpsec ||
		{ echo "ntpd did not come up in $ns" >&2; cat "${config%/*}/ntpd.log" >&2; exit 99; }
	printf -v "$var" '%s' "$ntpd_pid_"
}
