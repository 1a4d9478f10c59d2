/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shadowserver's schema (report_schema, reports.json) gives scan_ssdp's
 * columns: the headers of the reply (header, systime, cache_control,
 * location, server, search_target, unique_service_name, host, nts, ...);
 * CERT-Bund's SSDP CSV adds server. Of those, header, host, version and
 * instance are too general to tell the service by. */
#include "config.h"

#include "services/ssdp/ssdp_mail.h"

static const char *const report_types[] = { "scan_ssdp", "scan6_ssdp", NULL };
static const char *const report_titles[] = { "Open-SSDP", "Open-SSDP (IPv6)", NULL };
static const char *const names[] = { "SSDP", "UPnP", "minissdpd", NULL };
static const char *const columns[] = {
	"server", "search_target", "unique_service_name", "location", "cache_control", "systime", "nts", NULL,
};

const struct service_mail ssdp_mail = {
	.report_types = report_types,
	.report_titles = report_titles,
	.names = names,
	.columns = columns,
};
