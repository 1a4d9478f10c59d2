/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shadowserver's schema (report_schema, reports.json) gives scan_netbios
 * the columns mac_address, workgroup, machine_name, username,
 * response_size and amplification; CERT-Bund's NetBIOS rows add
 * workgroup and machine_name. mac_address, response_size and
 * amplification are other reports' too, so only workgroup and
 * machine_name tell it. */
#include "config.h"

#include "services/netbios/netbios_mail.h"

static const char *const report_types[] = { "scan_netbios", NULL };
static const char *const report_titles[] = { "Open-NetBIOS-Nameservice", NULL };
static const char *const names[] = { "NetBIOS", "nmbd", NULL };
static const char *const columns[] = { "workgroup", "machine_name", NULL };

const struct service_mail netbios_mail = {
	.report_types = report_types,
	.report_titles = report_titles,
	.names = names,
	.columns = columns,
};
