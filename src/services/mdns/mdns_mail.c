/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shadowserver's schema (report_schema, reports.json) gives the
 * columns; the row's own columns are kept as they are ("columns" in the
 * record). "services" is not listed: its name is too common to tell. */
#include "config.h"

#include "services/mdns/mdns_mail.h"

static const char *const report_types[] = { "scan_mdns", NULL };
static const char *const report_titles[] = { "Open-mDNS", NULL };
static const char *const names[] = { "mDNS", "Multicast DNS", "avahi", NULL };
static const char *const columns[] = {
	"workstation_info", "mdns_name", "mdns_ipv4", "mdns_ipv6", "workstation_name", "workstation_ipv4",
	"workstation_ipv6", "http_name", "http_ipv4", "http_ipv6", "http_ptr", "http_info", "http_target",
	"http_port", "spotify_name", "spotify_ipv4", "spotify_ipv6", "opc_ua_discovery", NULL,
};

const struct service_mail mdns_mail = {
	.report_types = report_types,
	.report_titles = report_titles,
	.names = names,
	.columns = columns,
};
