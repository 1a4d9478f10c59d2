/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shadowserver's schema (report_schema, reports.json) gives the
 * columns; version and uptime are memcached's and NTP's too, so only
 * SNMP's alone tell it. */
#include "config.h"

#include "services/snmp/snmp_mail.h"

static const char *const report_types[] = { "scan_snmp", "scan6_snmp", NULL };
static const char *const report_titles[] = { "Open-SNMP", "Open-SNMP (IPv6)", NULL };
static const char *const names[] = { "SNMP", "snmpd", NULL };
/* Only SNMP's own: the device_* fingerprint columns, mac_address and
 * vendor_id are in many of Shadowserver's reports. */
static const char *const columns[] = { "sysdesc", "sysname", "community", NULL };

const struct service_mail snmp_mail = {
	.report_types = report_types,
	.report_titles = report_titles,
	.names = names,
	.columns = columns,
};
