#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# fix --abuse-report with the mails owners really get: Shadowserver's
# scan_portmapper CSV (file, inline, MIME base64 and quoted-printable,
# ISO-8859-1, forwarded twice, several reports in one mail) and
# CERT-Bund's, on a host with a real rpcbind that also has mountd and
# statd registered, as the reported row shows. A malformed row is an
# error naming its line, and nothing changes; a good report restricts
# the portmapper and, because the row lists NFS services, their ports
# too, and the report for the provider quotes the host's row.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/unprivileged.sh"
helpers="$TOP_BUILDDIR/tests/helpers"
fixtures="$TOP_SRCDIR/tests/fixtures/abuse"

sandbox_netns server
sandbox_netns other
sandbox_link "$server" 10.9.2.1/24 "$other" 10.9.2.2/24
sandbox_rpcbind rpcbind_pid "$server"
in_server() { ip netns exec "$server" "$@"; }
for entry in "100005 3 udp 20048" "100005 3 tcp 20048" "100024 1 udp 662"; do
	# shellcheck disable=SC2086
	in_server "$helpers/rpc_register" $entry || fail "rpcbind refused to register $entry"
done
root=$(mktemp -d)
chmod 755 "$root"
mkdir -p "$root/etc"
trap 'sandbox_cleanup; rm -rf "$root" "$unprivileged_dir"' EXIT
unprivileged_copy portguard_copy "$PORTGUARD"

