#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The repository states its own contract (doc/command-line.md, doc/json.md,
# doc/files.md, portguard(8)): it cites no design file that is not shipped,
# and every command, option and exit code the program knows is in
# doc/command-line.md and in the man page. Run by make check; needs no root.
set -euo pipefail
top=${TOP_SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
guide=$top/doc/command-line.md
man=$top/doc/portguard.8
failures=0
fail() { echo "FAIL: $*"; failures=$((failures + 1)); }

# A design file outside the tree: spelled in pieces, so this file does not
# cite it itself.
unshipped="DESIGN""\\.md|\\.\\./shared/|/work/""shared"
while IFS= read -r hit; do
	fail "cites a file that is not shipped: ${hit#"$top/"}"
done < <(grep -rInE "$unshipped" "$top" --exclude-dir=.git --exclude-dir='build*' \
	--exclude-dir=_build --exclude-dir=autom4te.cache --exclude-dir='portguard-*' 2>/dev/null || :)

# The commands, options and exit codes: from --help when the program is
# built, and always from the option table and exit codes in src/cli.
help=
if [ -n "${PORTGUARD:-}" ] && [ -x "$PORTGUARD" ]; then
	help=$("$PORTGUARD" --help)
fi
# Commands may hold a hyphen: abuse-report.
options=$( { printf '%s\n' "$help" | sed -n 's/^  --\([a-z][a-z-]*\).*/\1/p'
	sed -n 's/^\t{ "\([a-z][a-z-]*\)", \(NULL\|"[^"]*"\), OPTION_.*/\1/p' "$top/src/cli/cli.c"; } | sort -u)
commands=$( { printf '%s\n' "$help" | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z-]*\) .*/\1/p'
	sed -n 's/^\t{ "\([a-z][a-z-]*\)\( [A-Z]*\)\?", "[^"]*" },$/\1/p' "$top/src/cli/cli.c"; } | sort -u)
codes=$( { printf '%s\n' "$help" | sed -n 's/^Exit codes: //p' | grep -oE '(^|, )[0-9]+ ' | grep -oE '[0-9]+'
	sed -n 's/^\tEXIT_[A-Z_]* = \([0-9]*\),.*/\1/p' "$top/src/cli/cli.h"; } | sort -u)
[ -n "$options" ] || fail "no option found in src/cli/cli.c or --help"
[ -n "$commands" ] || fail "no command found in src/cli/cli.c or --help"
[ -n "$codes" ] || fail "no exit code found in src/cli/cli.h or --help"

# An option counts where it is described: a row of the guide's table, an
# entry of the man page's OPTIONS.
guide_options=$(sed -n '/^## Options/,/^## /p' "$guide")
man_options=$(sed -n '/^\.SH OPTIONS/,/^\.SH [^O]/p' "$man" | grep -E '^\.(B|BI|BR) ' || :)
for option in $options; do
	grep -qE -- "^\| \`--$option\`" <<<"$guide_options" || fail "doc/command-line.md's options lack --$option"
	roff="\\\\-\\\\-${option//-/\\\\-}"
	grep -qE -- "$roff([^a-z\\]|$)" <<<"$man_options" || fail "doc/portguard.8's OPTIONS lack --$option"
done
for command in $commands; do
	grep -qE "^\| \`$command( [A-Z]+)?\` \|" "$guide" || fail "doc/command-line.md has no row for $command"
	grep -qE "^\.BI? ${command//-/\\\\-}( |$)" "$man" || fail "doc/portguard.8 has no entry for $command"
done
guide_codes=$(sed -n '/^## Exit codes/,/^## /p' "$guide")
man_codes=$(sed -n '/^\.SH EXIT STATUS/,/^\.SH [^E]/p' "$man")
for code in $codes; do
	grep -qE "^\| $code \|" <<<"$guide_codes" || fail "doc/command-line.md's exit codes lack $code"
	grep -qx "\.B $code" <<<"$man_codes" || fail "doc/portguard.8's EXIT STATUS lacks $code"
done

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "no unshipped design file cited; $(wc -w <<<"$options") options, $(wc -w <<<"$commands") commands" \
	"and exit codes $(echo $codes) are in doc/command-line.md and doc/portguard.8"
