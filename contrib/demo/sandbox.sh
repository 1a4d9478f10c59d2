#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# The main job on a throwaway sandbox host. The host is a network
# namespace running the real Debian rpcbind, an NFSv3 server for its
# office network (its /etc and /proc come from contrib/demo/host via
# --root); a second namespace plays the internet, where the scanners
# are, and a third the office. The abuse mail is the sample CERT-Bund
# report, whose first row names this host's address, 192.0.2.10.
#
# It shows the abuse situation, runs `portguard fix` with the mail,
# proves the result from both sides, shows `portguard watch` (in the
# foreground, as on a host without systemd) putting the table back after
# `nft flush ruleset`, and prints the provider report. Then the NTP
# chapter: the host's ntpd answers the scanner's mode 6 queries; fix
# runs with the sample CERT-Bund NTP mail, adapted to name this host,
# and puts NTP's part into the table beside the portmapper's; the
# scanner then gets the time but not ntpd's variables, the office still
# both, and port 111 stays closed. ntpd cannot set this machine's clock, which is checked.
# Last, issue 19's family in one provider mail (scan_netbios, scan_dns
# and scan_ipmi rows): the host's nmbd is restricted to the office, its
# unbound, an open resolver that also serves a zone, is explained with
# the line to change, the IPMI row is the BMC's; the run's last report
# answers every row, with one section for each of the three services.
# Root only; everything lives in namespaces and a temporary directory
# that are removed at the end. The host's own network, firewall and
# services are not touched.
#   contrib/demo/sandbox.sh      (installs packages and builds first)
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
[ "$(id -u)" -eq 0 ] || { echo "sandbox.sh: run as root (it creates network namespaces)" >&2; exit 1; }

echo "Installing packages and building (first run only) ..."
"$top/contrib/install-deps.sh" >/dev/null
build="$top/build"
[ -x "$top/configure" ] || (cd "$top" && autoreconf -fi >/dev/null 2>&1)
mkdir -p "$build"
[ -f "$build/Makefile" ] || (cd "$build" && "$top/configure" -q)
make -s -C "$build" -j"$(nproc)" >/dev/null 2>&1 || make -C "$build"
portguard="$build/portguard"

TOP_SRCDIR=$top
. "$top/tests/lib/assert.sh"
. "$top/tests/lib/sandbox.sh"
root=$(mktemp -d)
trap 'sandbox_cleanup; rm -rf "$root"' EXIT
cp -r "$top/contrib/demo/host/." "$root/"
mail="$top/tests/fixtures/abuse/certbund-portmapper.txt"

sandbox_netns host
sandbox_netns internet
sandbox_netns office
sandbox_link "$host" 192.0.2.10/24 "$internet" 192.0.2.99/24,192.0.2.123/24
sandbox_link "$host" 10.20.0.1/24 "$office" 10.20.0.50/24
sandbox_rpcbind rpcbind_pid "$host"

# The host's ntpd (ntpsec), with the host tree's ntp.conf, gets its time
# from a time server on the internet (192.0.2.123); it cannot set this
# machine's clock (tests/lib/ntpd.sh), and the end checks it did not.
. "$top/tests/lib/ntpd.sh"
clock_before=$(ntpd_clock_offset)
sntp="$top/contrib/demo/sntp.py"
sandbox_spawn timeserver_pid "$internet" /usr/bin/python3 "$sntp" serve 192.0.2.123
sandbox_wait_port "$internet" udp 123
sandbox_ntpd ntpd_pid "$host" "$root/etc/ntpsec/ntp.conf"

say() { printf '\n\033[1m== %s\033[0m\n' "$*"; }
on_host() { ip netns exec "$host" "$portguard" "$@" --root "$root"; }

say "1. The abuse situation: the provider's scanner (192.0.2.99) probes the host 192.0.2.10"
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --timeout 1 || true

say "2. portguard check on the host: listeners, RPC programs, who needs rpcbind, the plan"
on_host check || true

say "3. portguard fix --abuse-report certbund-portmapper.txt"
on_host fix --abuse-report "$mail" && code=0 || code=$?
[ "$code" -eq 2 ] || { echo "fix exited $code, expected 2 (changed and verified)" >&2; exit 1; }

