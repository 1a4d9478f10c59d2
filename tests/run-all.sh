#!/usr/bin/env bash
# Builds portguard twice (plain, and with AddressSanitizer and
# UndefinedBehaviorSanitizer) and runs the whole suite on each.
# Ends with one line: "N passed, N failed".
set -uo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

"$top/contrib/install-deps.sh" || { echo "0 passed, 1 failed"; exit 1; }
autoreconf -fi >/dev/null 2>&1 || { autoreconf -fi; echo "0 passed, 1 failed"; exit 1; }

passed=0 failed=0
jobs=$(nproc)
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
	(cd "$dir" && make -s check -j"$jobs" VERBOSE=1 >"$dir/check.out" 2>&1)
	grep -E '^(PASS|FAIL|XFAIL|XPASS|ERROR|SKIP):' "$dir/check.out"
	local p f s
	p=$(grep -cE '^(PASS|XFAIL):' "$dir/check.out")
	f=$(grep -cE '^(FAIL|XPASS|ERROR):' "$dir/check.out")
	s=$(grep -cE '^SKIP:' "$dir/check.out")
	if [ "$f" -gt 0 ]; then
		# Show the logs of what failed, so CI output says why.
		for log in $(grep -lE '^(FAIL|ERROR|XPASS)' $(find "$dir/tests" -name '*.log') 2>/dev/null); do
			echo "---- $log"; tail -n 60 "$log"
		done
	fi
	echo "== $name: $p passed, $f failed, $s skipped"
	passed=$((passed + p))
	failed=$((failed + f))
}

run_suite plain
run_suite sanitizers --enable-sanitizers

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
