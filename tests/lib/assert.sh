# SPDX-License-Identifier: GPL-2.0-or-later
# Assertions for the integration scripts. Source it; call finish last.
set -uo pipefail
failures=0

# contains GREP-ARGS...: grep's verdict on its input, read to the end.
# `cmd | grep -q` is wrong under pipefail: grep leaves at the first
# match, cmd's next write gets SIGPIPE, and the pipe fails although the
# text was there (and `... && fail` then never fires).
contains() {
	grep "$@" >/dev/null
}

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

# expect_error MESSAGE COMMAND...: exit 1, one line on stderr containing
# MESSAGE, nothing on stdout. What it said is left in $expect_error_said.
expect_error_said=""
expect_error() {
	local message=$1; shift
	local out err code
	out=$(mktemp) err=$(mktemp)
	"$@" >"$out" 2>"$err"
	code=$?
	if [ "$code" -ne 1 ]; then
		fail "'$*' exited $code, expected 1"
	elif ! grep -qF -- "$message" "$err"; then
		fail "'$*' said '$(cat "$err")', expected '$message'"
	elif [ "$(wc -l <"$err")" -ne 1 ]; then
		fail "'$*' printed $(wc -l <"$err") lines on stderr, expected one: $(cat "$err")"
	elif [ -s "$out" ]; then
		fail "'$*' printed on stdout: $(head -c 200 "$out")"
	else
		echo "ok: $* -> $message"
	fi
	expect_error_said=$(cat "$err")
	rm -f "$out" "$err"
}

# expect_exit CODE COMMAND...
expect_exit() {
	local expected=$1; shift
	"$@"
	local code=$?
	[ "$code" -eq "$expected" ] || fail "'$*' exited $code, expected $expected"
}

# require_tools TOOL...: as root, a missing tool is a hard error (exit
# 99), never a skip or a check left out: the test would pass without
# testing. contrib/install-deps.sh installs them all.
require_tools() {
	local tool missing=()
	for tool in "$@"; do
		command -v "$tool" >/dev/null || missing+=("$tool")
	done
	[ ${#missing[@]} -eq 0 ] && return 0
	echo "${missing[*]}: not installed; run contrib/install-deps.sh" >&2
	exit 99
}

require_root() {
	if [ "$(id -u)" -ne 0 ]; then
		echo "SKIP: needs root (namespaces)"
		exit 77
	fi
}

finish() {
	if [ "$failures" -gt 0 ]; then
		echo "$failures assertion(s) failed"
		exit 1
	fi
	exit 0
}
