#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every file portguard reads is opened by src/base/safe_file.c (directly or
# through base/paths.c): a FIFO, device or link there cannot stall or mislead
# a process that runs as root. Fails on any other open of a file in
# src/; left alone are directories (O_DIRECTORY opens nothing else and
# never blocks), new files (O_EXCL) and O_PATH handles, which read
# nothing. Run by make check; needs no root.
set -euo pipefail
src=${1:-${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/src}
[ -d "$src" ] || { echo "no $src" >&2; exit 99; }
found=$(grep -nE '\b(fopen|freopen|open|openat|creat)\(|SYS_openat2' $(find "$src" -name "*.c") |
	grep -v "^$src/base/safe_file\.c:" | grep -vE 'O_DIRECTORY|O_EXCL|O_PATH' || true)
if [ -n "$found" ]; then
	echo "files opened outside safe_file.c (use safe_file_open, safe_file_read or paths_read_file):"
	echo "$found"
	exit 1
fi
