/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The CLDAP service's answer for people: what the root DSE tells anyone
 * (the DC's DNS name, the domain, its site, the naming contexts), in
 * check's section and in probe HOST. */
#include "config.h"

#include <stdio.h>

#include "services/cldap/cldap_probe.h"
#include "services/probe_net.h"

static void leak_print(const struct cldap_detail *detail, FILE *out)
{
	const struct cldap_root_dse *dse = &detail->dse;
	char site[CLDAP_TEXT_MAX], domain[CLDAP_TEXT_MAX];

	if (!cldap_answered(detail))
		return;
	cldap_site_name(dse, site, sizeof(site));
	cldap_domain_name(dse, domain, sizeof(domain));
	fprintf(out, "Root DSE: %zu attributes; DC %s, domain %s, site %s\n", dse->attribute_count,
		dse->dns_host_name[0] ? dse->dns_host_name : "-", domain[0] ? domain : "-", site[0] ? site : "-");
	if (dse->default_naming_context[0])
		fprintf(out, "  defaultNamingContext: %s\n", dse->default_naming_context);
	if (dse->ldap_service_name[0])
		fprintf(out, "  ldapServiceName: %s\n", dse->ldap_service_name);
	for (size_t i = 0; i < dse->naming_context_count; i++)
		fprintf(out, "  namingContexts: %s\n", dse->naming_contexts[i]);
	if (dse->supported_ldap_version[0])
		fprintf(out, "  supportedLDAPVersion: %s\n", dse->supported_ldap_version);
	if (dse->vendor_name[0])
		fprintf(out, "  vendorName: %s\n", dse->vendor_name);
}

static void sizes_print(const struct service_answer *answer, FILE *out)
{
	const struct cldap_detail *detail = cldap_detail_of(answer);

	fprintf(out, "Root DSE search of %zu bytes: %s", answer->request_bytes, probe_status_text(detail->status));
	if (answer->reply_bytes)
		fprintf(out, " (%zu bytes in %zu datagram%s); amplification %.2fx\n", answer->reply_bytes, detail->datagrams,
			detail->datagrams == 1 ? "" : "s", answer->amplification);
	else
		fprintf(out, "; no amplification\n");
}

void cldap_answer_print(const struct service_answer *answer, FILE *out)
{
	const struct cldap_detail *detail = cldap_detail_of(answer);

	if (!cldap_answered(detail)) {
		fprintf(out, "The AD DC at %s did not answer a CLDAP root DSE search (%s).\n",
			answer->peer[0] ? answer->peer : "127.0.0.1", probe_status_text(detail->status));
		return;
	}
	fprintf(out, "The AD DC at %s answers a CLDAP root DSE search over UDP.\n", answer->peer);
	leak_print(detail, out);
	sizes_print(answer, out);
}

void cldap_probe_print(const struct service_answer *answer, uint16_t port, bool open, FILE *out)
{
	const struct cldap_detail *detail = cldap_detail_of(answer);

	fprintf(out, "UDP: %s\n", open ? "open" : "closed");
	sizes_print(answer, out);
	leak_print(detail, out);
	if (open)
		fprintf(out, "\nVerdict: OPEN - %s answers a CLDAP root DSE search on port %u/udp from here%s%s, amplification %.2fx.\n",
			answer->peer, port, detail->dse.dns_host_name[0] ? " and leaks the DC's name " : "",
			detail->dse.dns_host_name, answer->amplification);
	else
		fprintf(out, "\nVerdict: closed (%s) - no CLDAP service answers a root DSE search on port %u/udp of %s from here.\n",
			cldap_probe.closed_because(answer), port, answer->peer);
}
