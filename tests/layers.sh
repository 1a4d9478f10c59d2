#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The layers of src/, as doc/HACKING.md ranks them (its table of
# "| rank | `folder/` |" rows is the one list). Fails when:
#  - a file of src/ lies outside a ranked folder (main.c excepted);
#  - a file includes a header of src/ by a path without its folder;
#  - a file includes from a folder of the same or a higher rank than
#    its own (its own folder excepted): dependencies point down only;
#  - a file outside services/ includes a service's folder
#    (services/NAME/...), or one service's folder another's: the engine
#    knows a service only through services/service.h, and only the
#    table (services/services.c) names each;
#  - a file of mail/ or report/ includes rpc/: the portmapper's columns
#    and words are its mail descriptor's (services/portmapper/);
#  - the module include graph has a cycle (x.c and x.h are one module),
#    also inside one folder.
# Run by make check; needs no root.
set -euo pipefail
top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
src=${1:-$top/src}
hacking=${2:-$top/doc/HACKING.md}
[ -d "$src" ] && [ -f "$hacking" ] || { echo "no $src or $hacking" >&2; exit 99; }

declare -A rank
while read -r number folder; do rank[$folder]=$number; done < <(
	sed -n 's/^| \([0-9][0-9]*\) | `\([a-z_]*\)\/` |.*/\1 \2/p' "$hacking")
[ "${#rank[@]}" -gt 0 ] || { echo "FAIL: no ranked folders in $hacking"; exit 1; }

problems=0
problem() { echo "FAIL: $*"; problems=$((problems + 1)); }

edges=$(mktemp)
trap 'rm -f "$edges"' EXIT
while IFS= read -r -d '' file; do
	relative=${file#"$src"/}
	if [ "$relative" = main.c ]; then
		folder=main own=1000
	else
		folder=${relative%%/*}
		if [ "$folder" = "$relative" ] || [ -z "${rank[$folder]+set}" ]; then
			problem "src/$relative is not in a folder ranked in doc/HACKING.md"
			continue
		fi
		own=${rank[$folder]}
	fi
	module=${relative%.*}
	while IFS= read -r target; do
		case $target in
		config.h) continue ;;
		*/*) ;;
		*) problem "src/$relative includes \"$target\": name its folder"; continue ;;
		esac
		[ -e "$src/$target" ] || { problem "src/$relative includes \"$target\", which is not in src/"; continue; }
		to=${target%%/*}
		if [ "$to" != "$folder" ] && [ "${rank[$to]}" -ge "$own" ]; then
			problem "src/$relative (rank $own, $folder/) includes $target (rank ${rank[$to]}, $to/): a layer may use only lower ones"
		fi
		# The mail and the report know a service's columns and words
		# only through its mail descriptor (struct service_mail).
		case $folder/$target in
		mail/rpc/* | report/rpc/*)
			problem "src/$relative includes $target: mail/ and report/ know the portmapper only through services/service.h" ;;
		esac
		case $target in
		services/*/*)
			service=${target#services/}
			service=${service%%/*}
			if [ "$folder" != services ]; then
				problem "src/$relative includes $target: outside services/ a service is known only through services/service.h"
			elif [[ $relative == services/*/* ]] && [[ $relative != services/$service/* ]]; then
				problem "src/$relative includes $target: a service may not use another service's folder"
			fi
			;;
		esac
		[ "${target%.h}" != "$module" ] && echo "$module ${target%.h}" >> "$edges"
	done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$file")
done < <(find "$src" -type f \( -name '*.c' -o -name '*.h' -o -name '*.in' \) ! -path "*/README*" -print0 | sort -z)

sort -u "$edges" | awk '
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
			if (size > 1) { print "FAIL: include cycle: " component; cycles++ }
		}
	}
	END {
		for (v in nodes) if (!(v in index_of)) connect(v)
		printf "%d modules, %d include edges, %d cycles\n", length(nodes), count, cycles + 0
		exit cycles > 0
	}' || problems=$((problems + 1))
echo "${#rank[@]} layers, $problems problem(s)"
[ "$problems" -eq 0 ]
