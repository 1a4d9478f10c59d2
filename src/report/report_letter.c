/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The letter's wording, German and English side by side so that both
 * say the same. Every value comes from the typed record: a value the
 * record lacks makes a sentence say so, never a crash. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "assess/plan.h"
#include "model/cidr.h"
#include "record/guard.h"
#include "report/report_abuse.h"
#include "report/report_letter.h"

#define CHECK_ADDRESSES_MAX 8
#define PORT_MAX 65535
#define BYTES_MAX (1 << 20)

struct facts report_facts(const struct fix_record *record)
{
	struct facts facts = {
		.record = record,
		.abuse = record->has_abuse_report ? &record->abuse_report : NULL,
		.changes = &record->changes,
		.nft = record->changes.has_nft ? &record->changes.nft : NULL,
		.undo = record->undo.done ? &record->undo : NULL,
		.action = record->action,
		.verified = record->verified == FIX_YES,
		.host = record->host ? record->host : "?",
		.time = record->time,
	};

	return facts;
}

bool report_fixed(const struct facts *facts)
{
	return action_changes_host(facts->action) && facts->verified;
}

const char *report_public_addresses(const struct facts *facts, struct joined *joined, struct prose *prose)
{
	joined_open(joined);
	for (size_t i = 0; i < facts->record->local_address_count; i++) {
		const struct ip_address *address = &facts->record->local_addresses[i];
		char text[CIDR_TEXT_MAX];

		if (ip_address_scope(address) == SCOPE_PUBLIC)
			joined_add(joined, ip_address_format(address, text));
	}
	return joined_close(joined, prose);
}

/* The networks, joined. */
static const char *networks(const struct cidr_list *list, struct joined *joined, struct prose *prose)
{
	joined_open(joined);
	for (size_t i = 0; i < list->count; i++) {
		char text[CIDR_TEXT_MAX];

		joined_add(joined, cidr_format(&list->items[i], text));
	}
	return joined_close(joined, prose);
}

/* How the letter names the fixed service: "rpcbind", 111. */
static const char *daemon_of(const struct facts *facts)
{
	return facts->record->service->daemon;
}

static unsigned int port_of(const struct facts *facts)
{
	return service_port(facts->record->service);
}

static void intro(struct prose *prose, const struct facts *facts, enum language language)
{
	char time[64], thanks[256];

	snprintf(thanks, sizeof(thanks), IN(language, "vielen Dank für Ihren Hinweis auf %s.", "thank you for your notice about %s."),
		 BILINGUAL_IN(language, facts->record->service->letter->notice));

	record_time_format(facts->time, language, time, sizeof(time));
	prose_paragraph(prose, 0, "%s", IN(language, "Sehr geehrte Damen und Herren,", "Dear Sir or Madam,"));
	fputc('\n', prose->out);
	if (report_fixed(facts))
		prose_paragraph(prose, 0, IN(language,
			"%s Wir haben das Problem auf dem Server %s am %s behoben: Der Dienst ist aus dem Internet nicht mehr erreichbar. Die Einzelheiten:",
			"%s We fixed it on the server %s on %s: the service can no longer be reached from the Internet. The details:"),
			thanks, facts->host, time);
	else if (facts->action == ACTION_EXPLAIN)
		prose_paragraph(prose, 0, IN(language,
			"%s Wir haben den Server %s am %s geprüft. portguard hat für diesen Dienst bewusst nichts geändert: Eine Firewall-Regel dieses Servers wäre hier falsch oder wirkungslos; was stattdessen zu ändern ist, steht unter 2. Die Einzelheiten:",
			"%s We checked the server %s on %s. portguard deliberately changed nothing for this service: a firewall rule of this server would be wrong or of no effect here; what to change instead is under 2. The details:"),
			thanks, facts->host, time);
	else if (facts->action == ACTION_NONE)
		prose_paragraph(prose, 0, IN(language,
			"%s Bei unserer Prüfung des Servers %s am %s war der Dienst aus dem Internet nicht erreichbar; eine Änderung war nicht nötig. Die Einzelheiten:",
			"%s When we checked the server %s on %s, the service was not reachable from the Internet; no change was needed. The details:"),
			thanks, facts->host, time);
	else
		prose_paragraph(prose, 0, IN(language,
			"%s Wir haben auf dem Server %s am %s Maßnahmen ergriffen; die anschließende Prüfung hat aber noch nicht bestätigt, dass der Dienst von außen unerreichbar ist. Die Einzelheiten:",
			"%s We took measures on the server %s on %s, but the check afterwards has not yet confirmed that the service is unreachable from outside. The details:"),
			thanks, facts->host, time);
	fputc('\n', prose->out);
}

