/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The plan in words: its reason and its steps, German and English side
 * by side. The English is what check and the JSON have always said. */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "assess/plan.h"
#include "base/string_table.h"
#include "base/text.h"
#include "model/cidr.h"

/* How many networks a step names before it says "and N more". */
#define STEP_NETWORKS_SHOWN 8

static const char *const plan_reason_table[_PLAN_REASON_MAX] = {
	[PLAN_REASON_NOT_EXPOSED] = "not-exposed",
	[PLAN_REASON_NOBODY_NEEDS_IT] = "nobody-needs-it",
	[PLAN_REASON_STOP_CHOSEN] = "stop-chosen",
	[PLAN_REASON_STOP_FORCED] = "stop-forced",
	[PLAN_REASON_RESTRICT_CHOSEN] = "restrict-chosen",
	[PLAN_REASON_CONSUMERS] = "consumers",
	[PLAN_REASON_FOREIGN_HOLDER] = "foreign-holder",
	[PLAN_REASON_REGISTRATIONS_UNKNOWN] = "registrations-unknown",
	[PLAN_REASON_NOT_UNDER_SYSTEMD] = "not-under-systemd",
	[PLAN_REASON_SERVES_EVERYONE] = "serves-everyone",
	[PLAN_REASON_EXPLAIN] = "explain",
};

static const char *const plan_step_table[_PLAN_STEP_MAX] = {
	[PLAN_STEP_SYSTEMCTL_STOP] = "systemctl-stop",
	[PLAN_STEP_SYSTEMCTL_DISABLE] = "systemctl-disable",
	[PLAN_STEP_SYSTEMCTL_MASK] = "systemctl-mask",
	[PLAN_STEP_VERIFY_NOTHING_LISTENS] = "verify-nothing-listens",
	[PLAN_STEP_NFT_TABLE] = "nft-table",
	[PLAN_STEP_NFT_ACCEPT_LOOPBACK] = "nft-accept-loopback",
	[PLAN_STEP_NFT_ACCEPT_IPV4] = "nft-accept-ipv4",
	[PLAN_STEP_NFT_ACCEPT_IPV6] = "nft-accept-ipv6",
	[PLAN_STEP_NFT_DROP] = "nft-drop",
	[PLAN_STEP_WRITE_NFT_FILE] = "write-nft-file",
	[PLAN_STEP_VERIFY_READ_BACK] = "verify-read-back",
};

DEFINE_STRING_TABLE_LOOKUP(plan_reason, enum plan_reason)

DEFINE_STRING_TABLE_LOOKUP(plan_step, enum plan_step)

static size_t count_family(const struct cidr_list *list, int family)
{
	size_t count = 0;

	for (size_t i = 0; i < list->count; i++)
		count += list->items[i].address.family == family;
	return count;
}

/* "10.0.0.0/24, 10.0.1.5/32 and 12 more" */
static void format_networks(const struct cidr_list *list, int family, enum language language, char *buffer,
			    size_t size)
{
	size_t shown = 0, total = count_family(list, family), used = 0;

	buffer[0] = '\0';
	for (size_t i = 0; i < list->count && shown < STEP_NETWORKS_SHOWN; i++) {
		char text[CIDR_TEXT_MAX];

		if (list->items[i].address.family != family)
			continue;
		used += (size_t)snprintf(buffer + used, size - used, "%s%s", shown ? ", " : "",
					 cidr_format(&list->items[i], text));
		shown++;
		if (used >= size)
			return;
	}
	if (total > shown)
		text_format(buffer + used, size - used, IN(language, " und %zu weitere", " and %zu more"), total - shown);
}

/* "port 111", "ports 111, 2049" */
static void format_ports(const struct plan *plan, enum language language, char *buffer, size_t size)
{
	size_t used = (size_t)snprintf(buffer, size, "%s ", plan->port_count > 1 ? IN(language, "Ports", "ports")
										  : IN(language, "Port", "port"));

	for (size_t i = 0; i < plan->port_count && used < size; i++)
		used += (size_t)snprintf(buffer + used, size - used, "%s%u", i ? ", " : "", plan->ports[i]);
}

static void format_units(const struct plan *plan, char *buffer, size_t size)
{
	size_t used = 0;

	buffer[0] = '\0';
	for (size_t i = 0; i < plan->unit_count && used < size; i++)
		used += (size_t)snprintf(buffer + used, size - used, "%s%s", i ? " " : "", plan->units[i]);
}

/* "tcp und udp", "udp": the transports of the service's ports. */
static const char *transports(const struct service *service, enum language language)
{
	bool tcp = service_uses(service, TRANSPORT_TCP), udp = service_uses(service, TRANSPORT_UDP);

	return tcp && udp ? IN(language, "tcp und udp", "tcp and udp") : udp ? "udp" : "tcp";
}

