/* SPDX-License-Identifier: GPL-2.0-or-later */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "assess/assess.h"
#include "model/cidr.h"
#include "report/report.h"
#include "services/portmapper/consumers.h"
#include "services/portmapper/portmapper.h"

#include "flat_text.h"

static json_t *load(const char *name)
{
	json_error_t error;
	char *path;
	json_t *record;

	assert_true(asprintf(&path, "%s/report/%s", FIXTURES, name) > 0);
	record = json_load_file(path, 0, &error);
	if (!record)
		fail_msg("%s: %s", path, error.text);
	free(path);
	return record;
}

/* The record as portguard report reads it from disk: leniently, so a
 * damaged one still renders. */
static struct fix_record *typed(const json_t *json)
{
	struct fix_record *record = calloc(1, sizeof(*record));

	assert_non_null(record);
	assert_int_equal(fix_record_from_json(json, FIX_RECORD_LENIENT, record, NULL), 0);
	return record;
}

static int text_of(const json_t *json, char **ret_text)
{
	struct fix_record *record = typed(json);
	int r = report_text(record, ret_text);

	fix_record_freep(&record);
	return r;
}

static int write_of(const json_t *json, const char *directory, char *text_path, size_t text_path_size,
		    char *json_path, size_t json_path_size)
{
	struct fix_record *record = typed(json);
	int r = report_write(record, directory, text_path, text_path_size, json_path, json_path_size);

	fix_record_freep(&record);
	return r;
}

/* The .json report file holds the record as portguard holds it. */
static void expect_json_of(const json_t *written, const json_t *json)
{
	struct fix_record *record = typed(json);
	json_t *expected = fix_record_to_json(record);

	assert_true(json_equal(written, expected));
	json_decref(expected);
	fix_record_freep(&record);
}

static char *render(const json_t *record)
{
	char *text = NULL;

	assert_int_equal(text_of(record, &text), 0);
	assert_non_null(text);
	return text;
}

/* Each expected text is there, and in the order given, however the
 * lines were wrapped. */
static void expect_in_order(const char *raw, const char *const *expected, size_t count)
{
	char *text = flatten(raw);
	const char *cursor = text;

	for (size_t i = 0; i < count; i++) {
		char *wanted = flatten(expected[i]);
		const char *found = strstr(cursor, wanted);

		if (!found) {
			fprintf(stderr, "%s\n----\n", raw);
			fail_msg("missing, or out of order: \"%s\"", wanted);
		}
		cursor = found + strlen(wanted);
		free(wanted);
	}
	free(text);
}

/* Layout that matters as it is: table rows, rules, the subject. */
static void expect_verbatim(const char *text, const char *expected)
{
	if (!strstr(text, expected)) {
		fprintf(stderr, "%s\n----\n", text);
		fail_msg("missing verbatim: \"%s\"", expected);
	}
}

#define EXPECT_IN_ORDER(text, ...) do { \
	static const char *const expected_[] = { __VA_ARGS__ }; \
	expect_in_order(text, expected_, sizeof(expected_) / sizeof(expected_[0])); \
} while (0)

static void expect_absent(const char *raw, const char *unexpected)
{
	char *text = flatten(raw);

	if (strstr(text, unexpected)) {
		fprintf(stderr, "%s\n----\n", raw);
		fail_msg("unexpected \"%s\"", unexpected);
	}
	free(text);
}

static size_t columns(const char *line, size_t length)
{
	size_t count = 0;

	for (size_t i = 0; i < length; i++)
		count += ((unsigned char)line[i] & 0xc0) != 0x80;
	return count;
}

/* Lines for a mail: no control characters, the letters wrapped at 72
 * columns (the subject is one line; the appendix holds rules and CSV
 * rows as they are). */
static void expect_mail_text(const char *text)
{
	const char *appendix = strstr(text, "\nAnhang / Appendix\n");

	for (const char *line = text; *line;) {
		size_t length = strcspn(line, "\n");

		if ((!appendix || line < appendix) && strncmp(line, "Betreff / Subject: ", 19) != 0 &&
		    columns(line, length) > 72)
			fail_msg("line longer than 72 columns: %.*s", (int)length, line);
		for (size_t i = 0; i < length; i++)
			assert_true((unsigned char)line[i] >= 0x20 && line[i] != 0x7f);
		line += length + (line[length] == '\n');
	}
}