static void header(struct prose *prose, const struct facts *facts, enum language language)
{
	struct joined joined;
	const char *addresses = report_public_addresses(facts, &joined, prose);
	char time[64];

	prose_paragraph(prose, 0, "Server: %s", facts->host);
	if (addresses && *addresses)
		prose_paragraph(prose, 0, "%s: %s", IN(language, "Öffentliche Adressen", "Public addresses"), addresses);
	else if (addresses)
		prose_paragraph(prose, 0, "%s", IN(language,
			"Öffentliche Adressen: keine auf dem Server selbst konfiguriert (NAT?)",
			"Public addresses: none configured on the server itself (NAT?)"));
	prose_paragraph(prose, 0, "%s: %s", IN(language, "Zeitpunkt", "Time"),
			record_time_format(facts->time, language, time, sizeof(time)));
	joined_free(&joined);
	fputc('\n', prose->out);
}

static void listener_item(struct prose *prose, const struct listener *listener)
{
	struct owner shown;
	const struct owner *owner = listener_shown_owner(listener, &shown) ? &shown : NULL;
	bool ipv6 = listener->address.family == AF_INET6;
	char address[CIDR_TEXT_MAX], holder[128] = "";

	if (owner && owner->process[0] && owner->pid > 0)
		snprintf(holder, sizeof(holder), " %.15s[%d]", owner->process, (int)owner->pid);
	else if (owner && owner->process[0])
		snprintf(holder, sizeof(holder), " %.15s", owner->process);
	prose_item(prose, 2, "%s %s%s%s:%u%s%s%s", listener->transport == TRANSPORT_UDP ? "udp" : "tcp",
		   ipv6 ? "[" : "", ip_address_format(&listener->address, address), ipv6 ? "]" : "", listener->port,
		   holder, owner && owner->unit[0] ? " " : "", owner ? owner->unit : "");
}

static void listeners(struct prose *prose, const struct fix_scan *scan)
{
	for (size_t i = 0; i < scan->listeners.count; i++)
		listener_item(prose, &scan->listeners.items[i]);
}

static void findings(struct prose *prose, const struct facts *facts, enum language language)
{
	const struct fix_scan *found = &facts->record->found;
	bool exposed_known = found->exposed != FIX_UNKNOWN, exposed = found->exposed == FIX_YES;

	prose_paragraph(prose, 0, "%s", facts->action == ACTION_NONE || facts->action == ACTION_EXPLAIN
			? IN(language, "1. Befund", "1. Findings")
			: IN(language, "1. Befund vor der Änderung", "1. Findings before the change"));
	if (!exposed_known)
		prose_paragraph(prose, 2, "%s", IN(language, "Das Ergebnis der Prüfung vor der Änderung fehlt im Protokoll.",
			"The result of the scan before the change is missing from the record."));
	else if (exposed)
		prose_paragraph(prose, 2, IN(language, "Port %u war von außen erreichbar. Es lauschten:",
			"Port %u was reachable from outside. These were listening:"), port_of(facts));
	else if (found->listeners.count)
		prose_paragraph(prose, 2, IN(language, "Port %u war von außen nicht erreichbar. Es lauschten nur:",
			"Port %u was not reachable from outside. Only these were listening:"), port_of(facts));
	else
		prose_paragraph(prose, 2, IN(language, "Auf Port %u lauschte nichts; er war von außen nicht erreichbar.",
			"Nothing listened on port %u; it was not reachable from outside."), port_of(facts));
	listeners(prose, found);

	/* Not exposed: only the server itself got that answer. */
	if (found->has_answer)
		found->service->probe->report_findings(&found->answer, exposed_known && !exposed,
						       found->answer_reachable == FIX_NO, language, prose);
	fputc('\n', prose->out);
}

static const char *kind_name(const struct consumer_kind *kind, const struct facts *facts, enum language language,
			     char *buffer, size_t size)
{
	if (!kind)
		return "?";
	if (!kind->label_after_daemon_en)
		return IN(language, kind->label_de, kind->label_en);
	snprintf(buffer, size, "%s%s%s", IN(language, kind->label_de, kind->label_en), facts->record->service->daemon,
		 IN(language, kind->label_after_daemon_de, kind->label_after_daemon_en));
	return buffer;
}

