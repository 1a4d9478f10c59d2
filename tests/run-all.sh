#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Builds portguard twice (plain, and with AddressSanitizer and
# UndefinedBehaviorSanitizer) and runs the whole suite on each, then the
# release checks (tests/release.sh).
# Ends with one line: "N passed, N failed" (", N skipped" when some were).
# As root every test must run: a test that skips there (a missing tool,
# kernel feature or package) counts as failed, so a green run never
# hides an untested part. Without root the integration tests skip; the
# skips are listed and counted, and only root's run is the real one.
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/contrib/install-deps.sh" || { echo "0 passed, 1 failed"; exit 1; }
autoreconf -fi >/dev/null 2>&1 || { autoreconf -fi; echo "0 passed, 1 failed"; exit 1; }

passed=0 failed=0 skipped=0
jobs=$(nproc)
root=no
[ "$(id -u)" -eq 0 ] && root=yes

# The result automake recorded for each test, one "RESULT: test" a line.
results() {
	local trs
	find "$1/tests" -name '*.trs' | sort | while read -r trs; do
		local test=${trs#"$1/"}
		echo "$(sed -n 's/^:test-result: //p' "$trs" | head -n 1): ${test%.trs}"
	done
}

run_suite() {
	local name=$1; shift
	local dir="$top/build-$name"
	mkdir -p "$dir"
	echo "== $name build"
	if ! (cd "$dir" && "$top/configure" -q "$@" >/dev/null && make -s -j"$jobs" >/dev/null); then
		echo "FAIL: $name build"
		failed=$((failed + 1))
		return
	fi
	find "$dir/tests" -name '*.trs' -delete 2>/dev/null
	(cd "$dir" && make -s check -j"$jobs" VERBOSE=1 >"$dir/check.out" 2>&1)
	local list p f s
	list=$(results "$dir")
	if [ -z "$list" ]; then
		echo "FAIL: $name: make check ran no test"; tail -n 40 "$dir/check.out"
		failed=$((failed + 1))
		return
	fi
	echo "$list"
	p=$(grep -cE '^(PASS|XFAIL):' <<<"$list")
	f=$(grep -cE '^(FAIL|XPASS|ERROR):' <<<"$list")
	s=$(grep -cE '^SKIP:' <<<"$list")
	local test
	for test in $(sed -n 's/^SKIP: //p' <<<"$list"); do
		echo "skipped: $test: $(grep -m1 '^SKIP' "$dir/$test.log" 2>/dev/null || echo 'no reason given')"
	done
	if [ "$root" = yes ] && [ "$s" -gt 0 ]; then
		echo "FAIL: $name: $s test(s) skipped although run as root; install what they name (contrib/install-deps.sh)"
		f=$((f + s)) s=0
	fi
	for test in $(sed -n 's/^\(FAIL\|ERROR\|XPASS\): //p' <<<"$list"); do
		# Show the logs of what failed, so CI output says why.
		echo "---- $dir/$test.log"; tail -n 60 "$dir/$test.log"
	done
	echo "== $name: $p passed, $f failed, $s skipped"
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
}

# The release checks (tests/release.sh: make distcheck, the Debian
# package on a booted systemd, the Ansible role), about 4 minutes.
run_release() {
	local out="$top/build-release/release.out" last p f
	echo "== release"
	if [ "$root" = no ]; then
		echo "skipped: tests/release.sh: needs root (dpkg, namespaces)"
		skipped=$((skipped + 1))
		return
	fi
	mkdir -p "$top/build-release"
	"$top/tests/release.sh" >"$out" 2>&1
	grep -E '^(PASS|FAIL): ' "$out"
	last=$(tail -n 1 "$out")
	if [[ $last =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed$ ]]; then
		p=${BASH_REMATCH[1]} f=${BASH_REMATCH[2]}
	else
		p=0 f=1
	fi
	[ "$f" -gt 0 ] && { echo "---- $out"; tail -n 80 "$out"; }
	echo "== release: $p passed, $f failed"
	passed=$((passed + p))
	failed=$((failed + f))
}

[ "$root" = yes ] || echo "run-all: not root: the integration tests will skip; run as root for the real suite"
run_suite plain
run_suite sanitizers --enable-sanitizers
run_release

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary+=", $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