static void stop_report_in_both_languages(void **state)
{
	json_t *record = load("stop.json");
	char *text = render(record);

	(void)state;
	EXPECT_IN_ORDER(text,
		"Betreff / Subject: Re: Offener Portmapper-Dienst / Open portmapper service – behoben / fixed\n",
		"[English version below]",
		/* German */
		"Sehr geehrte Damen und Herren,",
		"Wir haben das Problem auf dem Server web1 am 26.11.2026 um 20:00:00 UTC behoben",
		"Server: web1",
		"Öffentliche Adressen: 192.0.2.10, 2001:db8:10::5",
		"Zeitpunkt: 26.11.2026 um 20:00:00 UTC",
		"1. Befund vor der Änderung",
		"Port 111 war von außen erreichbar. Es lauschten:",
		"- udp 0.0.0.0:111 systemd[1] rpcbind.socket",
		"- tcp [::]:111 systemd[1] rpcbind.socket",
		"Beim Portmapper registriert waren: portmapper",
		"Eine DUMP-Anfrage von 40 Byte über UDP wurde mit 684 Byte",
		"Verstärkungsfaktor von 17,1.",
		"2. Maßnahmen",
		"Kein Dienst auf diesem Server benötigt rpcbind.",
		"gestoppt, deaktiviert und maskiert",
		"- rpcbind.socket (active, enabled)",
		"- rpcbind.service (active, enabled)",
		"über Neustarts hinweg bestehen.",
		"3. Nachweis",
		"Auf Port 111 lauscht nichts mehr.",
		"Ergebnis: Port 111 ist von außen nicht mehr erreichbar.",
		"4. Prüfung von außen",
		"rpcinfo -T udp -p 192.0.2.10",
		"portguard probe 192.0.2.10",
		"Zeitüberschreitung oder „Connection refused“",
		"(closed, Exit-Code 0)",
		"5. Ihre Meldung",
		"- 192.0.2.10 (gemeldet 2026-11-24 03:12:45): eine Adresse dieses Servers. Die",
		"Mit freundlichen Grüßen",
		/* English */
		"Dear Sir or Madam,",
		"We fixed it on the server web1 on 2026-11-26 20:00:00 UTC",
		"Public addresses: 192.0.2.10, 2001:db8:10::5",
		"Time: 2026-11-26 20:00:00 UTC",
		"1. Findings before the change",
		"A DUMP request of 40 bytes over UDP was answered with 684 bytes, an",
		"amplification factor of 17.1.",
		"We therefore stopped, disabled and masked these",
		"- rpcbind.socket (active, enabled)",
		"persists across reboots.",
		"3. Proof",
		"A scan after the change found nothing listening on port 111 any more.",
		"4. How to check from outside",
		"rpcinfo -T udp -p 192.0.2.10",
		"5. Your report",
		"- 192.0.2.10 (reported 2026-11-24 03:12:45): an address of this server.",
		"Kind regards",
		/* once, for both */
		"Anhang / Appendix",
		"A. RPC-Programme vor der Änderung / RPC programs before the change",
		"     program vers proto   port  service\n",
		"      100000    4   tcp    111  portmapper\n",
		"B. Ausgeführte Schritte / Steps carried out",
		"  1. systemctl stop rpcbind.socket rpcbind.service\n",
		"  3. systemctl mask rpcbind.socket rpcbind.service\n",
		"C. Gemeldete Zeilen, wie erhalten / Reported rows, as received:",
		"  \"asn\",\"ip\",\"timestamp\",\"rpc_response\"\n",
		"  \"64496\",\"192.0.2.10\",\"2026-11-24 03:12:45\",\"100000 4 111/udp; 100000 3 111/udp;",
		"-- \nportguard 0.1.0\n");
	expect_verbatim(text, "Betreff / Subject: Re: Offener Portmapper-Dienst / Open portmapper service – behoben / fixed\n\n");
	expect_verbatim(text, "\n     program vers proto   port  service\n      100000    4   tcp    111  portmapper\n");
	expect_verbatim(text, "\n  \"asn\",\"ip\",\"timestamp\",\"rpc_response\"\n  \"64496\",\"192.0.2.10\",");
	expect_verbatim(text, "\n    rpcinfo -T udp -p 192.0.2.10\n    portguard probe 192.0.2.10\n");
	expect_verbatim(text, "\n-- \nportguard 0.1.0\n");
	expect_absent(text, "nftables");
	expect_absent(text, "nicht konfiguriert");
	expect_mail_text(text);
	free(text);
	json_decref(record);
}

static void restrict_report_names_rules_networks_and_consumers(void **state)
{
	json_t *record = load("restrict.json");
	char *text = render(record);

	(void)state;
	EXPECT_IN_ORDER(text,
		"– behoben / fixed\n",
		"Öffentliche Adressen: 192.0.2.20, 2001:db8:10::5\n",
		"Verstärkungsfaktor von 28,1.",
		"rpcbind wird auf diesem Server noch gebraucht (siehe unten).",
		"nftables lässt Port 111 (UDP und TCP, IPv4 und IPv6) aber nur noch von",
		"Loopback und dem vertrauenswürdigen Netz 10.0.0.0/24 zu.",
		"Die Regeln stehen in einer eigenen Tabelle (inet portguard); Wortlaut im Anhang.",
		"Sie sind in /etc/portguard/portguard.nft gespeichert;",
		"portguard-restore.service lädt sie beim Systemstart, bevor das Netzwerk",
		"über Neustarts hinweg bestehen.",
		"Eine drop-Regel in einer Basiskette ist in nftables endgültig:",
		"Dienste, die rpcbind weiterhin nutzen, und warum:",
		"- NFS-Server mit NFSv2/v3: /proc/fs/nfsd/versions: +3; /etc/exports:2",
		"zugelassen: 10.0.0.0/24",
		"- weiteres beim Portmapper registriertes RPC-Programm: mountd (100005)",
		"rpcbind lauscht weiterhin auf Port 111, die Regeln lassen aber nur",
		"aus dem Kernel zurückgelesen und stimmen mit den geplanten überein (Wortlaut im Anhang).",
		"rpcinfo -T udp -p 2001:db8:10::5",
		"bricht nach einer Zeitüberschreitung ab.",
		"- 2001:db8:10::5 (gemeldet 2026-11-24 03:14:02): eine Adresse dieses",
		"- 198.51.100.23 (gemeldet 2026-11-24 03:15:40): auf diesem Server nicht",
		"Failover- oder Zusatz-IP",
		/* English */
		"admits port 111 (UDP and TCP, IPv4 and IPv6) only from loopback and the trusted network 10.0.0.0/24.",
		"In nftables a drop in a base chain is final: accept rules of other tables",
		"Services that still use rpcbind, and why:",
		"- NFS server serving v2/v3:",
		"read back from the kernel",
		"gives up after a timeout.",
		"- 198.51.100.23 (reported 2026-11-24 03:15:40): not configured on this",
		"failover or additional IP",
		/* appendix */
		"Anhang / Appendix",
		"100024 1 udp 47632 status",
		"C. nftables-Regeln, aus dem Kernel zurückgelesen / nftables rules read back",
		"table inet portguard {",
		"elements = { 10.0.0.0/24 }",
		"tcp dport @ports counter drop",
		"D. Gemeldete Zeilen, wie erhalten / Reported rows, as received:",
		"  \"64496\",\"198.51.100.23\",\"2026-11-24 03:15:40\",\"100000 2 111/udp;\"\n");
	expect_verbatim(text, "\n      100024    1   udp  47632  status\n");
	/* the table as the kernel holds it, not the nft file's preamble */
	expect_verbatim(text, "back from the kernel:\n  table inet portguard {\n      set trusted4 {\n");
	expect_verbatim(text, "\n          udp dport @ports counter drop\n      }\n  }\n");
	expect_absent(text, "delete table");
	/* The check from outside: this server's addresses, not another's. */
	expect_absent(text, "rpcinfo -T udp -p 198.51.100.23");
	expect_absent(text, "portguard probe 198.51.100.23");
	expect_verbatim(text, "\n  \"64496\",\"198.51.100.23\",\"2026-11-24 03:15:40\",\"100000 2 111/udp;\"\n");
	expect_absent(text, "maskiert");
	expect_absent(text, "hinter NAT");
	expect_mail_text(text);
	free(text);
	json_decref(record);
}