void plan_step_format(const struct plan *plan, size_t index, enum language language, char *buffer, size_t size)
{
	const char *both = transports(plan->service, language);
	char list[PLAN_STEP_MAX], networks[PLAN_STEP_MAX];
	enum plan_step step = index < plan->step_count ? plan->steps[index] : _PLAN_STEP_INVALID;

	if (step == PLAN_STEP_SYSTEMCTL_STOP || step == PLAN_STEP_SYSTEMCTL_DISABLE || step == PLAN_STEP_SYSTEMCTL_MASK)
		format_units(plan, list, sizeof(list));
	else
		format_ports(plan, language, list, sizeof(list));
	switch (step) {
	case PLAN_STEP_SYSTEMCTL_STOP:
		text_format(buffer, size, "systemctl stop %s", list);
		return;
	case PLAN_STEP_SYSTEMCTL_DISABLE:
		text_format(buffer, size, "systemctl disable %s", list);
		return;
	case PLAN_STEP_SYSTEMCTL_MASK:
		text_format(buffer, size, "systemctl mask %s", list);
		return;
	case PLAN_STEP_VERIFY_NOTHING_LISTENS:
		text_format(buffer, size, IN(language, "Prüfung: Port %u erneut scannen; nichts darf mehr darauf lauschen",
					     "verify: scan port %u again; nothing may listen on it"), service_port(plan->service));
		return;
	case PLAN_STEP_NFT_TABLE:
		text_format(buffer, size, "%s", IN(language,
			"nft: Tabelle inet portguard, Ketten input und prerouting (vor der Ziel-NAT), in einem atomaren Batch (eine frühere portguard-Tabelle wird ersetzt)",
			"nft: table inet portguard, chains input and prerouting (ahead of destination NAT), in one atomic batch (an earlier portguard table is replaced)"));
		return;
	case PLAN_STEP_NFT_ACCEPT_LOOPBACK:
		text_format(buffer, size, IN(language, "nft: %s %s von Loopback annehmen", "nft: accept %s %s from loopback"),
			    both, list);
		return;
	case PLAN_STEP_NFT_ACCEPT_IPV4:
	case PLAN_STEP_NFT_ACCEPT_IPV6:
		format_networks(&plan->trusted, step == PLAN_STEP_NFT_ACCEPT_IPV4 ? AF_INET : AF_INET6, language,
				networks, sizeof(networks));
		text_format(buffer, size, IN(language, "nft: %s %s von %s %s annehmen", "nft: accept %s %s from %s %s"),
			    both, list, step == PLAN_STEP_NFT_ACCEPT_IPV4 ? "IPv4" : "IPv6", networks);
		return;
	case PLAN_STEP_NFT_DROP:
		if (plan->service->restrict_filter)
			text_format(buffer, size, IN(language, "nft: %s an %s %s von allen anderen zählen und verwerfen, IPv4 und IPv6",
						     "nft: count and drop %s to %s %s from everyone else, IPv4 and IPv6"),
				    BILINGUAL_IN(language, plan->service->restrict_filter->dropped), both, list);
		else
			text_format(buffer, size, IN(language, "nft: jedes andere Paket an %s %s zählen und verwerfen, IPv4 und IPv6",
						     "nft: count and drop every other packet to %s %s, IPv4 and IPv6"), both, list);
		return;
	case PLAN_STEP_WRITE_NFT_FILE:
		text_format(buffer, size, IN(language,
			"/etc/portguard/portguard.nft schreiben und seine Boot-Unit aktivieren, damit die Regeln beim Systemstart vor %s wieder geladen werden",
			"write /etc/portguard/portguard.nft and enable its boot unit, so the rules are back at boot before %s"),
			plan->service->socket_unit ? plan->service->socket_unit : plan->service->service_unit);
		return;
	case PLAN_STEP_VERIFY_READ_BACK:
		text_format(buffer, size, IN(language, "Prüfung: die Tabelle aus dem Kernel zurücklesen und Port %u erneut scannen",
					     "verify: read the table back from the kernel and scan port %u again"), service_port(plan->service));
		return;
	default:
		text_format(buffer, size, "?");
		return;
	}
}