/* A consumer's line: what it is, the evidence, the networks it keeps. */
static void consumer_item(struct prose *prose, const char *kind, const char *evidence, const char *trusted,
			  enum language language)
{
	prose_item(prose, 2, "%s: %s%s%s", kind, evidence,
		   trusted && *trusted ? IN(language, "; zugelassen: ", "; allowed: ") : "", trusted ? trusted : "");
}

static void consumers(struct prose *prose, const struct facts *facts, enum language language)
{
	/* The facts, worded in the language; a record of 0.1.0 has only
	 * check's English evidence. */
	for (size_t i = 0; facts->record->has_plan && i < facts->record->consumers.count; i++) {
		const struct consumer *consumer = &facts->record->consumers.items[i];
		char evidence[CONSUMER_TEXT_MAX * 2];
		struct joined joined;

		joined_open(&joined);
		for (size_t n = 0; n < consumer->trusted.count; n++) {
			char text[CIDR_TEXT_MAX];

			joined_add(&joined, cidr_format(&consumer->trusted.items[n], text));
		}
		char label[CONSUMER_TEXT_MAX];

		evidence_format(&consumer->facts, language, evidence, sizeof(evidence));
		consumer_item(prose, kind_name(consumer->kind, facts, language, label, sizeof(label)), evidence,
			      joined_close(&joined, prose), language);
		joined_free(&joined);
	}
	/* A record of 0.1.0: check's English evidence. */
	for (size_t i = 0; !facts->record->has_plan && i < facts->record->found.consumers.count; i++) {
		const struct consumer *consumer = &facts->record->found.consumers.items[i];
		struct joined joined;
		const char *trusted = networks(&consumer->trusted, &joined, prose);
		char label[CONSUMER_TEXT_MAX];

		consumer_item(prose, kind_name(consumer->kind, facts, language, label, sizeof(label)),
			      consumer->evidence[0] ? consumer->evidence : "?", trusted, language);
		joined_free(&joined);
	}
}

/* Whether the record names consumers (in its facts, or in before). */
static bool has_consumers(const struct facts *facts)
{
	return facts->record->has_plan ? facts->record->consumers.count > 0
				       : facts->record->found.consumers.count > 0;
}

static void measures_stop(struct prose *prose, const struct facts *facts, enum language language)
{
	size_t count = facts->changes->unit_count;

	if (has_consumers(facts)) {
		prose_paragraph(prose, 2, IN(language,
			"%s wurde abgeschaltet, obwohl diese Dienste es nutzten; sie funktionieren ohne %s nicht mehr:",
			"%s was shut down although these services used it; they no longer work without %s:"),
			daemon_of(facts), daemon_of(facts));
		consumers(prose, facts, language);
		fputc('\n', prose->out);
		prose_paragraph(prose, 2, "%s", IN(language,
			"Gestoppt, deaktiviert und maskiert wurden (vorheriger Zustand in Klammern):",
			"Stopped, disabled and masked were (previous state in parentheses):"));
	} else {
		prose_paragraph(prose, 2, IN(language,
			"Kein Dienst auf diesem Server benötigt %s. Deshalb haben wir diese systemd-Units gestoppt, deaktiviert und maskiert (vorheriger Zustand in Klammern):",
			"Nothing on this server needs %s. We therefore stopped, disabled and masked these systemd units (previous state in parentheses):"),
			daemon_of(facts));
	}
	for (size_t i = 0; i < count; i++) {
		const struct unit_state *unit = &facts->changes->units[i];

		prose_item(prose, 2, "%s (%s, %s)", unit->name, unit->active_state, unit->unit_file_state);
	}
	if (count == 0)
		prose_item(prose, 2, "%s", IN(language, "(die Liste der Units fehlt im Protokoll)",
			"(the list of units is missing from the record)"));
	fputc('\n', prose->out);
	prose_paragraph(prose, 2, "%s", IN(language,
		"Maskierte Units startet systemd weder beim Systemstart noch per Socket-Aktivierung noch als Abhängigkeit eines anderen Dienstes; die Änderung bleibt über Neustarts hinweg bestehen.",
		"systemd starts a masked unit neither at boot nor through socket activation nor as a dependency of another service, so the change persists across reboots."));
}

