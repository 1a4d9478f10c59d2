#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Every source file says its license in its first lines (SPDX), so a file
# copied out of the tree still carries it. Run by make check; needs no root.
set -euo pipefail
top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
tag='SPDX-License-Identifier: GPL-2.0-or-later'
missing=0
while IFS= read -r -d '' file; do
	if ! head -n 3 "$file" | grep -qF "$tag"; then
		echo "no license line: ${file#"$top/"}"
		missing=$((missing + 1))
	fi
done < <(find "$top/src" "$top/tests" "$top/bench" "$top/contrib" "$top/rules" "$top/units" \
	-path "$top/tests/fixtures" -prune -o -path "$top/contrib/demo/host" -prune -o \
	-type f \( -name '*.c' -o -name '*.h' -o -name '*.sh' -o -name '*.py' -o -name '*.bash' \
	-o -name '*.in' -o -name '*.service' \) -print0)
for file in configure.ac Makefile.am; do
	head -n 3 "$top/$file" | grep -qF "$tag" || { echo "no license line: $file"; missing=$((missing + 1)); }
done
[ "$missing" -eq 0 ] || { echo "$missing file(s) without '$tag' in their first 3 lines"; exit 1; }
echo "every source file carries '$tag'"