/* "loopback", "loopback and 10.0.0.0/24", "loopback and 5 trusted networks" */
static void who_reaches(const struct plan *plan, enum language language, char *buffer, size_t size)
{
	size_t used = (size_t)snprintf(buffer, size, "%s", IN(language, "Loopback", "loopback"));

	if (plan->trusted.count > 4) {
		text_format(buffer + used, size - used, IN(language, " und %zu vertrauenswürdigen Netzen",
							   " and %zu trusted networks"), plan->trusted.count);
		return;
	}
	for (size_t i = 0; i < plan->trusted.count && used < size; i++) {
		char text[CIDR_TEXT_MAX];

		used += (size_t)snprintf(buffer + used, size - used, "%s%s",
					 i + 1 == plan->trusted.count ? IN(language, " und ", " and ") : ", ",
					 cidr_format(&plan->trusted.items[i], text));
	}
}

static void capitalise(char *text)
{
	text[0] = (char)toupper((unsigned char)text[0]);
}

static void restrict_reason(const struct plan *plan, enum language language, const char *who, char *buffer,
			    size_t size)
{
	char first[PLAN_TEXT_MAX / 2], service[PLAN_TEXT_MAX / 2];
	const char *daemon = plan->service->daemon;
	unsigned int port = service_port(plan->service);
	size_t others = plan->reason_consumer_count ? plan->reason_consumer_count - 1 : 0;
	const struct service_filter *filter = plan->service->restrict_filter;

	/* Whatever the reason: the daemon stays, the port stays open, only
	 * what the filter matches is kept to who. */
	if (filter) {
		text_format(buffer, size, IN(language,
			"%1$s bedient mit Absicht jeden Rechner; es läuft weiter und Port %2$u bleibt dafür offen, %3$s nimmt es aber nur noch von %4$s an.",
			"%1$s serves every host on purpose, so fix keeps it running and port %2$u open for that, and lets only %4$s send it %3$s."),
			daemon, port, BILINGUAL_IN(language, filter->dropped), who);
		return;
	}
	switch (plan->reason) {
	case PLAN_REASON_RESTRICT_CHOSEN:
		text_format(buffer, size, IN(language,
			"Gewählt war --mode restrict: %3$s läuft weiter, Port %2$u ist aber nur noch von %1$s aus erreichbar.",
			"You chose --mode restrict: fix will keep %3$s running and let only %1$s reach port %2$u."),
			who, port, daemon);
		return;
	case PLAN_REASON_CONSUMERS:
		text_format(first, sizeof(first), "%s", consumer_kind_description(plan->reason_consumer_kind, language));
		capitalise(first);
		if (others == 0)
			text_format(buffer, size, IN(language,
				"%1$s benötigt %4$s noch; deshalb läuft es weiter, Port %3$u ist aber nur noch von %2$s aus erreichbar.",
				"%1$s still needs %4$s, so fix will keep it running and let only %2$s reach port %3$u."),
				first, who, port, daemon);
		else if (language == LANGUAGE_GERMAN && others == 1)
			text_format(buffer, size,
				"%s und ein weiterer oben genannter Dienst benötigen %s noch; deshalb läuft es weiter, Port %u ist aber nur noch von %s aus erreichbar.",
				first, daemon, port, who);
		else if (language == LANGUAGE_GERMAN)
			text_format(buffer, size,
				"%s und %zu weitere oben genannte Dienste benötigen %s noch; deshalb läuft es weiter, Port %u ist aber nur noch von %s aus erreichbar.",
				first, others, daemon, port, who);
		else
			text_format(buffer, size,
				"%s and %zu other consumer%s listed above still need %s, so fix will keep it running and let only %s reach port %u.",
				first, others, others > 1 ? "s" : "", daemon, who, port);
		return;
	case PLAN_REASON_FOREIGN_HOLDER:
		text_format(buffer, size, IN(language,
			"Port %1$u wird auch von %2$s[%3$d] gehalten, das nicht %5$s ist; %5$s zu stoppen, würde ihn nicht schließen. Stattdessen ist Port %1$u nur noch von %4$s aus erreichbar.",
			"Port %1$u is also held by %2$s[%3$d], which is not %5$s, so stopping %5$s would not close it; fix will let only %4$s reach port %1$u instead."),
			port, plan->reason_process, (int)plan->reason_pid, who, daemon);
		return;
	case PLAN_REASON_REGISTRATIONS_UNKNOWN:
		text_format(buffer, size, IN(language,
			"Der Portmapper hat unter %1$s nicht geantwortet; was bei ihm registriert ist und ob etwas ihn benötigt, ist deshalb unbekannt. Ohne diesen Nachweis stoppt portguard ihn nicht; stattdessen ist Port %3$u nur noch von %2$s aus erreichbar (--mode stop stoppt ihn trotzdem).",
			"The portmapper did not answer at %1$s, so what is registered with it, and whether anything needs it, is unknown; fix will not stop it on missing evidence, and will let only %2$s reach port %3$u (--mode stop stops it anyway)."),
			plan->reason_address, who, port);
		return;
	default:
		if (language == LANGUAGE_ENGLISH && plan->reason_service_text[0])
			text_format(service, sizeof(service), "%s", plan->reason_service_text);
		else
			service_evidence_format(&plan->reason_service, plan->service, language, service, sizeof(service));
		text_format(buffer, size, IN(language,
			"%4$s läuft nicht unter systemd (%1$s) und lässt sich deshalb nicht dauerhaft abschalten; stattdessen ist Port %3$u nur noch von %2$s aus erreichbar.",
			"%4$s is not under systemd (%1$s), so it cannot be switched off for good; fix will let only %2$s reach port %3$u instead."),
			service, who, port, daemon);
		return;
	}
}