static const char *ports(const struct facts *facts, struct joined *joined, struct prose *prose)
{
	const struct fix_nft *nft = facts->nft;
	char text[16];

	joined_open(joined);
	for (size_t i = 0; nft && i < nft->ruleset.port_count; i++) {
		snprintf(text, sizeof(text), "%u", nft->ruleset.ports[i]);
		joined_add(joined, text);
	}
	if (joined->count == 0) {
		snprintf(text, sizeof(text), "%u", port_of(facts));
		joined_add(joined, text);
	}
	return joined_close(joined, prose);
}

static const char *trusted_networks(const struct fix_nft *nft, struct joined *joined, struct prose *prose)
{
	joined_open(joined);
	for (size_t i = 0; nft && i < nft->ruleset.trusted.count; i++) {
		char text[CIDR_TEXT_MAX];

		joined_add(joined, cidr_format(&nft->ruleset.trusted.items[i], text));
	}
	return joined_close(joined, prose);
}

/* "UDP und TCP", "UDP": the transports of the service's ports. */
static const char *transports_of(const struct service *service, enum language language)
{
	bool tcp = service_uses(service, TRANSPORT_TCP), udp = service_uses(service, TRANSPORT_UDP);

	return tcp && udp ? IN(language, "UDP und TCP", "UDP and TCP") : udp ? "UDP" : "TCP";
}

static void rules_admit(struct prose *prose, const struct facts *facts, enum language language)
{
	struct joined port_list, trusted_list;
	const char *port_text = ports(facts, &port_list, prose);
	const char *trusted = trusted_networks(facts->nft, &trusted_list, prose);
	bool several_ports = port_list.count > 1;
	const char *networks = "";
	char running[256];

	/* restrict is also chosen when the daemon is not under systemd:
	 * "needed" only when something needs it */
	snprintf(running, sizeof(running), has_consumers(facts)
		 ? IN(language, "%s wird auf diesem Server noch gebraucht (siehe unten). Deshalb läuft der Dienst weiter;",
		      "%s is still needed on this server (see below). The service therefore keeps running, but")
		 : IN(language, "%s läuft weiter (zum Grund siehe unten);", "%s keeps running (for the reason see below), but"),
		 daemon_of(facts));
	if (port_text && trusted) {
		const struct service_filter *filter = facts->record->service->restrict_filter;

		if (trusted_list.count == 1)
			networks = IN(language, " und dem vertrauenswürdigen Netz ", " and the trusted network ");
		else if (trusted_list.count > 1)
			networks = IN(language, " und den vertrauenswürdigen Netzen ", " and the trusted networks ");
		if (filter)
			prose_paragraph(prose, 2, IN(language,
				"%s nftables nimmt %s an %s%s (%s, IPv4 und IPv6) aber nur noch von Loopback%s%s an und verwirft sie von allen anderen. Alle übrigen Pakete an %s erreichen den Dienst wie bisher.",
				"%s nftables now admits %s to %s%s (%s, IPv4 and IPv6) only from loopback%s%s and drops them from everyone else. Every other packet to %s reaches the service as before."),
				running, BILINGUAL_IN(language, filter->dropped),
				several_ports ? IN(language, "die Ports ", "ports ") : IN(language, "Port ", "port "), port_text,
				transports_of(facts->record->service, language), networks, trusted,
				several_ports ? IN(language, "diese Ports", "these ports") : IN(language, "diesen Port", "this port"));
		else
			prose_paragraph(prose, 2, IN(language,
				"%s nftables lässt %s%s (%s, IPv4 und IPv6) aber nur noch von Loopback%s%s zu. Alle anderen Pakete an %s verwirft der Server.",
				"%s nftables now admits %s%s (%s, IPv4 and IPv6) only from loopback%s%s. The server drops every other packet to %s."),
				running,
				several_ports ? IN(language, "die Ports ", "ports ") : IN(language, "Port ", "port "), port_text,
				transports_of(facts->record->service, language), networks, trusted,
				several_ports ? IN(language, "diese Ports", "these ports") : IN(language, "diesen Port", "this port"));
	}
	joined_free(&port_list);
	joined_free(&trusted_list);
}

static bool warning_mentions(const struct facts *facts, const char *text)
{
	char warning[1024];

	for (size_t i = 0; i < facts->record->warning_count; i++) {
		fix_warning_format(&facts->record->warnings[i], LANGUAGE_ENGLISH, warning, sizeof(warning));
		if (strstr(warning, text))
			return true;
	}
	return false;
}

