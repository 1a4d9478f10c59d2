/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SSDP's paragraphs in the report: the services, the server's product
 * string and the description URLs one M-SEARCH gave away, and what it
 * got back. */
#include "config.h"

#include <stdio.h>

#include "services/probe_net.h"
#include "services/ssdp/ssdp_probe.h"

/* "A %s of 94 bytes": the English needs a noun that takes "a". */
static const struct bilingual request = { "M-SEARCH-Anfrage (ssdp:all)", "search request (M-SEARCH, ssdp:all)" };

void ssdp_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			  enum language language, struct prose *prose)
{
	const struct ssdp_detail *detail = ssdp_detail_of(answer);
	char amplification[400];

	probe_amplification_sentence(answer, local_only, &request, language, amplification, sizeof(amplification));
	if (!*amplification && unanswered)
		snprintf(amplification, sizeof(amplification), "%s", IN(language,
			"Der SSDP-Dienst beantwortete bei der Prüfung keine M-SEARCH-Anfrage.",
			"The SSDP service did not answer an M-SEARCH request during the scan."));
	if (!detail->service_count && !*amplification)
		return;
	fputc('\n', prose->out);
	if (detail->service_count)
		prose_paragraph(prose, 2, IN(language,
			"Der SSDP-Dienst antwortete mit %zu Datagrammen, je einem angekündigten UPnP-Dienst, und nannte dabei seine Software (%s) und die Adressen der Gerätebeschreibungen (vollständig im Anhang). %s",
			"The SSDP service answered with %zu datagrams, one for each UPnP service it announces, giving away its software (%s) and the addresses of the device descriptions (in full in the appendix). %s"),
			detail->datagrams, detail->server[0] ? detail->server : "?", amplification);
	else
		prose_paragraph(prose, 2, "%s", amplification);
}

bool ssdp_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose)
{
	const struct ssdp_detail *detail = ssdp_detail_of(answer);

	if (!detail->service_count)
		return false;
	prose_paragraph(prose, 0, "%c. %s", letter, before
			? "SSDP-Antworten vor der Änderung / SSDP answers before the change:"
			: "SSDP-Antworten / SSDP answers:");
	if (detail->server[0])
		prose_line(prose, "  SERVER: %.255s", detail->server);
	for (size_t i = 0; i < detail->service_count; i++) {
		prose_line(prose, "  ST: %.255s", detail->services[i].st);
		prose_line(prose, "    USN: %.255s", detail->services[i].usn);
		if (detail->services[i].location[0])
			prose_line(prose, "    LOCATION: %.255s", detail->services[i].location);
	}
	fputc('\n', prose->out);
	return true;
}
