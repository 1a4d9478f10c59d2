/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shadowserver's schema (report_schema, reports.json) gives the
 * columns: scan_ntp's are ntpd's system variables (mode 6 READVAR),
 * scan_ntpmonitor has only packets besides the sizes (mode 7 monlist). */
#include "config.h"

#include "services/ntp/ntp_mail.h"

static const char *const report_types[] = { "scan_ntp", "scan6_ntp", "scan_ntpmonitor", "scan6_ntpmonitor", NULL };
static const char *const report_titles[] = { "NTP-Version", "NTP-Version (IPv6)", "NTP-Monitor", "NTP-Monitor (IPv6)",
					     NULL };
static const char *const names[] = { "NTP", "ntpd", "monlist", NULL };
static const char *const columns[] = {
	"clk_wander", "clock", "frequency", "jitter", "leap", "mintc", "noise", "offset", "peer", "phase", "poll",
	"precision", "processor", "refid", "reftime", "rootdelay", "rootdispersion", "stability", "stratum",
	"system", "tai", "tc", "packets", NULL,
};

const struct service_mail ntp_mail = {
	.report_types = report_types,
	.report_titles = report_titles,
	.names = names,
	.columns = columns,
};