/* Only what makes the rules come back at boot may be claimed: the file,
 * the unit, and no warning that enabling it failed or that systemd is
 * not there to run it. */
static bool rules_persist(const struct facts *facts)
{
	if (facts->nft && facts->nft->boot_persistent != FIX_UNKNOWN)
		return facts->nft->boot_persistent == FIX_YES;
	return facts->nft && !warning_mentions(facts, FIX_BOOT_UNIT) && !warning_mentions(facts, FIX_NFT_FILE);
}

static void measures_restrict(struct prose *prose, const struct facts *facts, enum language language)
{
	char persistence[512];

	if (!facts->nft)
		prose_paragraph(prose, 2, "%s", IN(language, "Die Angaben zu den nftables-Regeln fehlen im Protokoll.",
			"The details of the nftables rules are missing from the record."));
	rules_admit(prose, facts, language);
	fputc('\n', prose->out);
	if (rules_persist(facts))
		snprintf(persistence, sizeof(persistence), IN(language,
			"Sie sind in %.200s gespeichert; %.100s lädt sie beim Systemstart, bevor das Netzwerk und %s starten. Sie bleiben also über Neustarts hinweg bestehen.",
			"They are saved in %.200s; %.100s loads them at boot, before the network and %s start, so they persist across reboots."),
			FIX_NFT_FILE, FIX_BOOT_UNIT, daemon_of(facts));
	else
		snprintf(persistence, sizeof(persistence), "%s", IN(language,
			"Dass sie beim Systemstart wieder geladen werden, ist nicht sichergestellt.",
			"That they are loaded again at boot is not ensured."));
	prose_paragraph(prose, 2, IN(language, "Die Regeln stehen in einer eigenen Tabelle (%s); Wortlaut im Anhang. %s",
		"The rules live in a table of their own (%s); full text in the appendix. %s"),
		FIX_NFT_TABLE, persistence);
	fputc('\n', prose->out);
	prose_paragraph(prose, 2, "%s", IN(language,
		"Eine drop-Regel in einer Basiskette ist in nftables endgültig: accept-Regeln anderer Tabellen oder Firewalls (etwa iptables, firewalld oder ufw) öffnen den Port nicht wieder.",
		"In nftables a drop in a base chain is final: accept rules of other tables or firewalls (such as iptables, firewalld or ufw) do not reopen the port."));
	fputc('\n', prose->out);
	if (has_consumers(facts)) {
		prose_paragraph(prose, 2, IN(language, "Dienste, die %s weiterhin nutzen, und warum:",
			"Services that still use %s, and why:"), daemon_of(facts));
		consumers(prose, facts, language);
	} else if (facts->record->has_plan) {
		char reason[PLAN_TEXT_MAX];

		plan_reason_format(&facts->record->plan, language, reason, sizeof(reason));
		prose_paragraph(prose, 2, IN(language, "Grund der Einschränkung laut Plan: %s",
			"Reason for the restriction, from the plan: %s"), reason);
	} else {
		prose_paragraph(prose, 2, IN(language, "Grund der Einschränkung laut Plan (im Wortlaut, englisch): %s",
			"Reason for the restriction, from the plan: %s"),
			facts->record->found.plan.reason ? facts->record->found.plan.reason
							 : IN(language, "nicht vermerkt", "not recorded"));
	}
}

/* portguard's own warnings; a record of 0.1.0 kept them in English only. */
static void warnings(struct prose *prose, const struct facts *facts, enum language language)
{
	bool english_only = false;
	char text[1024];

	if (facts->record->warning_count == 0)
		return;
	for (size_t i = 0; i < facts->record->warning_count; i++)
		english_only |= facts->record->warnings[i].code == FIX_WARNING_TEXT;
	fputc('\n', prose->out);
	prose_paragraph(prose, 2, "%s", IN(language, english_only ? "Hinweise von portguard (im Wortlaut, englisch):"
								  : "Hinweise von portguard:",
					   "Warnings from portguard:"));
	for (size_t i = 0; i < facts->record->warning_count; i++) {
		fix_warning_format(&facts->record->warnings[i], language, text, sizeof(text));
		prose_item(prose, 2, "%s", text);
	}
}

/* Whether portguard watch keeps the fix true: as portguard report
 * found the agent (guard_status, from guard.json), else as fix left it. */