static void plural_ports_networks_and_a_forced_stop(void **state)
{
	json_t *record = load("restrict.json");
	json_t *nft = json_object_get(json_object_get(record, "changes"), "nft");
	char *text;

	(void)state;
	json_object_set_new(nft, "trusted", json_pack("[s, s]", "10.0.0.0/24", "2001:db8:99::/48"));
	json_object_set_new(nft, "ports", json_pack("[i, i, i]", 111, 2049, 20048));
	json_object_del(nft, "boot_unit");
	json_object_set_new(json_object_get(record, "before"), "consumers", json_array());
	text = render(record);
	EXPECT_IN_ORDER(text, "rpcbind läuft weiter (zum Grund siehe unten); nftables lässt die Ports 111, 2049, 20048 (UDP und TCP, IPv4 und IPv6) aber nur noch von Loopback und den vertrauenswürdigen Netzen 10.0.0.0/24, 2001:db8:99::/48 zu. Alle anderen Pakete an diese Ports verwirft der Server.",
			"Dass sie beim Systemstart wieder geladen werden, ist nicht sichergestellt.",
			"Grund der Einschränkung laut Plan (im Wortlaut, englisch): port 111 is exposed and the NFSv3 server needs rpcbind",
			"rpcbind keeps running (for the reason see below), but nftables now admits ports 111, 2049, 20048 (UDP and TCP, IPv4 and IPv6) only from loopback and the trusted networks 10.0.0.0/24, 2001:db8:99::/48. The server drops every other packet to these ports.",
			"That they are loaded again at boot is not ensured.");
	expect_absent(text, "persist across reboots");
	free(text);
	json_decref(record);

	record = load("restrict.json");
	json_object_set_new(record, "action", json_string("stop"));
	json_object_set_new(json_object_get(record, "changes"), "systemd",
			    json_pack("[{s:s, s:s, s:s}]", "unit", "rpcbind.socket", "active_state", "active",
				      "unit_file_state", "enabled"));
	json_object_set_new(json_object_get(record, "changes"), "nft", json_null());
	text = render(record);
	EXPECT_IN_ORDER(text, "rpcbind wurde abgeschaltet, obwohl diese Dienste es nutzten; sie funktionieren ohne rpcbind nicht mehr:",
			"- NFS-Server mit NFSv2/v3:", "Gestoppt, deaktiviert und maskiert wurden",
			"- rpcbind.socket (active, enabled)",
			"rpcbind was shut down although these services used it; they no longer work without rpcbind:");
	expect_absent(text, "Kein Dienst auf diesem Server benötigt rpcbind");
	free(text);
	json_decref(record);
}

static void warnings_are_quoted_and_doubt_persistence(void **state)
{
	json_t *record = load("restrict.json");
	char *text;

	(void)state;
	json_object_set_new(record, "warnings", json_pack("[s, s]",
		"systemd is not running here, so nothing loads /etc/portguard/portguard.nft at boot: "
		"load it from your init system with 'nft -f /etc/portguard/portguard.nft'",
		"mountd (100005) is registered but nothing explains it"));
	text = render(record);
	EXPECT_IN_ORDER(text, "Dass sie beim Systemstart wieder geladen werden, ist nicht sichergestellt.",
			"Hinweise von portguard (im Wortlaut, englisch):",
			"- systemd is not running here, so nothing loads /etc/portguard/portguard.nft at boot",
			"- mountd (100005) is registered but nothing explains it", "3. Nachweis",
			"That they are loaded again at boot is not ensured.", "Warnings from portguard:",
			"- systemd is not running here", "3. Proof");
	expect_absent(text, "über Neustarts hinweg");
	expect_absent(text, "persist across reboots");
	free(text);

	/* an explicit answer wins over guessing from the warnings */
	json_object_set_new(json_object_get(json_object_get(record, "changes"), "nft"), "boot_persistent", json_true());
	text = render(record);
	EXPECT_IN_ORDER(text, "über Neustarts hinweg bestehen.", "persist across reboots.");
	free(text);
	json_decref(record);
}

static void without_abuse_rows_checks_the_public_addresses(void **state)
{
	json_t *record = load("restrict.json");
	char *text;

	(void)state;
	json_object_del(record, "abuse_report");
	text = render(record);
	EXPECT_IN_ORDER(text, "4. Prüfung von außen", "rpcinfo -T udp -p 192.0.2.20", "rpcinfo -T udp -p 2001:db8:10::5",
			"Mit freundlichen Grüßen", "4. How to check from outside", "rpcinfo -T udp -p 192.0.2.20",
			"C. nftables-Regeln");
	expect_absent(text, "10.0.0.1");	/* private: says nothing to the provider */
	expect_absent(text, "Ihre Meldung");
	expect_absent(text, "Your report");
	expect_absent(text, "Gemeldete Zeilen");
	expect_mail_text(text);
	free(text);
	json_decref(record);
}