void plan_reason_format(const struct plan *plan, enum language language, char *buffer, size_t size)
{
	char who[PLAN_TEXT_MAX / 2], consumer[PLAN_TEXT_MAX / 2], evidence[CONSUMER_TEXT_MAX];
	char stop[PLAN_TEXT_MAX / 2], units[2 * UNIT_NAME_MAX + 8];
	const struct service *own = plan->service;

	if (own->socket_unit) {
		text_format(stop, sizeof(stop), IN(language,
			"deshalb stoppt, deaktiviert und maskiert portguard sowohl %1$s als auch %2$s (der Socket allein würde den Dienst wieder starten).",
			"fix will stop, disable and mask both %1$s and %2$s (the socket alone would start the service again)."),
			own->socket_unit, own->service_unit);
		text_format(units, sizeof(units), IN(language, "%s und %s", "%s and %s"), own->socket_unit,
			    own->service_unit);
	} else {
		text_format(stop, sizeof(stop), IN(language, "deshalb stoppt, deaktiviert und maskiert portguard %s.",
						   "fix will stop, disable and mask %s."), own->service_unit);
		text_format(units, sizeof(units), "%s", own->service_unit);
	}

	switch (plan->reason) {
	case PLAN_REASON_NOT_EXPOSED:
		text_format(buffer, size, IN(language,
			"Port %u ist von anderen Rechnern aus nicht erreichbar; es muss nichts geändert werden.",
			"Port %u is not reachable from other hosts, so nothing needs to change."), service_port(own));
		return;
	case PLAN_REASON_NOBODY_NEEDS_IT:
		text_format(buffer, size, IN(language, "Kein Dienst auf diesem Server benötigt %s; %s",
					     "No service on this host needs %s, so %s"), own->daemon, stop);
		return;
	case PLAN_REASON_STOP_CHOSEN:
		text_format(buffer, size, IN(language,
			"Gewählt war --mode stop, und kein Dienst auf diesem Server benötigt %s; %s",
			"You chose --mode stop and no service on this host needs %s, so %s"), own->daemon, stop);
		return;
	case PLAN_REASON_STOP_FORCED:
		if (language == LANGUAGE_ENGLISH && plan->reason_consumer_text[0])
			text_format(evidence, sizeof(evidence), "%s", plan->reason_consumer_text);
		else
			evidence_format(&plan->reason_consumer, language, evidence, sizeof(evidence));
		text_format(consumer, sizeof(consumer), "%s (%s)",
			    consumer_kind_description(plan->reason_consumer_kind, language), evidence);
		capitalise(consumer);
		text_format(buffer, size, IN(language,
			"Gewählt war --mode stop --force: portguard stoppt, deaktiviert und maskiert %s, obwohl %s es benötigt; es funktioniert danach nicht mehr.",
			"You chose --mode stop --force: fix will stop, disable and mask %s although %s needs it, which will break it."),
			units, consumer);
		return;
	case PLAN_REASON_RESTRICT_CHOSEN:
	case PLAN_REASON_CONSUMERS:
	case PLAN_REASON_FOREIGN_HOLDER:
	case PLAN_REASON_REGISTRATIONS_UNKNOWN:
	case PLAN_REASON_NOT_UNDER_SYSTEMD:
	case PLAN_REASON_SERVES_EVERYONE:
		who_reaches(plan, language, who, sizeof(who));
		restrict_reason(plan, language, who, buffer, size);
		return;
	case PLAN_REASON_EXPLAIN:
		if (own->explain)
			own->explain(&plan->reason_consumer, language, buffer, size);
		else
			text_format(buffer, size, IN(language,
				"%1$s dient mit Port %2$u der ganzen Welt, darum ändert portguard nichts: Ändern Sie die Konfiguration von %1$s.",
				"%1$s serves the world on port %2$u, so portguard changes nothing: change %1$s's own configuration."),
				own->daemon, service_port(own));
		return;
	default:
		text_format(buffer, size, "?");
		return;
	}
}