static void guarded(struct prose *prose, const struct facts *facts, enum language language)
{
	const struct guard_seen *seen = facts->record->has_guard_status ? &facts->record->guard_status : NULL;
	const struct fix_changes *changes = facts->changes;
	const char *since = seen && seen->status.since[0] ? seen->status.since : "?";
	const char *last = seen && seen->status.last_repair[0] ? seen->status.last_repair : "?";
	unsigned long repairs = seen ? seen->status.repairs : 0;

	if (seen && seen->running) {
		fputc('\n', prose->out);
		if (repairs > 0)
			prose_paragraph(prose, 2, IN(language,
				"Überwacht von portguard watch seit %s, %lld-mal repariert, zuletzt %s.",
				"Guarded by portguard watch since %s, repaired %lld time(s), last %s."),
				since, (long long)repairs, last);
		else
			prose_paragraph(prose, 2, IN(language, "Überwacht von portguard watch seit %s, bisher ohne Reparatur.",
				"Guarded by portguard watch since %s, no repair needed so far."), since);
		return;
	}
	if (seen || !changes || !changes->has_guard || !(changes->guard.started || changes->guard.active_before))
		return;
	fputc('\n', prose->out);
	prose_paragraph(prose, 2, IN(language,
		"Der Dienst %s (portguard watch) überwacht die Änderung: Entfernt ein Neustart der Firewall, ein \"nft flush ruleset\" oder ein Paket sie, stellt er sie innerhalb von Millisekunden bis Sekunden wieder her.",
		"The service %s (portguard watch) guards the change: when a firewall restart, an \"nft flush ruleset\" or a package undoes it, it puts it back within milliseconds to seconds."),
		GUARD_UNIT);
}

/* Why portguard left the service alone, and the one change of its
 * configuration (file:line) the owner makes instead: the plan's reason,
 * worded by the service's explain(). */
static void measures_explain(struct prose *prose, const struct facts *facts, enum language language)
{
	char reason[PLAN_TEXT_MAX];

	if (!facts->record->has_plan) {
		prose_paragraph(prose, 2, "%s", IN(language, "Keine durch portguard; der Grund fehlt im Protokoll.",
			"None by portguard; the reason is missing from the record."));
		return;
	}
	plan_reason_format(&facts->record->plan, language, reason, sizeof(reason));
	prose_paragraph(prose, 2, IN(language,
		"Keine durch portguard, und auch keine Firewall-Regel: %s",
		"None by portguard, and no firewall rule either: %s"), reason);
	prose_paragraph(prose, 2, "%s", IN(language,
		"Bis diese Änderung gemacht ist, bleibt der gemeldete Dienst erreichbar.",
		"Until that change is made, the reported service stays reachable."));
}

static void measures(struct prose *prose, const struct facts *facts, enum language language)
{
	prose_paragraph(prose, 0, "%s", IN(language, "2. Maßnahmen", "2. What was done"));
	if (facts->action == ACTION_STOP)
		measures_stop(prose, facts, language);
	else if (facts->action == ACTION_RESTRICT)
		measures_restrict(prose, facts, language);
	else if (facts->action == ACTION_NONE)
		prose_paragraph(prose, 2, "%s", IN(language, "Keine; es war nichts zu ändern.", "None; nothing needed to change."));
	else if (facts->action == ACTION_EXPLAIN)
		measures_explain(prose, facts, language);
	else
		prose_paragraph(prose, 2, "%s", IN(language, "Die Maßnahme fehlt im Protokoll.",
			"The action is missing from the record."));
	guarded(prose, facts, language);
	warnings(prose, facts, language);
	fputc('\n', prose->out);
}