/* A Shadowserver row for this host that shows mountd: stopping rpcbind
 * does not close mountd's port, and the report says so. */
static void stop_answers_the_services_a_shadowserver_row_shows(void **state)
{
	json_t *record = load("stop.json");
	char *text;

	(void)state;
	json_object_set_new(record, "abuse_report", json_pack(
		"{s:s, s:[{s:s, s:s, s:s, s:s, s:s, s:s, s:i}], s:[{s:s, s:s, s:s, s:s, s:[{s:i, s:i, s:i, s:s}, {s:i, s:i, s:i, s:s}],"
		" s:b, s:i, s:s, s:i, s:b}]}",
		"file", "/root/scan.csv",
		"reports", "reporter", "Shadowserver", "reference", "", "date", "2026-11-24", "subject", "",
		"attachment", "2026-11-24-scan_portmapper.csv", "header", "\"timestamp\",\"ip\",\"programs\",\"mountd_port\"",
		"line", 1,
		"rows", "asn", "", "ip", "192.0.2.10", "timestamp", "2026-11-24 03:12:45", "rpc_response", "",
		"programs", "program", 100000, "version", 2, "port", 111, "protocol", "udp",
		"program", 100005, "version", 3, "port", 20048, "protocol", "udp",
		"rpc_services", 1, "mountd_port", 20048,
		"raw", "\"2026-11-24 03:12:45\",\"192.0.2.10\",\"100000 2 111/udp portmapper;100005 3 20048/udp mountd;\",20048",
		"report", 0, "on_this_host", 1));
	text = render(record);
	expect_verbatim(text, "Betreff / Subject: Re: Offener Portmapper-Dienst / Open portmapper service");
	EXPECT_IN_ORDER(text, "5. Ihre Meldung", "Diese Antwort bezieht sich auf:",
			"- den Shadowserver-Bericht „Open Portmapper“ (scan_portmapper) vom 2026-11-24, Anhang 2026-11-24-scan_portmapper.csv",
			"Ihre Meldung zeigt hier außerdem: mountd, mountd_port 20048. Das Abschalten von rpcbind beendet diese Dienste nicht",
			"Vor der Änderung war hier außer dem Portmapper kein RPC-Dienst registriert.",
			"portguard fix --mode restrict --all-rpc",
			"Bei der Änderung hier nicht registriert waren: mountd udp/20048.",
			"5. Your report", "Shadowserver's \"Open Portmapper\" report (scan_portmapper) of 2026-11-24",
			"Your report also shows here: mountd, mountd_port 20048. Shutting rpcbind down does not end these services",
			"Not registered here when the change was made: mountd udp/20048.",
			"Gemeldete Zeilen, wie erhalten / Reported rows, as received:");
	expect_verbatim(text, "\n  Shadowserver, 2026-11-24-scan_portmapper.csv:\n  \"timestamp\",\"ip\",\"programs\",\"mountd_port\"\n"
			"  \"2026-11-24 03:12:45\",\"192.0.2.10\",\"100000 2 111/udp portmapper;100005 3 20048/udp mountd;\",20048\n");
	expect_mail_text(text);
	free(text);
	json_decref(record);
}

/* CERT-Bund files the answer by the references in its subject. */
static void subject_carries_every_certbund_reference(void **state)
{
	json_t *record = load("restrict.json");
	json_t *abuse = json_object_get(record, "abuse_report");
	char *text;

	(void)state;
	json_object_set_new(abuse, "reports", json_pack("[{s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}]",
		"reporter", "CERT-Bund", "reference", "CB-Report#20261124-1", "header", "\"asn\",\"ip\"",
		"reporter", "CERT-Bund", "reference", "CB-Report#20261125-2", "header", "\"asn\",\"ip\"",
		"reporter", "CERT-Bund", "reference", "CB-Report#20261124-1", "header", "\"asn\",\"ip\""));
	text = render(record);
	expect_verbatim(text, "Betreff / Subject: Re: [CB-Report#20261124-1] [CB-Report#20261125-2] Offener Portmapper-Dienst");
	EXPECT_IN_ORDER(text, "- die CERT-Bund-Meldung [CB-Report#20261124-1]", "- die CERT-Bund-Meldung [CB-Report#20261125-2]",
			"- the CERT-Bund report [CB-Report#20261124-1]");
	free(text);
	json_decref(record);
}

static void an_address_not_on_a_host_behind_nat(void **state)
{
	json_t *record = load("stop.json");
	json_t *row = json_array_get(json_object_get(json_object_get(record, "abuse_report"), "rows"), 0);
	char *text;

	(void)state;
	json_object_set_new(record, "local_addresses", json_pack("[s]", "10.0.0.5"));
	json_object_set_new(row, "on_this_host", json_false());
	text = render(record);
	EXPECT_IN_ORDER(text, "Öffentliche Adressen: keine auf dem Server selbst konfiguriert (NAT?)",
			"- 192.0.2.10 (gemeldet 2026-11-24 03:12:45): auf diesem Server nicht",
			"er steht vermutlich hinter NAT.",
			"Public addresses: none configured on the server itself (NAT?)",
			"it is probably behind NAT.");
	json_object_del(row, "on_this_host");
	free(text);
	text = render(record);
	EXPECT_IN_ORDER(text, "nicht geprüft, ob die Adresse zu diesem Server gehört.",
			"not checked whether the address belongs to this server.");
	free(text);
	json_decref(record);
}