say "4. Verification from outside: the scanner gets nothing, the office still mounts"
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --timeout 1 || true
echo
echo "office (10.20.0.50) asks: rpcinfo -p 10.20.0.1"
ip netns exec "$office" timeout -s KILL 5 rpcinfo -p 10.20.0.1 | head -n 4

say "5. A second fix changes nothing (exit 0)"
on_host fix --service portmapper --quiet && echo "exit 0: nothing needed to change"

say "6. portguard watch keeps it closed: nft flush ruleset, and the table is back"
ip netns exec "$host" "$portguard" watch --root "$root" &
watch_pid=$!
sandbox_pids+=("$watch_pid")
sleep 0.5
echo "# nft flush ruleset"
ip netns exec "$host" nft flush ruleset
sleep 0.2
ip netns exec "$host" nft list tables
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --timeout 1 | tail -n 1 || true
kill "$watch_pid"; wait "$watch_pid" || true

report=$(ls "$root"/var/lib/portguard/reports/*.txt | head -n 1)
say "7. The report for the provider: $report (in the sandbox: removed afterwards)"
cat "$report"

# ntpq waits 10 s for a reply by default: 1 s is enough here.
ntpq_rv() { ip netns exec "$1" ntpq -c 'timeout 1000' -c rv "$2" 2>&1 | grep -v '^primary timeout' | head -n 3; }

say "8. A second service: the host's ntpd (ntpsec) answers the scanner's NTP control queries"
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --service ntp --timeout 1 | grep -v '^  ' || true
echo
echo "scanner (192.0.2.99) asks: ntpq -c rv 192.0.2.10"
ntpq_rv "$internet" 192.0.2.10

# The CERT-Bund NTP sample names 192.0.2.40: here it is about this host.
ntp_mail="$root/certbund-ntp.txt"
sed 's/"192\.0\.2\.40"/"192.0.2.10"/' "$top/tests/fixtures/abuse/certbund-ntp.txt" >"$ntp_mail"
say "9. The NTP mail: fix NTP beside the portmapper's restriction, in the same table"
echo "# portguard fix --service ntp --abuse-report certbund-ntp.txt"
on_host fix --service ntp --abuse-report "$ntp_mail" && code=0 || code=$?
[ "$code" -eq 2 ] || { echo "fix of NTP exited $code, expected 2 (changed and verified)" >&2; exit 1; }
echo "# nft list table inet portguard   (the rules: the portmapper's part and NTP's)"
ip netns exec "$host" nft list table inet portguard | grep -E 'dport @(ports|ntp_ports)'

say "10. Verification from outside: no NTP queries from the scanner, the time for everyone, the office still queries"
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --service ntp --timeout 1 || true
echo
echo "scanner asks: ntpq -c rv 192.0.2.10"
ntpq_rv "$internet" 192.0.2.10
echo "scanner asks the time (mode 3, as every time client does; contrib/demo/sntp.py):"
ip netns exec "$internet" /usr/bin/python3 "$sntp" ask 192.0.2.10
echo "office (10.20.0.50) asks: ntpq -c rv 10.20.0.1"
ntpq_rv "$office" 10.20.0.1
echo "and the portmapper is still closed to the scanner:"
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --timeout 1 | grep '^Verdict' || true

drift=$(($(ntpd_clock_offset) - clock_before)); drift=${drift#-}
[ "$drift" -lt 50000000 ] || { echo "this machine's clock moved by $drift ns during the demo" >&2; exit 1; }
echo
echo "This machine's clock was not stepped (moved by $((drift / 1000)) µs against the monotonic clock)."

# The issue-19 family in one mail. The host also runs samba's nmbd for a
# share of its office (smb.conf: hosts allow = 127. 10.20.0.0/24; smbd
# itself is only in the --root tree, as the NFS server is) and unbound,
# a resolver open to everybody (access-control: 0.0.0.0/0 allow) that
# also serves the zone example.org to the world: closing port 53 would
# take the zone off the internet.
. "$top/tests/lib/netbios.sh"
. "$top/tests/lib/dns.sh"
mkdir -p "$root/etc/samba" "$root/etc/unbound" "$root/proc/4711"
netbios_config "$root/etc/samba/smb.conf" "$root/samba" "hosts allow = 127. 10.20.0.0/24"
printf '[data]\n   path = /srv/data\n' >>"$root/etc/samba/smb.conf"
echo smbd >"$root/proc/4711/comm"
sandbox_nmbd nmbd_pid "$host" "$root/etc/samba/smb.conf" "$root/samba"
printf '$ORIGIN example.org.\n$TTL 3600\n@ SOA ns1 hostmaster 1 3600 600 86400 3600\n@ NS ns1\nns1 A 192.0.2.10\nwww A 192.0.2.80\n' \
	>"$root/etc/unbound/example.org.zone"
sandbox_unbound unbound_pid "$host" "$root/etc/unbound" \
	$'\taccess-control: 0.0.0.0/0 allow\n-- top\nauth-zone:\n\tname: "example.org"\n\tzonefile: "'"$root"$'/etc/unbound/example.org.zone"\n\tfor-upstream: no' 2>"$root/unbound.log"

# The provider's one mail forwards three Shadowserver reports, built
# from the sample files: each file's header and first row, the address
# made this host's (NetBIOS, DNS) or its BMC's (IPMI, 192.0.2.11).
family_mail="$root/shadowserver-netbios-dns-ipmi.eml"
{
	printf 'From: abuse@provider.example\nTo: customer@example.org\n'
	printf 'Subject: Shadowserver-Berichte / Shadowserver reports: NetBIOS, DNS, IPMI\n'
	printf 'Date: Tue, 24 Nov 2026 10:00:00 +0100\nMIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed; boundary="reports"\n\n--reports\n'
	printf 'Content-Type: text/plain; charset=utf-8\n\nThree reports of the Shadowserver Foundation for your network.\n'
	for part in scan_netbios:192.0.2.60:192.0.2.10 scan_dns:192.0.2.53:192.0.2.10 scan_ipmi:192.0.2.62:192.0.2.11; do
		IFS=: read -r type from to <<<"$part"
		file="2026-11-24-$type-asn64496-de.csv"
		printf '\n--reports\nContent-Type: text/csv; name="%s"\nContent-Transfer-Encoding: 7bit\n' "$file"
		printf 'Content-Disposition: attachment; filename="%s"\n\n' "$file"
		head -n 2 "$top/tests/fixtures/abuse/$file" | sed "s/\"${from//./\\.}\"/\"$to\"/"
	done
	printf '\n--reports--\n'
} >"$family_mail"

say "11. One mail, three services: the host's nmbd and its unbound answer the scanner"
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --service netbios --timeout 1 | grep -v '^  ' || true
echo
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --service dns --timeout 1 | grep -v '^  ' || true
echo
echo "scanner asks: nmblookup -A 192.0.2.10"
netbios_lookup "$internet" 192.0.2.10 || true
echo "scanner asks: dig +recurse @192.0.2.10 portguard-probe.example.com   (no internet here: SERVFAIL, but recursion available)"
dig_recurse "$internet" 192.0.2.10 | grep -E 'status:|flags:' || true
echo "# the mail's rows (scan_netbios, scan_dns, scan_ipmi):"
grep -E '^"2026' "$family_mail" | cut -d, -f1-7

say "12. portguard fix --abuse-report shadowserver-netbios-dns-ipmi.eml"
on_host fix --abuse-report "$family_mail" >"$root/fix-family.out" 2>"$root/fix-family.err" && code=0 || code=$?
cat "$root/fix-family.out"
echo "# what fix said on stderr:"
cat "$root/fix-family.err"
[ "$code" -eq 1 ] || { echo "fix exited $code, expected 1 (NetBIOS restricted, DNS and IPMI explained)" >&2; exit 1; }
echo "# exit 1: NetBIOS restricted; DNS and IPMI explained, not firewalled"
echo "# nft list table inet portguard   (NetBIOS's part, beside the portmapper's and NTP's)"
ip netns exec "$host" nft list table inet portguard | grep -F 'dport @netbios_ports'

say "13. Verification from outside: NetBIOS for the office only, the zone still for the world"
echo "scanner asks: nmblookup -A 192.0.2.10   (nmblookup waits 10 s for a reply)"
if netbios_lookup "$internet" 192.0.2.10; then echo "the scanner still gets nmbd's name table" >&2; exit 1; fi
echo "office (10.20.0.50) asks: nmblookup -A 10.20.0.1"
netbios_lookup "$office" 10.20.0.1 || { echo "the office lost nmbd" >&2; exit 1; }
echo "scanner asks the zone: dig +norecurse @192.0.2.10 www.example.org A +short"
said=$(ip netns exec "$internet" dig +norecurse +tries=1 +time=2 @192.0.2.10 www.example.org A +short 2>&1)
echo "$said"
[ "$said" = 192.0.2.80 ] || { echo "the zone does not answer the world" >&2; exit 1; }
echo "scanner asks: dig +recurse @192.0.2.10 portguard-probe.example.com   (still recursion: until the owner changes line 13)"
dig_recurse "$internet" 192.0.2.10 >"$root/dig.out" || { cat "$root/dig.out"; echo "the resolver changed without its owner" >&2; exit 1; }
grep -E 'flags:' "$root/dig.out"
echo "and port 111 and NTP's queries are still closed to the scanner:"
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --timeout 1 | grep '^Verdict' || true
ip netns exec "$internet" "$portguard" probe 192.0.2.10 --service ntp --timeout 1 | grep '^Verdict' || true

# A report holds a section for each service, separated by a line of
# "="; the run's last report has one for every service of the run, in
# its order (the mail's): NetBIOS, DNS, IPMI.
section() { awk -v want="$2" '/^=+$/ { n++; next } n == want' "$1"; }
english_letter() { section "$1" "$2" | sed -n '/^Dear Sir or Madam/,/^Kind regards/p'; }
say "14. The answer to the provider: the run's last report, a section for each service, every row answered"
mapfile -t family_reports < <(sed -n 's/^Report: //p' "$root/fix-family.out")
[ "${#family_reports[@]}" -eq 3 ] || { echo "fix wrote ${#family_reports[@]} reports, expected 3" >&2; exit 1; }
answer=${family_reports[2]}
echo "$answer (the run's last report, the one to send):"
grep '^Betreff' "$answer" | sed 's/^Betreff \/ Subject: /    /'
subjects=$(sed -n 's/^Betreff \/ Subject: Re: .* \/ \(Open [A-Za-z]*\) .*/\1/p' "$answer" | tr '\n' ' ')
[ "$subjects" = "Open NetBIOS Open DNS Open IPMI " ] ||
	{ echo "the last report's sections are: $subjects; expected NetBIOS, DNS and IPMI, once each" >&2; exit 1; }
# Each row, in the words of its own service's section (one line each),
# and referred to that section by the others.
row_answer() { english_letter "$1" "$2" | tr -s ' \n' '  ' | grep -o -- "- $3 (reported $4): [^-]*" | sed 's/ *Kind regards.*//; s/ *$//'; }
echo
echo "Every row of the mail, as its service's section of that one report answers it:"
for row in "0:192.0.2.10:2026-11-24 05:12:40" "1:192.0.2.10:2026-11-24 04:12:31" "2:192.0.2.11:2026-11-24 05:41:07"; do
	IFS=: read -r index address time <<<"$row"
	said=$(row_answer "$answer" "$index" "${address//./\\.}" "$time")
	[ -n "$said" ] && ! grep -q 'about the service' <<<"$said" ||
		{ echo "the row $address $time is not answered by section $index of $answer: $said" >&2; exit 1; }
	echo "  $said"
	for other in 0 1 2; do
		[ "$other" = "$index" ] && continue
		row_answer "$answer" "$other" "${address//./\\.}" "$time" | grep -q 'which this answer deals with in its section' ||
			{ echo "section $other of $answer does not refer the row $address $time to its section" >&2; exit 1; }
	done
done
if grep -Eq 'did not deal with|fix --service ipmi' "$answer"; then
	echo "$answer still says a row was not dealt with, or advises fix --service ipmi" >&2; exit 1
fi
for index in 0 1; do
	if english_letter "$answer" "$index" | sed -n '/How to check from outside/,/Your report/p' | grep -q '192\.0\.2\.11'; then
		echo "section $index of $answer checks the BMC's address from outside" >&2; exit 1
	fi
done
echo
echo "# the NetBIOS section's check from outside: its own row of this host only"
english_letter "$answer" 0 | sed -n '/How to check from outside/,/^$/p'
echo "# the DNS section of ${answer##*/}, in English:"
english_letter "$answer" 1
echo
echo "# the IPMI section of ${answer##*/}, in English:"
english_letter "$answer" 2
