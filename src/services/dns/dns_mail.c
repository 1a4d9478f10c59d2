/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shadowserver's schema (report_schema, reports.json) gives scan_dns and
 * scan6_dns ("DNS-Open-Resolvers") the columns dns_version and
 * min_amplification besides the common ones; both are the open
 * resolver's alone, so either tells it. CERT-Bund's subject says
 * "Offener DNS-Resolver" ("Open DNS resolver"). */
#include "config.h"

#include "services/dns/dns_mail.h"

static const char *const report_types[] = { "scan_dns", "scan6_dns", NULL };
static const char *const report_titles[] = { "DNS-Open-Resolvers", "IPv6-DNS-Open-Resolvers", NULL };
static const char *const names[] = { "DNS-Resolver", "DNS resolver", "Open-Resolver", "Open Resolver", NULL };
static const char *const columns[] = { "dns_version", "min_amplification", NULL };

const struct service_mail dns_mail = {
	.report_types = report_types,
	.report_titles = report_titles,
	.names = names,
	.columns = columns,
};
