#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-or-later
# samba's real nmbd in a namespace: check finds its listeners as ss does,
# asks it as the scanners do (a node status request for "*") and shows
# the name table it leaks, as nmblookup -A sees it; probe --service
# netbios from a foreign namespace agrees with nmblookup, before and
# after a firewall drops 137/udp and after nmbd is gone. hosts allow is
# smbd's: nmbd answers a host it does not allow.
. "$TOP_SRCDIR/tests/lib/assert.sh"
require_root
. "$TOP_SRCDIR/tests/lib/sandbox.sh"
. "$TOP_SRCDIR/tests/lib/netbios.sh"

sandbox_netns server
sandbox_netns scanner
sandbox_link "$server" 10.72.19.1/24 "$scanner" 10.72.19.2/24
sandbox_empty_root work
sandbox_empty_root root
mkdir -p "$root/etc/samba"
netbios_config "$work/smb.conf" "$work" "hosts allow = 127. 10.99.0.0/16"
cp "$work/smb.conf" "$root/etc/samba/smb.conf"
sandbox_nmbd pid "$server" "$work/smb.conf" "$work"

echo "# nmblookup -A from the scanner: the name table, though hosts allow leaves the scanner out"
said=$(netbios_lookup "$scanner" 10.72.19.1) || fail "nmblookup from the scanner got no status: $said"
contains -E 'PGSERVER +<00> - +B <ACTIVE>' <<<"$said" || fail "nmblookup: $said"
contains -E 'PGGROUP +<00> - <GROUP> B <ACTIVE>' <<<"$said" || fail "nmblookup: $said"
names=$(grep -c '<ACTIVE>' <<<"$said")

echo "# check: the listeners as ss sees them, the answer, the plan"
json=$(ip netns exec "$server" "$PORTGUARD" check --service netbios --json --root "$root"); code=$?
[ "$code" -eq 2 ] || fail "check of an open nmbd exited $code, expected 2"
actual=$(jq -r '.listeners[] | "\(.address) \(.port)"' <<<"$json" | sort)
expected=$(ip netns exec "$server" ss -Hlnu 'sport = :137' | awk '{ a = $4; sub(/:137$/, "", a); if (a == "*") a = "0.0.0.0"; print a, 137 }' | sort)
[ -n "$expected" ] && [ "$actual" = "$expected" ] || fail "listeners differ from ss: ss '$expected', check '$actual'"
jq -e '[.listeners[] | .owners[0].process] | all(. == "nmbd")' <<<"$json" >/dev/null ||
	fail "owners: $(jq -c .listeners <<<"$json")"
# 12 + 34 + 10 bytes of header and answer, NUM_NAMES, 18 a name, 46 of statistics
jq -e --argjson n "$names" '.netbios.reachable and .netbios.status == "answered" and
	.netbios.machine_name == "PGSERVER" and .netbios.workgroup == "PGGROUP" and .netbios.usernames == [] and
	.netbios.mac_address == null and (.netbios.names | length) == $n and
	.netbios.request_bytes == 50 and .netbios.reply_bytes == 57 + 18 * $n + 46 and .netbios.amplification > 3' \
	<<<"$json" >/dev/null || fail "check's netbios object: $(jq -c .netbios <<<"$json") (nmblookup: $names names)"
# no share: nothing needs nmbd, but it is not under systemd here, so restrict
jq -e '.plan.action == "restrict" and .plan.trusted == [] and .consumers == []' <<<"$json" >/dev/null ||
	fail "plan: $(jq -c '{plan, consumers}' <<<"$json")"
text=$(ip netns exec "$server" "$PORTGUARD" check --service netbios --root "$root" 2>&1)
contains '^Verdict: EXPOSED - port 137 answers from beyond loopback' <<<"$text" || fail "check's verdict: $text"
contains -F "Names: $names; machine PGSERVER, workgroup PGGROUP" <<<"$text" || fail "check's text lacks the names: $text"
contains -F "/etc/samba/smb.conf defines no share" <<<"$text" || fail "check's text lacks the share note: $text"
contains -F "an owner may prefer 'disable netbios = yes'" <<<"$text" || fail "check's text lacks the advice: $text"

echo "# an smb.conf that cannot be trusted: one line naming it, and fix changes nothing"
sandbox_empty_root bad
cp -r "$TOP_SRCDIR/tests/fixtures/netbios/root-bad/." "$bad/"
expect_error "portguard: $bad/etc/samba/smb.conf:3: a section header without its ']'; is this the right file?" \
	ip netns exec "$server" "$PORTGUARD" fix --service netbios --root "$bad"
ip netns exec "$server" nft list table inet portguard >/dev/null 2>&1 && fail "a refused fix left a table"

echo "# probe from the scanner"
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service netbios 10.72.19.1 --json --timeout 2); code=$?
[ "$code" -eq 2 ] || fail "probe of the open nmbd exited $code, expected 2"
jq -e --argjson n "$names" '.verdict == "open" and .port == 137 and .udp.open and .udp.machine_name == "PGSERVER" and
	.udp.workgroup == "PGGROUP" and (.udp.names | length) == $n and .udp.request_bytes == 50 and
	.udp.amplification > 3' <<<"$json" >/dev/null || fail "probe: $json"
text=$(ip netns exec "$scanner" "$PORTGUARD" probe --service netbios 10.72.19.1)
contains '^Verdict: OPEN - 10.72.19.1 answers a NetBIOS node status request on port 137 from here and leaks the machine name PGSERVER' <<<"$text" ||
	fail "no OPEN verdict: $text"

echo "# closed: a firewall drops 137/udp; nmblookup gets no reply either"
ip netns exec "$server" nft -f - <<'RULES' || exit 99
table inet netbios_test {
	chain input { type filter hook input priority 0; policy accept; udp dport 137 drop; }
}
RULES
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service netbios 10.72.19.1 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe through the drop exited $code, expected 0"
jq -e '.verdict == "closed" and .reason == "no reply to a node status request" and .udp.names == []' <<<"$json" >/dev/null ||
	fail "dropped: $json"
said=$(netbios_lookup "$scanner" 10.72.19.1) && fail "nmblookup answered through the drop: $said"
contains -F 'No reply from 10.72.19.1' <<<"$said" || fail "nmblookup said: $said"
ip netns exec "$server" nft delete table inet netbios_test

echo "# closed: nothing on 137 (port unreachable)"
kill "$pid"; wait "$pid" 2>/dev/null
json=$(ip netns exec "$scanner" "$PORTGUARD" probe --service netbios 10.72.19.1 --json --timeout 1); code=$?
[ "$code" -eq 0 ] || fail "probe of a stopped nmbd exited $code, expected 0"
jq -e '.verdict == "closed" and .reason == "port unreachable"' <<<"$json" >/dev/null || fail "stopped: $json"
finish
