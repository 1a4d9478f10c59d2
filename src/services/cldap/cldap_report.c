/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CLDAP service's paragraphs in the report: what the AD DC's root
 * DSE gives anyone who asks over UDP (its DNS name, the domain, the
 * site, the naming contexts), what one request got back, and the
 * change to Samba an owner may prefer. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "base/text.h"
#include "services/cldap/cldap_probe.h"
#include "services/probe_net.h"

static const struct bilingual request_words = { "CLDAP-Suchanfrage nach dem Root-DSE", "CLDAP root DSE search" };

#define LEAK_ITEMS 4
#define LEAK_ITEM_MAX 280

/* "den DNS-Namen des Domänencontrollers „dc1.pg.test“, die Domäne
 * „pg.test“ und den Standort „Default-First-Site-Name“" */
static void leaks_format(const struct cldap_detail *detail, enum language language, char *buffer, size_t size)
{
	const struct cldap_root_dse *dse = &detail->dse;
	char items[LEAK_ITEMS][LEAK_ITEM_MAX], site[CLDAP_TEXT_MAX], domain[CLDAP_TEXT_MAX];
	size_t count = 0;

	cldap_site_name(dse, site, sizeof(site));
	cldap_domain_name(dse, domain, sizeof(domain));
	if (dse->dns_host_name[0])
		text_format(items[count++], LEAK_ITEM_MAX, IN(language, "den DNS-Namen des Domänencontrollers „%s“",
							      "the domain controller's DNS name \"%s\""), dse->dns_host_name);
	if (domain[0])
		text_format(items[count++], LEAK_ITEM_MAX, IN(language, "die Domäne „%s“", "the domain \"%s\""), domain);
	if (site[0])
		text_format(items[count++], LEAK_ITEM_MAX, IN(language, "den Standort „%s“", "the site \"%s\""), site);
	if (dse->naming_contexts_sent)
		text_format(items[count++], LEAK_ITEM_MAX, IN(language, "%zu Namenskontexte des Verzeichnisses",
							      "%zu naming contexts of the directory"), dse->naming_contexts_sent);
	*buffer = '\0';
	for (size_t i = 0, at = 0; i < count && at + 1 < size; i++) {
		const char *separator = i == 0 ? "" : i + 1 < count ? ", " : IN(language, " und ", " and ");
		int n = snprintf(buffer + at, size - at, "%s%s", separator, items[i]);

		at = n < 0 ? at : (size_t)n >= size - at ? size - 1 : at + (size_t)n;
	}
}

void cldap_report_findings(const struct service_answer *answer, bool local_only, bool unanswered,
			   enum language language, struct prose *prose)
{
	const struct cldap_detail *detail = cldap_detail_of(answer);
	char amplification[320], leaks[LEAK_ITEMS * LEAK_ITEM_MAX];

	probe_amplification_sentence(answer, local_only, &request_words, language, amplification, sizeof(amplification));
	if (!*amplification && unanswered)
		snprintf(amplification, sizeof(amplification), "%s", IN(language,
			"Der Domänencontroller beantwortete bei der Prüfung keine CLDAP-Suchanfrage.",
			"The domain controller did not answer a CLDAP search during the scan."));
	if (!cldap_answered(detail) && !*amplification)
		return;
	fputc('\n', prose->out);
	leaks_format(detail, language, leaks, sizeof(leaks));
	if (cldap_answered(detail) && *leaks)
		prose_paragraph(prose, 2, IN(language,
			"Der Samba-Domänencontroller beantwortete über UDP eine CLDAP-Suchanfrage nach dem Root-DSE (%zu Attribute) und gab dabei %s preis. %s",
			"The Samba domain controller answered a CLDAP search for the root DSE over UDP (%zu attributes), giving away %s. %s"),
			detail->dse.attribute_count, leaks, amplification);
	else
		prose_paragraph(prose, 2, "%s", amplification);
	if (!cldap_answered(detail))
		return;
	fputc('\n', prose->out);
	prose_paragraph(prose, 2, "%s", IN(language,
		"Die Mitglieder der Domäne brauchen CLDAP (Port 389/udp), um ihren Domänencontroller zu finden; "
		"darum wird der Dienst nie gestoppt, sondern nur für die Netze der Mitglieder offen gehalten. "
		"Dauerhaft lässt sich auch Samba selbst umstellen: „interfaces = <Netze der Mitglieder>“ mit "
		"„bind interfaces only = yes“ im Abschnitt [global] der /etc/samba/smb.conf, oder Port 389/udp "
		"in der Firewall nur für die Netze der Mitglieder öffnen.",
		"The domain's members need CLDAP (port 389/udp) to find their domain controller, so the service "
		"is never stopped, only kept open to the members' networks. An owner may also prefer to change "
		"Samba itself: \"interfaces = <the members' networks>\" with \"bind interfaces only = yes\" in "
		"[global] of /etc/samba/smb.conf, or a firewall that opens port 389/udp to the members' networks alone."));
}

bool cldap_report_appendix(const struct service_answer *answer, char letter, bool before, struct prose *prose)
{
	const struct cldap_detail *detail = cldap_detail_of(answer);
	const struct cldap_root_dse *dse = &detail->dse;

	if (!cldap_answered(detail))
		return false;
	prose_paragraph(prose, 0, "%c. %s", letter, before
			? "Root-DSE vor der Änderung / Root DSE before the change (CLDAP, 389/udp):"
			: "Root-DSE / Root DSE (CLDAP, 389/udp):");
	if (dse->dns_host_name[0])
		prose_line(prose, "  dnsHostName: %s", dse->dns_host_name);
	if (dse->default_naming_context[0])
		prose_line(prose, "  defaultNamingContext: %s", dse->default_naming_context);
	if (dse->server_name[0])
		prose_line(prose, "  serverName: %s", dse->server_name);
	if (dse->ldap_service_name[0])
		prose_line(prose, "  ldapServiceName: %s", dse->ldap_service_name);
	for (size_t i = 0; i < dse->naming_context_count; i++)
		prose_line(prose, "  namingContexts: %s", dse->naming_contexts[i]);
	if (dse->vendor_name[0])
		prose_line(prose, "  vendorName: %s", dse->vendor_name);
	fputc('\n', prose->out);
	return true;
}