static void unverified_and_none_are_said_so(void **state)
{
	json_t *record = load("stop.json");
	char *text;

	(void)state;
	json_object_set_new(record, "verified", json_false());
	json_object_set_new(json_object_get(record, "after"), "exposed", json_true());
	text = render(record);
	EXPECT_IN_ORDER(text, "– noch nicht behoben / not fixed yet\n",
			"hat aber noch nicht bestätigt, dass der Dienst von außen unerreichbar",
			"Achtung: Die erneute Prüfung nach der Änderung zeigt Port 111 weiterhin",
			"Ergebnis: Die Änderung ist noch nicht bestätigt.",
			"Warning: the scan after the change still shows port 111 as reachable",
			"Result: the change is not confirmed yet.");
	expect_absent(text, "behoben / fixed");
	expect_absent(text, "Exit-Code 0");
	free(text);
	json_decref(record);

	record = load("stop.json");
	json_object_set_new(record, "action", json_string("none"));
	json_object_set_new(json_object_get(record, "before"), "exposed", json_false());
	json_object_set_new(json_object_get(record, "before"), "listeners", json_array());
	text = render(record);
	EXPECT_IN_ORDER(text, "– nicht erreichbar / not reachable\n", "eine Änderung war nicht nötig.",
			"Auf Port 111 lauschte nichts; er war von außen nicht erreichbar.",
			"Auf dem Server selbst gemessen: Eine DUMP-Anfrage von 40 Byte über UDP wurde mit 684 Byte beantwortet; das entspräche einem Verstärkungsfaktor von 17,1.",
			"Keine; es war nichts zu ändern.", "3. Prüfung von außen",
			"rpcinfo erhält keine Liste der RPC-Programme, sondern", "4. Ihre Meldung",
			"no change was needed.", "None; nothing needed to change.");
	expect_absent(text, "Nachweis");
	expect_absent(text, "vor der Änderung");
	expect_absent(text, "keine Liste der RPC-Programme mehr");
	expect_absent(text, "Die Änderung oben gilt");
	free(text);
	json_decref(record);
}

/* The German half of the report: from "Sehr geehrte" to the English
 * letter's greeting. */
static char *german_half(const char *text)
{
	const char *start = strstr(text, "Sehr geehrte"), *end = strstr(text, "Dear Sir or Madam");

	assert_non_null(start);
	assert_non_null(end);
	return strndup(start, (size_t)(end - start));
}

/* A record fix writes now carries the plan, the consumers and its
 * warnings as facts: the German half words every one of them in German,
 * the appendix gives each step in both languages. */
static void the_german_half_is_german(void **state)
{
	json_t *json = load("restrict.json");
	struct fix_record *record = typed(json);
	struct plan plan = {
		.service = &portmapper_service,
		.action = ACTION_RESTRICT, .reason = PLAN_REASON_NOT_UNDER_SYSTEMD,
		.reason_service = { .how = SERVICE_HELD_BY, .process = "rpcbind", .pid = 812 },
		.steps = { PLAN_STEP_NFT_TABLE, PLAN_STEP_NFT_ACCEPT_LOOPBACK, PLAN_STEP_NFT_ACCEPT_IPV4,
			   PLAN_STEP_NFT_DROP, PLAN_STEP_WRITE_NFT_FILE, PLAN_STEP_VERIFY_READ_BACK },
		.step_count = 6, .ports = { 111 }, .port_count = 1,
	};
	struct consumer consumer = {
		.kind = &portmapper_kind_nfs_client,
		.facts = { .source = &portmapper_source_mount, .file = "/proc/self/mountinfo", .line = 31, .version = 3,
			   .subject = "nfs1:/srv", .object = "/mnt/srv" },
	};
	struct consumer_list consumers = { .items = &consumer, .count = 1, .capacity = 1 };
	struct cidr cidr;
	char *text, *german;

	(void)state;
	assert_int_equal(cidr_parse("10.0.0.0/24", &cidr), 0);
	assert_int_equal(cidr_list_add(&plan.trusted, &cidr), 0);
	assert_int_equal(fix_record_set_plan(record, &plan, &(struct consumer_list){ 0 }), 0);
	assert_int_equal(fix_record_add_warning(record, FIX_WARNING_NO_SYSTEMD_AT_BOOT, NULL), 0);
	record->changes.nft.boot_persistent = FIX_NO;
	assert_int_equal(report_text(record, &text), 0);
	german = german_half(text);
	EXPECT_IN_ORDER(german, "Grund der Einschränkung laut Plan: rpcbind läuft nicht unter systemd (Port 111 wird von rpcbind[812] gehalten, das außerhalb von systemd läuft) und lässt sich deshalb nicht dauerhaft abschalten; stattdessen ist Port 111 nur noch von Loopback und 10.0.0.0/24 aus erreichbar.",
			"Hinweise von portguard:",
			"- systemd läuft hier nicht, deshalb lädt nichts /etc/portguard/portguard.nft beim Systemstart");
	EXPECT_IN_ORDER(text, "Reason for the restriction, from the plan: rpcbind is not under systemd (port 111 is held by rpcbind[812], which runs outside systemd), so it cannot be switched off for good; fix will let only loopback and 10.0.0.0/24 reach port 111 instead.",
			"Warnings from portguard:", "- systemd is not running here, so nothing loads",
			"B. Ausgeführte Schritte / Steps carried out",
			"2. nft: tcp und udp Port 111 von Loopback annehmen / nft: accept tcp and udp port 111 from loopback",
			"3. nft: tcp und udp Port 111 von IPv4 10.0.0.0/24 annehmen / nft: accept tcp and udp port 111 from IPv4 10.0.0.0/24");
	expect_absent(german, "englisch");
	expect_absent(german, "fix will");
	expect_absent(german, "is not running");
	free(german);
	free(text);

	/* consumers: their evidence in German, the reason too */
	consumer_list_free(&record->consumers);
	plan.reason = PLAN_REASON_CONSUMERS;
	plan.reason_consumer_kind = &portmapper_kind_nfs_client;
	plan.reason_consumer_count = 1;
	assert_int_equal(cidr_list_add(&consumer.trusted, &cidr), 0);
	assert_int_equal(fix_record_set_plan(record, &plan, &consumers), 0);
	assert_int_equal(report_text(record, &text), 0);
	german = german_half(text);
	EXPECT_IN_ORDER(german, "- NFS-Client mit v2/v3-Mount (Sperren über statd): NFSv3-Mount von nfs1:/srv auf /mnt/srv (/proc/self/mountinfo:31), Sperren über statd; zugelassen: 10.0.0.0/24");
	EXPECT_IN_ORDER(text, "NFSv3 mount of nfs1:/srv on /mnt/srv (/proc/self/mountinfo:31), locking through statd; allowed: 10.0.0.0/24");
	expect_absent(german, "locking");
	expect_mail_text(text);
	free(german);
	free(text);

	/* the engine's unit kind names the service's daemon in both */
	cidr_list_free(&consumer.trusted);
	consumer = (struct consumer){
		.kind = &assess_kind_unit,
		.facts = { .source = &assess_source_unit, .relation = EVIDENCE_REQUIRES,
			   .subject = "backup.service", .object = "rpcbind.socket" },
	};
	consumer_list_free(&record->consumers);
	plan.reason_consumer_kind = &assess_kind_unit;
	assert_int_equal(fix_record_set_plan(record, &plan, &consumers), 0);
	assert_int_equal(report_text(record, &text), 0);
	german = german_half(text);
	EXPECT_IN_ORDER(german, "- systemd-Unit, die rpcbind verlangt: ");
	EXPECT_IN_ORDER(text, "- systemd unit that requires or wants rpcbind: ");
	free(german);
	free(text);
	cidr_list_free(&consumer.trusted);
	plan_free(&plan);
	fix_record_freep(&record);
	json_decref(json);
}

