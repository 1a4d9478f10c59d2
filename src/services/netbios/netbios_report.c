/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The NetBIOS name service's paragraphs in the report: the machine
 * name, workgroup, user names and MAC address that nmbd gives anyone
 * who asks for the node status of "*", and what one request got back. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "services/netbios/netbios_probe.h"
#include "services/probe_net.h"

static const struct bilingual request_words = { "Node-Status-Anfrage (NBSTAT)", "node status request (NBSTAT)" };

/* "Rechnername „PGSERVER“, Arbeitsgruppe „PGGROUP“, Benutzer „alice“" */
static void leaks_format(const struct netbios_detail *detail, enum language language, char *buffer, size_t size)
{
	const struct netbios_name *machine = netbios_status_machine(&detail->node);
	const struct netbios_name *workgroup = netbios_status_workgroup(&detail->node);
	const struct netbios_name *user;
	size_t used = 0;

	*buffer = '\0';
#define APPEND(...) do { int n_ = snprintf(buffer + used, size - used, __VA_ARGS__); \
			 if (n_ > 0) used = (size_t)n_ >= size - used ? size - 1 : used + (size_t)n_; } while (0)
	if (machine)
		APPEND(IN(language, "den Rechnernamen „%s“", "the machine name \"%s\""), machine->name);
	if (workgroup)
		APPEND(IN(language, "%sdie Arbeitsgruppe „%s“", "%sthe workgroup \"%s\""), used ? ", " : "", workgroup->name);
	for (size_t i = 0; (user = netbios_status_user(&detail->node, i)); i++)
		APPEND(IN(language, "%s„%s“", "%s\"%s\""), i ? ", " : used ? IN(language, ", die Benutzernamen ", ", the user names ")
					       : IN(language, "die Benutzernamen ", "the user names "), user->name);
	if (netbios_status_has_mac(&detail->node)) {
		char mac[24];

		netbios_mac_format(detail->node.unit_id, mac, sizeof(mac));
		APPEND(IN(language, "%sdie MAC-Adresse %s", "%sthe MAC address %s"), used ? ", " : "", mac);
	}
#undef APPEND
}

void netbios_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			     enum language language, struct prose *prose)
{
	const struct netbios_detail *detail = netbios_detail_of(answer);
	char amplification[320], leaks[400];

	probe_amplification_sentence(answer, local_only, &request_words, language, amplification, sizeof(amplification));
	if (!*amplification && unanswered)
		snprintf(amplification, sizeof(amplification), "%s", IN(language,
			"nmbd beantwortete bei der Prüfung keine Node-Status-Anfrage.",
			"nmbd did not answer a node status request during the scan."));
	if (!netbios_answered(detail) && !*amplification)
		return;
	fputc('\n', prose->out);
	leaks_format(detail, language, leaks, sizeof(leaks));
	if (netbios_answered(detail) && *leaks)
		prose_paragraph(prose, 2, IN(language,
			"nmbd beantwortete eine Node-Status-Anfrage für „*“ mit seiner Namenstabelle (%zu Namen) und gab dabei %s preis. %s",
			"nmbd answered a node status request for \"*\" with its name table (%zu names), giving away %s. %s"),
			detail->node.name_count, leaks, amplification);
	else if (netbios_answered(detail))
		prose_paragraph(prose, 2, IN(language,
			"nmbd beantwortete eine Node-Status-Anfrage für „*“ (%zu Namen). %s",
			"nmbd answered a node status request for \"*\" (%zu names). %s"),
			detail->node.name_count, amplification);
	else
		prose_paragraph(prose, 2, "%s", amplification);
}

bool netbios_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose)
{
	const struct netbios_detail *detail = netbios_detail_of(answer);

	if (!netbios_answered(detail) || detail->node.name_count == 0)
		return false;
	prose_paragraph(prose, 0, "%c. %s", letter, before
			? "NetBIOS-Namenstabelle vor der Änderung / NetBIOS name table before the change (node status of *):"
			: "NetBIOS-Namenstabelle / NetBIOS name table (node status of *):");
	for (size_t i = 0; i < detail->node.name_count; i++) {
		char flags[64];

		netbios_name_flags_format(&detail->node.names[i], flags, sizeof(flags));
		prose_line(prose, "  %-15s %s", detail->node.names[i].name, flags);
	}
	if (detail->node.has_unit_id) {
		char mac[24];

		netbios_mac_format(detail->node.unit_id, mac, sizeof(mac));
		prose_line(prose, "  MAC: %s", mac);
	}
	fputc('\n', prose->out);
	return true;
}
