/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The DNS server's paragraphs in the report: that it resolved a name of
 * a foreign domain for whoever asked (an open resolver), what one ANY
 * query got back, and the configuration lines an owner changes so that
 * it recurses for its own networks alone. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "services/dns/dns_probe.h"
#include "services/probe_net.h"

static const struct bilingual request_words = { "DNS-Anfrage", "DNS query" };

void dns_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			 enum language language, struct prose *prose)
{
	const struct dns_detail *detail = dns_detail_of(answer);
	char amplification[320];

	probe_amplification_sentence(answer, local_only, &request_words, language, amplification, sizeof(amplification));
	if (!*amplification && unanswered)
		snprintf(amplification, sizeof(amplification), "%s", IN(language,
			"Der DNS-Server beantwortete bei der Prüfung keine rekursive Anfrage.",
			"The DNS server did not answer a recursive query during the scan."));
	if (!dns_answered(detail) && !*amplification)
		return;
	fputc('\n', prose->out);
	if (dns_recurses(detail))
		prose_paragraph(prose, 2, IN(language,
			"Der DNS-Server löste auf eine rekursive Anfrage einen Namen einer fremden Domain auf (%s, %s): "
			"Er arbeitet als offener Resolver für jeden, den er erreicht, und lässt sich mit gefälschtem "
			"Absender für Angriffe auf Dritte missbrauchen. %s",
			"The DNS server resolved a name of a foreign domain for a recursive query (%s, %s): it works as "
			"an open resolver for whoever reaches it and can be abused with forged senders against third "
			"parties. %s"),
			DNS_PROBE_NAME, dns_rcode_name(detail->recursive.reply.rcode), amplification);
	else
		prose_paragraph(prose, 2, "%s", amplification);
	if (!dns_recurses(detail))
		return;
	fputc('\n', prose->out);
	prose_paragraph(prose, 2, "%s", IN(language,
		"Dauerhaft lässt sich auch der DNS-Server selbst umstellen, sodass er nur für die eigenen Netze "
		"rekursiv auflöst und seine Zonen weiter für alle beantwortet: bei unbound „access-control: "
		"0.0.0.0/0 refuse“ und „access-control: <eigenes Netz> allow“, bei BIND „allow-recursion { "
		"localhost; <eigene Netze>; };“ in den options, bei dnsmasq „local-service“.",
		"An owner may also prefer to change the DNS server itself, so that it recurses for its own networks "
		"alone and still answers its zones for everyone: for unbound \"access-control: 0.0.0.0/0 refuse\" "
		"and \"access-control: <your network> allow\", for BIND \"allow-recursion { localhost; <your "
		"networks>; };\" in options, for dnsmasq \"local-service\"."));
}

bool dns_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose)
{
	const struct dns_detail *detail = dns_detail_of(answer);
	char reply[128];

	if (!dns_answered(detail))
		return false;
	prose_paragraph(prose, 0, "%c. %s", letter, before
			? "DNS-Antworten vor der Änderung / DNS replies before the change:"
			: "DNS-Antworten / DNS replies:");
	dns_reply_format(&detail->recursive.reply, reply, sizeof(reply));
	prose_line(prose, "  A %s (RD): %s, %zu bytes", DNS_PROBE_NAME, reply, detail->recursive.reply_bytes);
	if (detail->any.status == 0) {
		dns_reply_format(&detail->any.reply, reply, sizeof(reply));
		prose_line(prose, "  ANY . (RD): %s, %zu bytes", reply, detail->any.reply_bytes);
	}
	fputc('\n', prose->out);
	return true;
}