static void undo_report_says_what_was_restored(void **state)
{
	json_t *record = load("undo.json"), *nft;
	char *text = render(record);

	(void)state;
	EXPECT_IN_ORDER(text, "Betreff / Subject: portguard: Änderung rückgängig gemacht / change undone – web1\n",
			"Auf dem Server web1 wurde am 27.11.2026 um 08:30:00 UTC die Änderung von",
			"portguard vom 26.11.2026 um 20:00:00 UTC rückgängig gemacht:",
			"- rpcbind.socket: Maskierung aufgehoben, vorheriger Zustand",
			"wiederhergestellt (active, enabled)",
			"Port 111 ist damit wieder von außen erreichbar, wie vor der Änderung.",
			"On the server web1, the change portguard made on 2026-11-26 20:00:00 UTC",
			"was undone on 2026-11-27 08:30:00 UTC:",
			"- rpcbind.service: unmasked, previous state restored (active, enabled)",
			"Port 111 is therefore reachable from outside again");
	expect_absent(text, "Anhang");
	expect_mail_text(text);
	free(text);
	json_decref(record);

	record = load("restrict.json");
	json_object_set_new(record, "undo", json_pack("{s:s, s:b, s:b}", "time", "2026-11-27T08:30:00Z",
						      "changed", 1, "exposed", 0));
	text = render(record);
	EXPECT_IN_ORDER(text, "- Tabelle inet portguard gelöscht", "- /etc/portguard/portguard.nft entfernt",
			"- portguard-restore.service deaktiviert", "Port 111 ist derzeit von außen nicht erreichbar.",
			"- table inet portguard deleted", "- /etc/portguard/portguard.nft removed",
			"- portguard-restore.service disabled");
	free(text);

	/* undo puts back what was there before, and leaves a boot unit it
	 * did not enable */
	nft = json_object_get(json_object_get(record, "changes"), "nft");
	json_object_set_new(nft, "previous", json_pack("{s:[s], s:[i]}", "trusted", "10.9.0.0/16", "ports", 111));
	json_object_set_new(nft, "file_previous", json_string("table inet portguard {}\n"));
	json_object_set_new(nft, "boot_unit_enabled", json_false());
	text = render(record);
	EXPECT_IN_ORDER(text, "- Tabelle inet portguard auf die vorherigen Regeln zurückgesetzt",
			"- /etc/portguard/portguard.nft auf den vorherigen Inhalt zurückgesetzt",
			"- table inet portguard set back to its previous rules",
			"- /etc/portguard/portguard.nft restored to its previous content");
	expect_absent(text, "deaktiviert");
	expect_absent(text, "gelöscht");
	free(text);
	json_object_set_new(json_object_get(record, "undo"), "changed", json_false());
	text = render(record);
	EXPECT_IN_ORDER(text, "Es war nichts zurückzunehmen", "Nothing needed to be reversed");
	expect_absent(text, "gelöscht");
	free(text);
	json_decref(record);
}

static void malformed_records_give_a_report_that_says_so(void **state)
{
	json_t *records[] = {
		json_object(), json_array(), json_string("stop"), json_null(),
		json_pack("{s:i, s:[], s:{}, s:s, s:s, s:i, s:s, s:s, s:i, s:[i], s:i}", "host", 5, "time", "before",
			  "action", "restrict", "after", "no", "changes", 3, "verified", "yes", "version", "x",
			  "abuse_report", 9, "local_addresses", 7, "undo", 1),
	};
	char *text;

	(void)state;
	text = render(NULL);
	EXPECT_IN_ORDER(text, "Betreff / Subject:", "noch nicht behoben / not fixed yet", "Server: ?",
			"Zeitpunkt: unbekannt", "fehlt im Protokoll", "Time: unknown", "missing from the record");
	free(text);
	for (size_t i = 0; i < sizeof(records) / sizeof(records[0]); i++) {
		text = render(records[i]);
		EXPECT_IN_ORDER(text, "Betreff / Subject:", "Server:", "Mit freundlichen Grüßen", "Kind regards");
		expect_mail_text(text);
		free(text);
		json_decref(records[i]);
	}
}

