/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shadowserver's schema (report_schema, reports.json) names
 * scan_ws_discovery "Accessible-WS-Discovery-Service" with the columns
 * response_size, amplification, error and raw_response (the reply,
 * base64) besides the common ones. response_size, amplification and
 * error are too common to tell a report by; raw_response is the only
 * one no other service of the table has. */
#include "config.h"

#include "services/wsd/wsd_mail.h"

static const char *const report_types[] = { "scan_ws_discovery", NULL };
static const char *const report_titles[] = { "Accessible-WS-Discovery-Service", NULL };
static const char *const names[] = { "WS-Discovery", "WSD", NULL };
static const char *const columns[] = { "raw_response", NULL };

const struct service_mail wsd_mail = {
	.report_types = report_types,
	.report_titles = report_titles,
	.names = names,
	.columns = columns,
};
