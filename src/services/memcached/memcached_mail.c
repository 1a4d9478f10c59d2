/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shadowserver's schema (report_schema, reports.json) gives the
 * columns: what memcached's "stats" leaks. version and uptime are
 * SNMP's and NTP's too, so only memcached's alone tell it. */
#include "config.h"

#include "services/memcached/memcached_mail.h"

static const char *const report_types[] = { "scan_memcached", NULL };
static const char *const report_titles[] = { "Open-Memcached", NULL };
static const char *const names[] = { "memcached", NULL };
static const char *const columns[] = { "pointer_size", "curr_connections", "total_connections", NULL };

const struct service_mail memcached_mail = {
	.report_types = report_types,
	.report_titles = report_titles,
	.names = names,
	.columns = columns,
};