/* Every value anywhere in the record, replaced by each wrong kind of
 * value in turn, rendered: nothing may crash (the sanitizer build
 * checks every access). */
static size_t mutate_everywhere(json_t *root, json_t *node, json_t **replacements, size_t replacement_count)
{
	size_t renders = 0;

	if (json_is_object(node)) {
		const char *key;
		json_t *value;
		void *iterator = json_object_iter(node);

		while (iterator) {
			key = json_object_iter_key(iterator);
			value = json_incref(json_object_iter_value(iterator));
			for (size_t i = 0; i < replacement_count; i++) {
				char *text;

				json_object_iter_set(node, iterator, replacements[i]);
				text = render(root);
				free(text);
				renders++;
			}
			json_object_iter_set_new(node, iterator, value);
			renders += mutate_everywhere(root, value, replacements, replacement_count);
			iterator = json_object_iter_next(node, iterator);
			(void)key;
		}
	} else if (json_is_array(node)) {
		for (size_t index = 0; index < json_array_size(node); index++) {
			json_t *value = json_incref(json_array_get(node, index));

			for (size_t i = 0; i < replacement_count; i++) {
				char *text;

				json_array_set(node, index, replacements[i]);
				text = render(root);
				free(text);
				renders++;
			}
			json_array_set_new(node, index, value);
			renders += mutate_everywhere(root, value, replacements, replacement_count);
		}
	}
	return renders;
}

static void any_key_of_any_type_renders(void **state)
{
	static const char *const fixtures[] = { "stop.json", "restrict.json", "undo.json" };
	json_t *replacements[] = {
		json_null(), json_true(), json_integer(-1), json_integer(INT64_MAX), json_real(1e300),
		json_string(""), json_string("x\x1b[2J\x7f"), json_array(), json_object(), json_pack("[n, i]", 7),
	};
	size_t count = sizeof(replacements) / sizeof(replacements[0]);

	(void)state;
	for (size_t f = 0; f < sizeof(fixtures) / sizeof(fixtures[0]); f++) {
		json_t *record = load(fixtures[f]);

		assert_true(mutate_everywhere(record, record, replacements, count) > 100 * count);
		json_decref(record);
	}
	for (size_t i = 0; i < count; i++)
		json_decref(replacements[i]);
}

static void control_characters_from_the_record_are_not_printed(void **state)
{
	json_t *record = load("restrict.json");
	char *text;

	(void)state;
	json_object_set_new(record, "host", json_string("web1\x1b]0;owned\x07"));
	json_object_set_new(json_object_get(record, "after"), "rules", json_string("table inet portguard {\x1b[2J\n}\n"));
	text = render(record);
	expect_mail_text(text);
	EXPECT_IN_ORDER(text, "Server: web1?]0;owned?");
	expect_verbatim(text, "\n  table inet portguard {?[2J\n");
	free(text);
	json_decref(record);
}

static char directory[] = "/tmp/portguard-report-XXXXXX";

static int remove_entry(const char *path, const struct stat *status, int flag, struct FTW *ftw)
{
	(void)status, (void)flag, (void)ftw;
	return remove(path);
}

static int make_directory(void **state)
{
	(void)state;
	strcpy(directory, "/tmp/portguard-report-XXXXXX");
	return mkdtemp(directory) ? 0 : -1;
}

