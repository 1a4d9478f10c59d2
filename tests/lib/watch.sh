# SPDX-License-Identifier: GPL-2.0-or-later
# For the watch-*.sh tests and bench/watch.sh; source after sandbox.sh
# (and systemd-sandbox.sh for the functions that use it).

# wait_until SECONDS COMMAND...: until COMMAND succeeds, polling every
# 20 ms; 1 when it never did.
wait_until() {
	local deadline=$(($(date +%s%N) + $1 * 1000000000)); shift
	while [ "$(date +%s%N)" -lt "$deadline" ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.02
	done
	return 1
}

# watch_quiet PID [PREFIX...]: until the agent PID has slept in its
# event loop (epoll) without waking for a whole second, so that it has
# handled every event sent to it before: a second is longer than any
# short delay it arms (systemd's signals settle for 0.5 s, a held lock
# is tried again after 0.2 s). PREFIX runs the reads where PID lives
# (systemd_sandbox_run for the booted sandbox). Waiting for this, rather
# than sleeping, makes "nothing happened" mean that the agent looked.
# 30 s at most; 1 when it never was quiet.
watch_quiet() {
	local pid=$1 sample quiet_since="" previous="" now deadline; shift
	deadline=$(($(date +%s%N) + 30000000000))
	while now=$(date +%s%N); [ "$now" -lt "$deadline" ]; do
		# Its wait channel and how often it went to sleep so far.
		sample=$("$@" sh -c 'cat "/proc/$1/wchan"; echo; grep ctxt_switches "/proc/$1/status"' sh "$pid" 2>/dev/null | tr '\n' ' ') ||
			return 1
		if [[ $sample == *epoll* ]] && [ "$sample" = "$previous" ]; then
			[ -n "$quiet_since" ] || quiet_since=$now
			[ $((now - quiet_since)) -ge 1000000000 ] && return 0
		else
			quiet_since=""
		fi
		previous=$sample
		sleep 0.1
	done
	return 1
}

# undo_all COMMAND...: runs COMMAND, an undo, until it says "Nothing to
# undo" and exits 0; each run before must exit 2 (a fix undone). Fails
# when it does not get there in 10 runs.
undo_all() {
	local out code
	for _ in $(seq 10); do
		out=$("$@" 2>&1); code=$?
		if contains "^Nothing to undo" <<<"$out"; then
			[ "$code" -eq 0 ] || fail "'$*' found nothing to undo but exited $code"
			return
		fi
		[ "$code" -eq 2 ] || { fail "'$*' exited $code: $out"; return; }
	done
	fail "'$*' did not end with 'Nothing to undo' in 10 runs: $out"
}

# cpu_ticks PID: user + system time the process used, in clock ticks
# (fields 14 and 15 of /proc/PID/stat, after the parenthesised name).
cpu_ticks() {
	local stat
	stat=$(cat "/proc/$1/stat") || return 1
	stat=${stat##*) }
	# shellcheck disable=SC2086
	set -- $stat
	echo $((${12} + ${13}))
}

# guard_field ROOT KEY: a key of the agent's status file below ROOT.
guard_field() {
	jq -r ".$2" "$1/var/lib/portguard/guard.json" 2>/dev/null
}

# watch_install_unit: the agent's unit inside the systemd sandbox,
# running the binary under test.
watch_install_unit() {
	sed "s|^ExecStart=@sbindir@/portguard|ExecStart=$SYSTEMD_SANDBOX_PORTGUARD|" \
		"$TOP_SRCDIR/units/portguard.service.in" | systemd_sandbox_unit portguard.service
}

# watch_link_peer VAR SANDBOX_ADDRESS PEER_ADDRESS: a new namespace linked
# to the systemd sandbox's network namespace by a veth pair; its name
# goes into VAR.
watch_link_peer() {
	local var=$1 peer_ns_ index=${RANDOM}
	sandbox_netns peer_ns_
	ip link add "pgw${index}" netns "$peer_ns_" type veth peer name "pgs${index}" \
		netns "$SYSTEMD_SANDBOX_PID" || exit 99
	ip -n "$peer_ns_" addr add "$3" dev "pgw${index}" nodad 2>/dev/null || ip -n "$peer_ns_" addr add "$3" dev "pgw${index}"
	ip -n "$peer_ns_" link set "pgw${index}" up
	systemd_sandbox_run ip addr add "$2" dev "pgs${index}" || exit 99
	systemd_sandbox_run ip link set "pgs${index}" up
	printf -v "$var" '%s' "$peer_ns_"
}
