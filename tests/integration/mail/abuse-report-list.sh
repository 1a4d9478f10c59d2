#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# abuse-report FILE [--json]: every row of the provider's mail or CSV,
# read by the one parser fix reads it with, with its service; a report
# type portguard has no service for is listed as not known, not refused;
# a file that cannot be read or is refused is one line and exit 1, and
# nothing is written anywhere (run in an empty directory, HOME there too).
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_tools jq
fixtures="$TOP_SRCDIR/tests/fixtures/abuse"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/cwd"
pg() { (cd "$scratch/cwd" && HOME="$scratch/cwd" "$PORTGUARD" "$@"); }

echo "# Shadowserver's scan_portmapper CSV: both rows, in the file's order"
csv="$fixtures/2026-11-24-scan_portmapper-asn64496-de.csv"
json=$(pg abuse-report "$csv" --json); code=$?
[ "$code" -eq 0 ] || fail "abuse-report --json exited $code"
jq -e --arg file "$csv" '.file == $file and .count == 2 and (.rows | length) == 2' <<<"$json" >/dev/null ||
	fail "not the file's two rows: $json"
jq -e '.rows[0] | .row == 1 and .reporter == "Shadowserver" and .report_type == "scan_portmapper"
	and .service == "portmapper" and .known and .ip == "192.0.2.10" and .port == 111
	and .protocol == "udp" and .timestamp == "2026-11-24 03:12:45" and .asn == "64496" and .line == 2
	and .response_size == 1064 and .amplification == 26.6' \
	<<<"$json" >/dev/null || fail "the first row is not as the CSV says: $(jq -c '.rows[0]' <<<"$json")"
[ "$(jq -r '[.rows[].ip] | join(" ")' <<<"$json")" = "192.0.2.10 198.51.100.7" ] || fail "rows out of order: $json"

echo "# the text table says the same"
text=$(pg abuse-report "$csv"); code=$?
[ "$code" -eq 0 ] || fail "abuse-report exited $code"
contains -E '^1 +Shadowserver +scan_portmapper +portmapper +192\.0\.2\.10 +111 +udp +2026-11-24 03:12:45 +yes$' <<<"$text" ||
	fail "the table lacks the first row: $text"
contains -E "^$csv: 2 rows$" <<<"$text" || fail "the table does not count the rows: $text"

echo "# a CERT-Bund mail and a MIME mail with several reports: every row, each with its service"
json=$(pg abuse-report "$fixtures/certbund-ntp.txt" --json) || fail "the CERT-Bund NTP mail is refused"
jq -e '[.rows[] | .service == "ntp" and .known and .port == null] | all and length == 2' <<<"$json" >/dev/null ||
	fail "the CERT-Bund rows: $json"
json=$(pg abuse-report "$fixtures/several-reports.eml" --json) || fail "the mail with several reports is refused"
[ "$(jq '.count' <<<"$json")" -ge 2 ] || fail "several-reports.eml: $json"
jq -e '[.rows[].report] | . == sort' <<<"$json" >/dev/null || fail "rows not in the mail's order: $json"

echo "# a report type portguard has no service for is listed, not known"
sed -n 1,2p "$csv" >"$scratch/2026-11-24-scan_rdp-asn64496-de.csv"
json=$(pg abuse-report "$scratch/2026-11-24-scan_rdp-asn64496-de.csv" --json) || fail "scan_rdp is refused"
jq -e '.rows[0] | .known == false and .service == null and .report_type == "scan_rdp"' <<<"$json" >/dev/null ||
	fail "scan_rdp's row: $json"
# fix still refuses it: only the listing keeps such rows.
expect_error "report type scan_rdp is none that portguard reads" \
	"$PORTGUARD" fix --dry-run --root "$scratch/cwd" --abuse-report "$scratch/2026-11-24-scan_rdp-asn64496-de.csv"

echo "# refused and unreadable files: one line, exit 1, nothing on stdout, nothing written"
expect_error "bad-ip.csv line 2: '192.0.2.300' in column ip is not an IP address" pg abuse-report "$fixtures/bad-ip.csv" --json
expect_error "bad-ip.csv line 2: '192.0.2.300' in column ip is not an IP address" pg abuse-report "$fixtures/bad-ip.csv"
expect_error "no-rows.txt" pg abuse-report "$fixtures/no-rows.txt"
expect_error "cannot read the abuse report $scratch/missing.csv: No such file or directory" pg abuse-report "$scratch/missing.csv"
expect_error "cannot read the abuse report" pg abuse-report "$scratch"
expect_error "abuse-report needs the provider's mail or CSV; run 'portguard abuse-report FILE'" pg abuse-report
expect_error "unexpected argument 'two'" pg abuse-report "$csv" two
[ -z "$(ls -A "$scratch/cwd")" ] || fail "abuse-report wrote into its directory: $(ls -A "$scratch/cwd")"
finish
