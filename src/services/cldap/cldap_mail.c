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

#include "services/cldap/cldap_mail.h"

static const char *const report_types[] = { "scan_ldap_udp", NULL };
static const char *const report_titles[] = { "Open-LDAP", NULL };
static const char *const names[] = { "CLDAP", NULL };
static const char *const columns[] = { "dns_hostname", NULL };

const struct service_mail cldap_mail = {
	.report_types = report_types,
	.report_titles = report_titles,
	.names = names,
	.columns = columns,
};
