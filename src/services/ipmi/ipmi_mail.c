/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shadowserver's schema (report_schema, reports.json) names scan_ipmi
 * "Open-IPMI", with ipmi_version, the auth columns (none_auth ...
 * userlevel_auth), usernames, nulluser, anon_login and the device's
 * ids besides the common ones; the ones below are IPMI's alone, so
 * either tells it ("version" and "error" other reports have too).
 * CERT-Bund's subject and text say "IPMI". */
#include "config.h"

#include "services/ipmi/ipmi_mail.h"

static const char *const report_types[] = { "scan_ipmi", NULL };
static const char *const report_titles[] = { "Open-IPMI", NULL };
static const char *const names[] = { "IPMI", NULL };
static const char *const columns[] = { "ipmi_version", "none_auth", "md2_auth", "md5_auth", "passkey_auth",
				       "defaultkg", "permessage_auth", "userlevel_auth", "nulluser", "anon_login",
				       "firmwarerev", "manufacturerid", "manufacturername", NULL };

const struct service_mail ipmi_mail = {
	.report_types = report_types,
	.report_titles = report_titles,
	.names = names,
	.columns = columns,
};
