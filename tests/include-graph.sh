#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The file-to-file include graph of src/, with x.c and x.h taken as one
# module x (a .c including its own .h is no dependency; nft.c including
# nft_read.h while nft_read.c includes nft.h is a cycle). Prints every
# cycle (each strongly connected set of modules) and fails when there is
# one, so that dependencies keep pointing one way, from scan to report.
# Run by make check; needs no root.
set -euo pipefail
src=${1:-${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}/src}
[ -d "$src" ] || { echo "no $src" >&2; exit 99; }
for file in "$src"/*.c "$src"/*.h; do
	module=$(basename "$file"); module=${module%.*}
	sed -n 's/^#include "\([^"]*\)\.h".*/\1/p' "$file" | while read -r target; do
		if [ -e "$src/$target.h" ] && [ "$target" != "$module" ]; then echo "$module $target"; fi
	done
done | sort -u | awk '
	{ edges[$1] = edges[$1] " " $2; nodes[$1]; nodes[$2]; count++ }
	function connect(v,    list, n, i, w, member, component, size) {
		index_of[v] = low[v] = next_index++; stack[++top] = v; on_stack[v] = 1
		n = split(edges[v], list, " ")
		for (i = 1; i <= n; i++) {
			w = list[i]
			if (!(w in index_of)) { connect(w); if (low[w] < low[v]) low[v] = low[w] }
			else if (on_stack[w] && index_of[w] < low[v]) low[v] = index_of[w]
		}
		if (low[v] == index_of[v]) {
			component = ""; size = 0
			do { member = stack[top--]; on_stack[member] = 0; component = member " " component; size++ } while (member != v)
			if (size > 1) { print "include cycle: " component; cycles++ }
		}
	}
	END {
		for (v in nodes) if (!(v in index_of)) connect(v)
		printf "%d modules, %d include edges, %d cycles\n", length(nodes), count, cycles + 0
		exit cycles > 0
	}'
