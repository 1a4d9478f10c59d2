#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# Reading the abuse mail: a Shadowserver scan_portmapper report of 1,000
# rows (the most portguard takes) as the bare CSV, as a base64 and as a
# quoted-printable MIME attachment, and forwarded twice with "> "
# quoting; each through tests/helpers/local_addresses --abuse, which does
# what fix does with --abuse-report: reads the file, checks every row
# against this host's addresses and builds the record's JSON. Compared
# with what one would write instead: Python's email and csv modules
# taking the base64 mail apart and reading its rows.
#   bench/abuse.sh [BUILD_DIR]      (prints hyperfine's table, then peak RSS)
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$top/build}" && pwd)
helper=$build/tests/helpers/local_addresses
[ -x "$helper" ] || { echo "build first (make check builds the helpers)" >&2; exit 1; }
command -v hyperfine >/dev/null || { echo "apt-get install hyperfine" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

python3 - "$top/tests/fixtures/abuse/2026-11-24-scan_portmapper-asn64496-de.csv" "$work" <<'PY'
import base64, quopri, sys
lines = open(sys.argv[1]).read().split('\n')
header, row = lines[0], lines[1]
rows = [row.replace('192.0.2.10', '10.%d.%d.1' % (i // 250, i % 250)) for i in range(1000)]
csv = (header + '\n' + '\n'.join(rows) + '\n').encode()
out = sys.argv[2]
open(out + '/rows.csv', 'wb').write(csv)
def mail(encoding, body):
    return ('From: abuse@provider.example\nSubject: Shadowserver report\nMIME-Version: 1.0\n'
            'Content-Type: multipart/mixed; boundary=B\n\n--B\nContent-Type: text/plain\n\nSee the attachment.\n'
            '--B\nContent-Type: text/csv; name=scan_portmapper.csv\nContent-Transfer-Encoding: ' + encoding +
            '\n\n' + body + '\n--B--\n')
encoded = base64.b64encode(csv).decode()
open(out + '/base64.eml', 'w').write(mail('base64', '\n'.join(encoded[i:i + 76] for i in range(0, len(encoded), 76))))
open(out + '/quoted-printable.eml', 'w').write(mail('quoted-printable', quopri.encodestring(csv).decode()))
open(out + '/forwarded.txt', 'w').write('Subject: Fwd: Fwd: report\n\n' +
    '\n'.join('> > ' + line for line in csv.decode().split('\n')))
PY
cat >"$work/python-reader.py" <<'PY'
import csv, email, io, sys
rows = 0
for part in email.message_from_binary_file(open(sys.argv[1], 'rb')).walk():
    if part.get_content_maintype() == 'text':
        text = part.get_payload(decode=True).decode(part.get_content_charset() or 'utf-8')
        rows += sum(1 for row in csv.DictReader(io.StringIO(text)) if row.get('ip'))
print(rows)
PY

cd "$work"
ls -l --block-size=K rows.csv base64.eml quoted-printable.eml forwarded.txt | awk '{ print $5, $9 }'
hyperfine -N --warmup 3 --runs 30 --export-markdown results.md \
	-n "bare CSV" "$helper --abuse rows.csv" \
	-n "base64 attachment" "$helper --abuse base64.eml" \
	-n "quoted-printable attachment" "$helper --abuse quoted-printable.eml" \
	-n "forwarded twice (> >)" "$helper --abuse forwarded.txt" \
	-n "python3 email + csv, base64 attachment" "python3 python-reader.py base64.eml" >/dev/null
cat results.md
echo
echo "| input | Peak RSS (KiB) |"
echo "|---|---|"
for file in rows.csv base64.eml quoted-printable.eml forwarded.txt; do
	/usr/bin/time -f "| $file | %M |" "$helper" --abuse "$file" 2>&1 >/dev/null | tail -1
done
/usr/bin/time -f "| python3 email + csv, base64.eml | %M |" python3 python-reader.py base64.eml 2>&1 >/dev/null | tail -1