static int remove_directory(void **state)
{
	(void)state;
	return nftw(directory, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static char *read_all(const char *path)
{
	FILE *file = fopen(path, "r");
	char *text = NULL;
	size_t size = 0;

	assert_non_null(file);
	assert_true(getdelim(&text, &size, '\0', file) >= 0);
	fclose(file);
	return text;
}

static void expect_mode(const char *path, mode_t mode)
{
	struct stat status;

	assert_int_equal(stat(path, &status), 0);
	assert_int_equal(status.st_mode & 07777, mode);
}

static size_t entries(const char *path)
{
	char *command;
	FILE *pipe;
	size_t count = 0;
	int c;

	assert_true(asprintf(&command, "ls -A '%s'", path) > 0);
	pipe = popen(command, "r");
	while ((c = fgetc(pipe)) != EOF)
		count += c == '\n';
	pclose(pipe);
	free(command);
	return count;
}

static void writes_text_and_json_atomically_with_modes(void **state)
{
	json_t *record = load("stop.json"), *again;
	char reports[PATH_MAX], text_path[PATH_MAX], json_path[PATH_MAX], *expected, *text, *json_text;
	mode_t mask = umask(022);

	(void)state;
	snprintf(reports, sizeof(reports), "%s/var/lib/portguard/reports", directory);
	/* the caller's buffer may hold the directory and receive the path */
	strcpy(text_path, reports);
	assert_int_equal(write_of(record, text_path, text_path, sizeof(text_path), json_path, sizeof(json_path)), 0);
	assert_true(strlen(reports) < sizeof(text_path));
	assert_int_equal(strncmp(text_path, reports, strlen(reports)), 0);
	assert_string_equal(text_path + strlen(reports), "/portguard-web1-20261126T200000Z.txt");
	assert_string_equal(json_path + strlen(reports), "/portguard-web1-20261126T200000Z.json");
	expect_mode(reports, 0750);
	expect_mode(text_path, 0640);
	expect_mode(json_path, 0640);
	assert_int_equal(entries(reports), 2);	/* no temporary file left */

	assert_int_equal(text_of(record, &expected), 0);
	text = read_all(text_path);
	assert_string_equal(text, expected);
	json_text = read_all(json_path);
	again = json_loads(json_text, 0, NULL);
	expect_json_of(again, record);
	free(expected), free(text), free(json_text);
	json_decref(again);

	/* again from the same record: the same two files, replaced */
	strcpy(text_path, reports);
	assert_int_equal(write_of(record, reports, text_path, sizeof(text_path), json_path, sizeof(json_path)), 0);
	assert_int_equal(entries(reports), 2);
	assert_string_equal(text_path + strlen(reports), "/portguard-web1-20261126T200000Z.txt");

	json_object_set_new(record, "undo", json_pack("{s:s, s:b}", "time", "2026-11-27T08:30:00Z", "exposed", 1));
	json_object_set_new(record, "host", json_string("../../etc/evil host"));
	assert_int_equal(write_of(record, reports, text_path, sizeof(text_path), json_path, sizeof(json_path)), 0);
	assert_string_equal(text_path + strlen(reports), "/portguard-.._.._etc_evil_host-20261127T083000Z-undo.txt");
	assert_int_equal(entries(reports), 4);
	umask(mask);
	json_decref(record);
}

/* Two undos in one second (two records, one time): two reports, the
 * first one untouched; the same record again still replaces its own. */
static void reports_of_the_same_second_do_not_overwrite_each_other(void **state)
{
	json_t *first = load("stop.json"), *second = load("stop.json");
	char text_path[PATH_MAX], json_path[PATH_MAX], first_text[PATH_MAX], first_json[PATH_MAX];
	char *before, *after, *expected;

	(void)state;
	json_object_set_new(first, "undo", json_pack("{s:s, s:b}", "time", "2026-11-27T08:30:00Z", "exposed", 0));
	json_object_set_new(second, "undo", json_pack("{s:s, s:b}", "time", "2026-11-27T08:30:00Z", "exposed", 1));
	json_object_set_new(second, "time", json_string("2026-11-20T10:00:00Z"));
	assert_int_equal(write_of(first, directory, first_text, sizeof(first_text), first_json, sizeof(first_json)), 0);
	before = read_all(first_text);
	assert_int_equal(write_of(second, directory, text_path, sizeof(text_path), json_path, sizeof(json_path)), 0);
	assert_string_equal(text_path + strlen(directory), "/portguard-web1-20261127T083000Z-undo-2.txt");
	assert_string_equal(json_path + strlen(directory), "/portguard-web1-20261127T083000Z-undo-2.json");
	assert_int_equal(entries(directory), 4);
	after = read_all(first_text);
	assert_string_equal(after, before);
	free(after);
	after = read_all(text_path);
	assert_int_equal(text_of(second, &expected), 0);
	assert_string_equal(after, expected);
	free(after), free(expected);

	assert_int_equal(write_of(first, directory, text_path, sizeof(text_path), json_path, sizeof(json_path)), 0);
	assert_string_equal(text_path, first_text);
	assert_int_equal(write_of(second, directory, text_path, sizeof(text_path), json_path, sizeof(json_path)), 0);
	assert_string_equal(text_path + strlen(directory), "/portguard-web1-20261127T083000Z-undo-2.txt");
	assert_int_equal(entries(directory), 4);
	free(before);
	json_decref(first);
	json_decref(second);
}

static void write_errors_leave_nothing(void **state)
{
	json_t *record = load("stop.json");
	char path[PATH_MAX], text_path[PATH_MAX], json_path[PATH_MAX];
	int fd;

	(void)state;
	assert_int_equal(write_of(record, directory, text_path, 10, json_path, sizeof(json_path)), -ENAMETOOLONG);
	assert_int_equal(write_of(record, directory, text_path, sizeof(text_path), json_path, 10), -ENAMETOOLONG);
	assert_int_equal(entries(directory), 0);
	snprintf(path, sizeof(path), "%s/file", directory);
	fd = open(path, O_WRONLY | O_CREAT, 0600);
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(write_of(record, path, text_path, sizeof(text_path), json_path, sizeof(json_path)), -ENOTDIR);
	snprintf(path, sizeof(path), "%s/file/reports", directory);
	assert_int_equal(write_of(record, path, text_path, sizeof(text_path), json_path, sizeof(json_path)), -ENOTDIR);
	assert_int_equal(report_write(NULL, directory, text_path, sizeof(text_path), json_path, sizeof(json_path)), -EINVAL);
	assert_int_equal(entries(directory), 1);
	json_decref(record);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(stop_report_in_both_languages),
		cmocka_unit_test(restrict_report_names_rules_networks_and_consumers),
		cmocka_unit_test(plural_ports_networks_and_a_forced_stop),
		cmocka_unit_test(warnings_are_quoted_and_doubt_persistence),
		cmocka_unit_test(without_abuse_rows_checks_the_public_addresses),
		cmocka_unit_test(an_address_not_on_a_host_behind_nat),
		cmocka_unit_test(stop_answers_the_services_a_shadowserver_row_shows),
		cmocka_unit_test(subject_carries_every_certbund_reference),
		cmocka_unit_test(unverified_and_none_are_said_so),
		cmocka_unit_test(the_german_half_is_german),
		cmocka_unit_test(undo_report_says_what_was_restored),
		cmocka_unit_test(malformed_records_give_a_report_that_says_so),
		cmocka_unit_test(any_key_of_any_type_renders),
		cmocka_unit_test(control_characters_from_the_record_are_not_printed),
		cmocka_unit_test_setup_teardown(writes_text_and_json_atomically_with_modes, make_directory, remove_directory),
		cmocka_unit_test_setup_teardown(reports_of_the_same_second_do_not_overwrite_each_other, make_directory,
						remove_directory),
		cmocka_unit_test_setup_teardown(write_errors_leave_nothing, make_directory, remove_directory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