static void scan_after(const struct facts *facts, bool known, bool exposed, enum language language,
		       char *buffer, size_t size)
{
	const char *daemon = daemon_of(facts);
	unsigned int port = port_of(facts);

	if (!known)
		snprintf(buffer, size, "%s", IN(language, "Das Ergebnis der erneuten Prüfung nach der Änderung fehlt im Protokoll.",
			 "The result of the scan after the change is missing from the record."));
	else if (exposed)
		snprintf(buffer, size, IN(language, "Achtung: Die erneute Prüfung nach der Änderung zeigt Port %u weiterhin als von außen erreichbar. Es lauschen:",
			 "Warning: the scan after the change still shows port %u as reachable from outside. These are listening:"), port);
	else if (facts->record->proof.listeners.count == 0)
		snprintf(buffer, size, IN(language, "Eine erneute Prüfung nach der Änderung ergab: Auf Port %u lauscht nichts mehr.",
			 "A scan after the change found nothing listening on port %u any more."), port);
	else if (facts->action == ACTION_RESTRICT)
		snprintf(buffer, size, facts->nft && facts->nft->ruleset.trusted.count
			? IN(language, "Eine erneute Prüfung nach der Änderung ergab: %s lauscht weiterhin auf Port %u, die Regeln lassen aber nur Loopback und die vertrauenswürdigen Netze zu.",
			     "A scan after the change found %s still listening on port %u, but the rules admit only loopback and the trusted networks.")
			: IN(language, "Eine erneute Prüfung nach der Änderung ergab: %s lauscht weiterhin auf Port %u, die Regeln lassen aber nur Loopback zu.",
			     "A scan after the change found %s still listening on port %u, but the rules admit only loopback."),
			daemon, port);
	else
		snprintf(buffer, size, IN(language, "Eine erneute Prüfung nach der Änderung ergab, dass auf Port %u nur noch lauscht:",
			 "A scan after the change found listening on port %u only:"), port);
}

static void proof(struct prose *prose, const struct facts *facts, enum language language)
{
	const struct fix_scan *scan = &facts->record->proof;
	bool known = scan->exposed != FIX_UNKNOWN, exposed = scan->exposed == FIX_YES;
	bool listed = known && (exposed || (scan->listeners.count && facts->action != ACTION_RESTRICT));
	const char *rules = "";
	char result[160], after[320];

	if (scan->rules)
		rules = report_fixed(facts)
			? IN(language, "Die Regeln wurden danach aus dem Kernel zurückgelesen und stimmen mit den geplanten überein (Wortlaut im Anhang).",
			     "The rules were then read back from the kernel and match the planned ones (full text in the appendix).")
			: IN(language, "Die Regeln wurden danach aus dem Kernel zurückgelesen (Wortlaut im Anhang).",
			     "The rules were then read back from the kernel (full text in the appendix).");
	else if (facts->action == ACTION_RESTRICT)
		rules = IN(language, "Die aus dem Kernel zurückgelesenen Regeln fehlen im Protokoll.",
			   "The rules read back from the kernel are missing from the record.");
	if (report_fixed(facts) && known && !exposed)
		snprintf(result, sizeof(result), IN(language, "Ergebnis: Port %u ist von außen nicht mehr erreichbar.",
			 "Result: port %u is no longer reachable from outside."), port_of(facts));
	else
		snprintf(result, sizeof(result), "%s",
			 IN(language, "Ergebnis: Die Änderung ist noch nicht bestätigt.", "Result: the change is not confirmed yet."));

	scan_after(facts, known, exposed, language, after, sizeof(after));
	prose_paragraph(prose, 0, "%s", IN(language, "3. Nachweis", "3. Proof"));
	if (listed) {
		prose_paragraph(prose, 2, "%s", after);
		listeners(prose, scan);
		fputc('\n', prose->out);
		prose_paragraph(prose, 2, "%s %s", rules, result);
	} else {
		prose_paragraph(prose, 2, "%s %s %s", after, rules, result);
	}
	fputc('\n', prose->out);
}

/* Whether the row is the section's to check from outside: a row of its
 * own service whose address is this host's, or may be (not checked, in
 * older records; or the host has no public address of its own and the
 * address may be forwarded to it, behind NAT). Another service's row,
 * or another device's address (an IPMI row's BMC), is not. */
static bool checked_from_outside(const struct facts *facts, const struct abuse_record_row *row, bool has_public)
{
	if (abuse_record_service(row->service) != facts->record->service)
		return false;
	return !row->has_on_this_host || row->on_this_host || !has_public;
}

/* The addresses the provider scanned of this section's service, else
 * the public ones. */
static const char *check_addresses(const struct facts *facts, struct joined *joined, struct prose *prose)
{
	size_t count = facts->abuse ? facts->abuse->row_count : 0;
	struct joined public;
	const char *public_text = report_public_addresses(facts, &public, prose);
	bool has_public = public_text && *public_text;

	joined_free(&public);
	joined_open(joined);
	for (size_t i = 0; i < count && joined->count < CHECK_ADDRESSES_MAX; i++) {
		const char *ip = facts->abuse->rows[i].ip;
		bool seen = false;

		if (!checked_from_outside(facts, &facts->abuse->rows[i], has_public))
			continue;
		for (size_t j = 0; ip && j < i && !seen; j++) {
			const char *other = facts->abuse->rows[j].ip;
			seen = other && strcmp(other, ip) == 0 && checked_from_outside(facts, &facts->abuse->rows[j], has_public);
		}
		if (ip && !seen)
			joined_add(joined, ip);
	}
	if (joined->count)
		return joined_close(joined, prose);
	joined_free(joined);
	return report_public_addresses(facts, joined, prose);
}