# The mails as the provider would send them about this host (10.9.2.1
# instead of the documentation address), outside the checkout so that
# the unprivileged user can read them wherever CI cloned it.
mails="$unprivileged_dir/mails"
mkdir -m 755 "$mails"
for mail in "$fixtures"/*.csv "$fixtures"/*.txt "$fixtures"/*.eml; do
	sed 's/192\.0\.2\.10"/10.9.2.1"/' "$mail" >"$mails/$(basename "$mail")"
done
chmod 644 "$mails"/*
shadowserver="$mails/2026-11-24-scan_portmapper-asn64496-de.csv"
trusted=10.20.0.0/24
pg() { in_server "$PORTGUARD" "$@" --root "$root"; }
ruleset() { in_server nft list ruleset; }
reaches() { ip netns exec "$other" timeout -s KILL 3 rpcinfo -T udp -p 10.9.2.1 >/dev/null 2>&1; }

echo "# a row that cannot be read is an error naming its line, and nothing changes"
before=$(ruleset)
unchanged="; pass the provider's mail or its CSV part unchanged"
expect_error "$mails/ipv6-first.csv line 3: '2001:db8::7' in column asn is not an AS number$unchanged" \
	pg fix --trusted "$trusted" --abuse-report "$mails/ipv6-first.csv"
expect_error "$mails/bracket-first.txt line 5: '[2001:db8::7]' in column asn is not an AS number$unchanged" \
	pg fix --trusted "$trusted" --abuse-report "$mails/bracket-first.txt"
expect_error "$mails/letter-first.csv line 3: 'eleven' in column port is not a port number$unchanged" \
	pg fix --trusted "$trusted" --abuse-report "$mails/letter-first.csv"
expect_error "$mails/broken-quote-attachment.eml, attachment scan_portmapper.csv, line 3: text follows the closing quote in ip$unchanged" \
	pg fix --trusted "$trusted" --abuse-report "$mails/broken-quote-attachment.eml"
expect_error "$mails/garbage.txt line 5: the row has 2 fields, the header at line 4 has 3$unchanged" \
	pg fix --trusted "$trusted" --abuse-report "$mails/garbage.txt"
expect_error "$mails/zip-only.eml has no CSV rows under a header with an \"ip\" column" \
	pg fix --trusted "$trusted" --abuse-report "$mails/zip-only.eml"
expect_error "does not read its attachment 2026-11-24-scan_portmapper.csv.zip (application/zip); save the report as text or CSV and pass that" \
	pg fix --trusted "$trusted" --abuse-report "$mails/zip-only.eml"
[ "$(ruleset)" = "$before" ] || fail "a refused abuse report changed the ruleset"
[ ! -e "$root/var/lib/portguard/state.json" ] || fail "a refused abuse report wrote the state file"
[ ! -e "$root/etc/portguard/portguard.nft" ] || fail "a refused abuse report wrote the nft file"
reaches || fail "a refused abuse report closed the portmapper"

echo "# every shape is read, by an unprivileged dry run"
for mail in 2026-11-24-scan_portmapper-asn64496-de.csv shadowserver-inline.txt shadowserver-base64.eml \
	shadowserver-quoted-printable.eml shadowserver-latin1.eml shadowserver-forwarded-twice.txt several-reports.eml \
	reordered-columns.csv certbund-latin1.eml certbund-portmapper.txt; do
	expect_exit 2 ip netns exec "$server" "${as_nobody[@]}" \
		"$portguard_copy" fix --root "$root" --dry-run --quiet --trusted "$trusted" --abuse-report "$mails/$mail"
done

echo "# the host's row lists mountd, nfs, nlockmgr and status: the plan covers the RPC ports too"
out=$(pg fix --dry-run --trusted "$trusted" --abuse-report "$shadowserver"); code=$?
[ "$code" -eq 2 ] || fail "dry run exited $code: $out"
grep -qF "so fix covers their ports too, as with --all-rpc" <<<"$out" || fail "the dry run does not say why: $out"
json=$(pg fix --dry-run --json --trusted "$trusted" --abuse-report "$shadowserver")
jq -e '.plan.ports == [111, 662, 20048]' <<<"$json" >/dev/null || fail "dry run ports: $(jq -c .plan <<<"$json")"
json=$(pg fix --dry-run --json --trusted "$trusted" --abuse-report "$mails/reordered-columns.csv")
jq -e '.plan.ports == [111]' <<<"$json" >/dev/null || fail "rows of other hosts widened the plan: $(jq -c .plan <<<"$json")"
[ "$(ruleset)" = "$before" ] || fail "a dry run changed the ruleset"

echo "# fix with Shadowserver's CSV"
json=$(pg fix --json --trusted "$trusted" --abuse-report "$shadowserver"); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2"
jq -e '.changed and .verified and .plan.action == "restrict" and .plan.ports == [111, 662, 20048]' <<<"$json" >/dev/null ||
	fail "fix JSON: $json"
reaches && fail "the untrusted peer still reaches the portmapper"
# Read whole, then searched: grep -q would end a pipe early (pipefail).
rules=$(ruleset)
grep -q "20048" <<<"$rules" || fail "the rules do not cover mountd's port: $rules"
state="$root/var/lib/portguard/state.json"
jq -e '.abuse_report.all_rpc_implied == true and .abuse_report.reports[0].reporter == "Shadowserver"
	and .abuse_report.reports[0].date == "2026-11-24" and [.abuse_report.rows[].on_this_host] == [true, false]
	and .abuse_report.rows[0].mountd_port == 20048 and .abuse_report.rows[0].exports == "/srv/share 10.20.0.0/24"' \
	"$state" >/dev/null || fail "record: $(jq -c .abuse_report "$state")"
report=$(jq -r .report <<<"$json")
flat=$(tr -s '\n ' '  ' <"$report")
row=$(grep '^"2026-11-24 03:12:45","10.9.2.1"' "$shadowserver")
grep -qxF "  $row" "$report" || fail "the report does not quote the host's row as received: $(cat "$report")"
grep -qxF "  $(head -1 "$shadowserver")" "$report" || fail "the report does not quote Shadowserver's header"
for text in "den Shadowserver-Bericht „Open Portmapper“ (scan_portmapper) vom 2026-11-24" \
	"Shadowserver's \"Open Portmapper\" report (scan_portmapper) of 2026-11-24" \
	"10.9.2.1 (gemeldet 2026-11-24 03:12:45): eine Adresse dieses Servers." \
	"198.51.100.7 (reported 2026-11-24 03:14:10): not configured on this server, which has no public address of its own" \
	"nicht nur für Port 111, sondern auch für die Ports der hier registrierten RPC-Dienste" \
	"Your report also shows here: status, mountd, nfs, nlockmgr, mountd_port 20048, exports /srv/share 10.20.0.0/24." \
	"Not registered here when the change was made: nfs udp/2049, nlockmgr udp/40327." \
	"Gemeldete Zeilen, wie erhalten / Reported rows, as received: Shadowserver:"; do
	grep -qF "$text" <<<"$flat" || fail "the report lacks '$text'"
done
expect_exit 2 pg undo --quiet

echo "# fix with CERT-Bund's mail in ISO-8859-1: the answer carries its reference"
json=$(pg fix --json --trusted "$trusted" --abuse-report "$mails/certbund-latin1.eml"); code=$?
[ "$code" -eq 2 ] || fail "fix exited $code, expected 2"
report=$(jq -r .report <<<"$json")
flat=$(tr -s '\n ' '  ' <"$report")
grep -qF "Betreff / Subject: Re: [CB-Report#20261124-10012345] Offener Portmapper-Dienst" \
	<<<"$(head -1 "$report")" || fail "the subject lacks the reference: $(head -1 "$report")"
for text in "die CERT-Bund-Meldung [CB-Report#20261124-10012345] vom Tue, 24 Nov 2026 07:30:00 +0100, Betreff „[CB-Report#20261124-10012345] Offene Portmapper-Dienste für AS64496“" \
	"CERT-Bund [CB-Report#20261124-10012345]:" \
	"\"64496\",\"10.9.2.1\",\"2026-11-24 03:12:45\""; do
	grep -qF "$text" <<<"$flat" || fail "the report lacks '$text'"
done
expect_exit 2 pg undo --quiet
reaches || fail "undo did not open the portmapper again"
finish
