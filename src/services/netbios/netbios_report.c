/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The NetBIOS name service's paragraphs in the report: the machine
 * name, workgroup, user names and MAC address that nmbd gives anyone
 * who asks for the node status of "*", and what one request got back. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "services/netbios/netbios_probe.h"
#include "services/probe_net.h"

static const struct bilingual request_words = { "Node-Status-Anfrage (NBSTAT)", "node status request (NBSTAT)" };

#define LEAK_ITEMS 4
#define LEAK_ITEM_MAX 160

/* "den Rechnernamen „PGSERVER“, die Arbeitsgruppe „PGGROUP“ und die
 * MAC-Adresse ...": what leaks, the last item joined with "und"/"and". */
static void leaks_format(const struct netbios_detail *detail, enum language language, char *buffer, size_t size)
{
	const struct netbios_name *machine = netbios_status_machine(&detail->node);
	const struct netbios_name *workgroup = netbios_status_workgroup(&detail->node);
	const struct netbios_name *user;
	char items[LEAK_ITEMS][LEAK_ITEM_MAX], users[LEAK_ITEM_MAX] = "";
	size_t count = 0, used = 0;

	if (machine)
		text_format(items[count++], LEAK_ITEM_MAX, IN(language, "den Rechnernamen „%s“", "the machine name \"%s\""),
			    machine->name);
	if (workgroup)
		text_format(items[count++], LEAK_ITEM_MAX, IN(language, "die Arbeitsgruppe „%s“", "the workgroup \"%s\""),
			    workgroup->name);
	for (size_t i = 0; (user = netbios_status_user(&detail->node, i)) && used + 1 < sizeof(users); i++) {
		int n = snprintf(users + used, sizeof(users) - used, IN(language, "%s„%s“", "%s\"%s\""), i ? ", " : "", user->name);

		used = n < 0 ? used : (size_t)n >= sizeof(users) - used ? sizeof(users) - 1 : used + (size_t)n;
	}
	if (users[0])
		text_format(items[count++], LEAK_ITEM_MAX, IN(language, "Benutzernamen (%s)", "user names (%s)"), users);
	if (netbios_status_has_mac(&detail->node)) {
		char mac[24];

		netbios_mac_format(detail->node.unit_id, mac, sizeof(mac));
		text_format(items[count++], LEAK_ITEM_MAX, IN(language, "die MAC-Adresse %s", "the MAC address %s"), mac);
	}
	*buffer = '\0';
	for (size_t i = 0, at = 0; i < count && at + 1 < size; i++) {
		const char *separator = i == 0 ? "" : i + 1 < count ? ", " : IN(language, " und ", " and ");
		int n = snprintf(buffer + at, size - at, "%s%s", separator, items[i]);

		at = n < 0 ? at : (size_t)n >= size - at ? size - 1 : at + (size_t)n;
	}
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
	if (!netbios_answered(detail))
		return;
	fputc('\n', prose->out);
	prose_paragraph(prose, 2, "%s", IN(language,
		"Dauerhaft lässt sich auch nmbd selbst umstellen: „disable netbios = yes“ im Abschnitt [global] "
		"der /etc/samba/smb.conf, wenn niemand den NetBIOS-Namen braucht; sonst „interfaces = <LAN>“ mit "
		"„bind interfaces only = yes“, damit nmbd nur im LAN antwortet.",
		"An owner may also prefer to change nmbd itself: \"disable netbios = yes\" in [global] of "
		"/etc/samba/smb.conf when nobody needs the NetBIOS name; else \"interfaces = <LAN>\" with "
		"\"bind interfaces only = yes\", so that nmbd answers on the LAN alone."));
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