static void outside_check(struct prose *prose, const struct facts *facts, enum language language, unsigned int number)
{
	const struct service_letter *letter = facts->record->service->letter;
	struct joined joined;
	const char *addresses = check_addresses(facts, &joined, prose);
	char *copy = strdup(addresses && *addresses ? addresses
			    : IN(language, "<IP-Adresse des Servers>", "<server's IP address>"));
	char *cursor = copy, *address;

	prose_paragraph(prose, 0, IN(language, "%u. Prüfung von außen", "%u. How to check from outside"), number);
	prose_paragraph(prose, 2, "%s", IN(language, "Von einem anderen Rechner aus:", "From another machine:"));
	while (cursor && (address = strsep(&cursor, ","))) {
		address += strspn(address, " ");
		prose_paragraph(prose, 4, "%s%s%s", letter->client_before, address, letter->client_after);
		/* the default service needs no --service, as in 0.2's reports */
		if (facts->record->service == service_default())
			prose_paragraph(prose, 4, "portguard probe %s", address);
		else
			prose_paragraph(prose, 4, "portguard probe --service %s %s", facts->record->service->name, address);
	}
	if (!copy)
		prose->failed = true;
	free(copy);
	joined_free(&joined);
	if (facts->action == ACTION_NONE)
		prose_paragraph(prose, 2, "%s %s", BILINGUAL_IN(language, letter->client_sees_closed),
			IN(language, "portguard probe meldet den Port als geschlossen (closed, Exit-Code 0).",
			   "portguard probe reports the port as closed (exit code 0)."));
	else if (report_fixed(facts))
		prose_paragraph(prose, 2, "%s %s", facts->action == ACTION_RESTRICT
			? BILINGUAL_IN(language, letter->client_sees_filtered) : BILINGUAL_IN(language, letter->client_sees_stopped),
			IN(language, "portguard probe meldet den Port als geschlossen (closed, Exit-Code 0).",
			   "portguard probe reports the port as closed (exit code 0)."));
	fputc('\n', prose->out);
}

static void abuse_section(struct prose *prose, const struct facts *facts, enum language language, unsigned int number)
{
	struct joined joined;
	const char *addresses = report_public_addresses(facts, &joined, prose);
	const struct service *run_services[SERVICES_MAX];
	struct abuse_answer answer = {
		.abuse = facts->abuse, .service = facts->record->service, .found = &facts->record->found.answer, .action = facts->action,
		.restricted_ports = facts->nft ? facts->nft->ruleset.port_count : 0,
		.fixed = report_fixed(facts), .has_public = addresses && *addresses,
		.run_services = run_services,
		.later_services = facts->later, .later_service_count = facts->later_count,
	};

	/* The other sections' services: their rows are answered there. */
	for (size_t i = 0; i < facts->run_count && answer.run_service_count < SERVICES_MAX; i++)
		if (facts->run[i] != facts->record && facts->run[i]->service != facts->record->service &&
		    !facts->run[i]->undo.done)
			run_services[answer.run_service_count++] = facts->run[i]->service;

	report_abuse_section(prose, &answer, language, number);
	joined_free(&joined);
}

void report_letter(struct prose *prose, const struct facts *facts, enum language language)
{
	unsigned int number = 3;

	intro(prose, facts, language);
	header(prose, facts, language);
	findings(prose, facts, language);
	measures(prose, facts, language);
	if (facts->action != ACTION_NONE && facts->action != ACTION_EXPLAIN) {
		proof(prose, facts, language);
		number++;
	}
	/* A mail-only service's address is another device's (a BMC's):
	 * this server's addresses would be the wrong ones to check. */
	if (!facts->record->service->mail_only)
		outside_check(prose, facts, language, number++);
	if (facts->abuse && facts->abuse->row_count)
		abuse_section(prose, facts, language, number);
	prose_paragraph(prose, 0, "%s", IN(language, "Mit freundlichen Grüßen", "Kind regards"));
}
