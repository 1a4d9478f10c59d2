/* SPDX-License-Identifier: GPL-2.0-or-later */
/* mDNS's paragraphs in the report: the service types, instance names
 * (the workstation's carries its MAC) and ports avahi gave away, and
 * what the questions got back. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "services/mdns/mdns_probe.h"
#include "services/probe_net.h"

/* All the questions of one scan as one request: what it costs the host. */
static const struct bilingual questions = {
	"DNS-SD-Abfrage (Diensttypen, dann eine Frage je Typ)",
	"DNS-SD query (the service types, then one question per type)",
};

static void amplification_sentence(const struct service_answer *answer, bool local_only, bool unanswered,
				   enum language language, char *buffer, size_t size)
{
	probe_amplification_sentence(answer, local_only, &questions, language, buffer, size);
	if (!*buffer && unanswered)
		snprintf(buffer, size, "%s", IN(language,
			"avahi-daemon beantwortete bei der Prüfung die mDNS-Anfrage nach seinen Diensttypen nicht.",
			"avahi-daemon did not answer the mDNS question for its service types during the scan."));
}

void mdns_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			  enum language language, struct prose *prose)
{
	const struct mdns_detail *detail = mdns_detail_of(answer);
	char amplification[400];

	amplification_sentence(answer, local_only, unanswered, language, amplification, sizeof(amplification));
	if (!detail->type_count && !*amplification)
		return;
	fputc('\n', prose->out);
	if (detail->type_count)
		prose_paragraph(prose, 2, IN(language,
			"avahi-daemon nannte %zu Diensttypen, %zu Instanzen (darunter den Rechnernamen, bei avahi mit der MAC-Adresse) und %zu Ports (vollständig im Anhang). %s",
			"avahi-daemon named %zu service types, %zu instances (among them the host's name, with its MAC address from avahi) and %zu ports (in full in the appendix). %s"),
			detail->type_count, detail->instance_count, detail->port_count, amplification);
	else
		prose_paragraph(prose, 2, "%s", amplification);
}

bool mdns_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose)
{
	const struct mdns_detail *detail = mdns_detail_of(answer);

	if (!detail->type_count)
		return false;
	prose_paragraph(prose, 0, "%c. %s", letter, before
			? "mDNS-Antworten vor der Änderung / mDNS answers before the change:"
			: "mDNS-Antworten / mDNS answers:");
	for (size_t i = 0; i < detail->type_count; i++)
		prose_line(prose, "  %.300s", detail->types[i]);
	for (size_t i = 0; i < detail->instance_count; i++)
		prose_line(prose, "  %.300s", detail->instances[i]);
	for (size_t i = 0; i < detail->port_count; i++)
		prose_line(prose, "  Port %u", detail->ports[i]);
	fputc('\n', prose->out);
	return true;
}
