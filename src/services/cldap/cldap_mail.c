/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shadowserver's schema gives scan_ldap_udp ("Open-LDAP", the root DSE
 * over UDP) the root DSE's attributes as columns: dns_host_name,
 * default_naming_context, naming_contexts, ldap_service_name,
 * server_name, domain_controller_functionality and more, with size and
 * amplification; CERT-Bund's CLDAP rows add dns_hostname. scan_ldap_tcp
 * (LDAP over TCP, no amplifier) has the same attribute columns, so they
 * tell the service only with the report type or the subject; CERT-Bund's
 * dns_hostname is CLDAP's alone. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "services/cldap/cldap_mail.h"
#include "services/cldap/cldap_probe.h"

/* The DC's name as the row gives it: CERT-Bund's dns_hostname,
 * Shadowserver's dns_host_name. */
static const char *row_dc_name(const struct service_column *columns, size_t count)
{
	for (size_t i = 0; i < count; i++)
		if ((strcmp(columns[i].name, "dns_hostname") == 0 || strcmp(columns[i].name, "dns_host_name") == 0) &&
		    columns[i].value && columns[i].value[0])
			return columns[i].value;
	return NULL;
}

/* Whether the reported DC is the one that answered here. */
static void report_row(const struct service_column *columns, size_t count, bool here,
		       const struct service_answer *answer, size_t restricted_ports, enum language language,
		       struct prose *prose)
{
	const char *reported = row_dc_name(columns, count);
	const char *own = answer && answer->probe == &cldap_probe ? cldap_detail_of(answer)->dse.dns_host_name : "";

	(void)restricted_ports;
	if (!reported || !here || !own[0])
		return;
	if (strcasecmp(reported, own) == 0)
		prose_paragraph(prose, 4, IN(language,
			"Der gemeldete Domänencontroller „%s“ ist dieser Server; so nannte er sich auch bei der Prüfung.",
			"The reported domain controller \"%s\" is this server; it gave the same name during the scan."),
			reported);
	else
		prose_paragraph(prose, 4, IN(language,
			"Die Meldung nennt den Domänencontroller „%s“; dieser Server nannte sich bei der Prüfung „%s“.",
			"The report names the domain controller \"%s\"; this server called itself \"%s\" during the scan."),
			reported, own);
}

static const char *const report_types[] = { "scan_ldap_udp", NULL };
static const char *const report_titles[] = { "Open-LDAP", NULL };
static const char *const names[] = { "CLDAP", NULL };
static const char *const columns[] = { "dns_hostname", NULL };

const struct service_mail cldap_mail = {
	.report_types = report_types,
	.report_titles = report_titles,
	.names = names,
	.columns = columns,
	.report_row = report_row,
};
